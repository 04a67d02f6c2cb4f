import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../core/errors.js';
import { buildTar, chunked } from '../../../test/support/tar.js';
import { safeEntryPath, walkLayer, type LayerWalkOptions } from './layer.js';
import { Overlay } from './overlay.js';

const claimEnv: LayerWalkOptions = {
  claim: (p) => p.endsWith('.env') || p === 'etc/passwd',
  maxFileSize: 64,
};

describe('safeEntryPath', () => {
  it.each([
    ['./etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['etc//ssl/./certs/', 'etc/ssl/certs'],
    ['usr/lib/../bin/sh', 'usr/bin/sh'],
    ['../etc/shadow', undefined],
    ['a/../../x', undefined],
    ['.', ''],
  ])('%j -> %j', (name, want) => {
    expect(safeEntryPath(name)).toBe(want);
  });
});

describe('walkLayer', () => {
  it.each([false, true])(
    'reads entries, claims files under the cap and sees whiteouts (gzip: %s)',
    async (gzip) => {
      const layer = await buildTar(
        [
          { name: 'etc/', type: 'directory', mode: 0o755 },
          { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 },
          { name: 'app/.env', content: 'TOKEN=abc\n' },
          { name: 'app/big.env', content: 'x'.repeat(100) },
          { name: 'usr/bin/su', content: 'ELF', mode: 0o4755 },
          { name: 'usr/bin/sh', type: 'symlink', linkname: '/bin/busybox' },
          { name: 'usr/bin/ash', type: 'link', linkname: 'usr/bin/su' },
          { name: 'tmp/.wh.old.key' },
          { name: 'var/cache/.wh..wh..opq' },
          { name: '../escape', content: 'nope' },
          { name: `deep/${'d'.repeat(120)}/file.env`, content: 'LONG=1' },
        ],
        { gzip },
      );
      const r = await walkLayer(chunked(layer), 'layer 0', claimEnv);
      expect(r.entries.map((e) => [e.path, e.type])).toEqual([
        ['etc', 'dir'],
        ['etc/passwd', 'file'],
        ['app/.env', 'file'],
        ['app/big.env', 'file'],
        ['usr/bin/su', 'file'],
        ['usr/bin/sh', 'symlink'],
        ['usr/bin/ash', 'hardlink'],
        [`deep/${'d'.repeat(120)}/file.env`, 'file'],
      ]);
      expect(r.entries.find((e) => e.path === 'usr/bin/su')?.mode).toBe(0o4755);
      expect(r.entries.find((e) => e.path === 'usr/bin/ash')?.linkTarget).toBe('usr/bin/su');
      expect([...r.files.keys()]).toEqual(['etc/passwd', 'app/.env', `deep/${'d'.repeat(120)}/file.env`]);
      expect(r.files.get('app/.env')?.toString()).toBe('TOKEN=abc\n');
      expect(r.whiteouts).toEqual([
        { path: 'tmp/old.key', opaque: false },
        { path: 'var/cache', opaque: true },
      ]);
      expect(r.unsafe).toEqual(['../escape']);
      expect(r.bytesIn).toBe(layer.length);
    },
  );

  it('a corrupt gzip stream or a truncated tar is a TARGET_UNREADABLE error naming the layer', async () => {
    const good = await buildTar([{ name: 'a', content: 'x'.repeat(5000) }], { gzip: true });
    const corrupt = Buffer.concat([good.subarray(0, 20), Buffer.alloc(200, 7)]);
    await expect(walkLayer(chunked(corrupt), 'layer 3', claimEnv)).rejects.toThrow(BulkheadError);
    await expect(walkLayer(chunked(corrupt), 'layer 3', claimEnv)).rejects.toThrow(
      /^layer 3: corrupt or truncated layer/,
    );
    const tar = await buildTar([{ name: 'a', content: 'x'.repeat(5000) }]);
    await expect(walkLayer(chunked(tar.subarray(0, 1200)), 'layer 4', claimEnv)).rejects.toThrow(
      /layer 4: corrupt or truncated/,
    );
  });

  it('an empty layer has no entries', async () => {
    const r = await walkLayer(chunked(Buffer.alloc(0)), 'layer 0', claimEnv);
    expect(r.entries).toEqual([]);
  });
});

describe('Overlay', () => {
  const file = (path: string) => ({ path, type: 'file' as const, mode: 0o644, size: 1, uid: 0, gid: 0 });

  it('applies whiteouts and opaque folders to lower layers only, and keeps what was deleted', () => {
    const o = new Overlay();
    o.apply(0, {
      entries: [file('app/.env'), file('var/cache/a'), file('var/cache/b'), file('etc/passwd')],
      whiteouts: [],
    });
    o.apply(1, {
      entries: [file('var/cache/c'), file('etc/passwd')],
      whiteouts: [
        { path: 'app/.env', opaque: false },
        { path: 'var/cache', opaque: true },
      ],
    });
    expect([...o.files()].map(([p, r]) => [p, r.layer]).sort()).toEqual([
      ['etc/passwd', 1],
      ['var/cache/c', 1],
    ]);
    expect(o.deleted().map((r) => [r.entry.path, r.layer, r.deletedBy])).toEqual([
      ['app/.env', 0, 1],
      ['var/cache/a', 0, 1],
      ['var/cache/b', 0, 1],
      ['etc/passwd', 0, 1],
    ]);
  });

  it('a whiteout of a folder removes everything under it', () => {
    const o = new Overlay();
    o.apply(0, {
      entries: [file('root/.ssh/id_rsa'), file('root/.ssh/known_hosts'), file('root/.bashrc')],
      whiteouts: [],
    });
    o.apply(1, { entries: [], whiteouts: [{ path: 'root/.ssh', opaque: false }] });
    expect([...o.files().keys()]).toEqual(['root/.bashrc']);
    expect(o.deleted().map((r) => r.entry.path)).toEqual(['root/.ssh/id_rsa', 'root/.ssh/known_hosts']);
  });
});
