import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../core/errors.js';
import { buildTar, chunked, type TarEntry } from '../../../test/support/tar.js';
import { safeEntryPath, walkLayer, type LayerEntry, type LayerWalkOptions } from './layer.js';
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

// zstd layers are compressed with the real command line tool: the decoder must read what
// BuildKit, containerd and skopeo write (several blocks, a content checksum).
const ZSTD = '/usr/bin/zstd';
const zstd = (buf: Buffer, level = 3): Buffer =>
  execFileSync(ZSTD, [`-${String(level)}`, '-c', '-q'], { input: buf, maxBuffer: 64 * 1024 * 1024 });
const sha256 = (buf: Buffer): string => `sha256:${createHash('sha256').update(buf).digest('hex')}`;

// Text that compresses, but not to nothing: several zstd blocks for a few hundred KiB.
let seed = 7;
const text = (n: number): string => {
  let out = '';
  while (out.length < n) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += `line ${String(seed % 977)} ${seed.toString(36)}\n`;
  }
  return out.slice(0, n);
};

const ENTRIES: TarEntry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 },
  { name: 'app/.env', content: 'TOKEN=abc\n' },
  { name: 'app/big.env', content: 'x'.repeat(100) },
  { name: 'usr/bin/su', content: 'ELF', mode: 0o4755 },
  { name: 'usr/bin/sh', type: 'symlink', linkname: '/bin/busybox' },
  { name: 'tmp/.wh.old.key' },
  { name: 'var/cache/.wh..wh..opq' },
];

describe('walkLayer: zstd layers (compressed with the zstd command; .ci/run installs it)', () => {
  it('reads entries, claimed contents and whiteouts', async () => {
    const tar = await buildTar(ENTRIES);
    const layer = zstd(tar);
    expect(layer.subarray(0, 4)).toEqual(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    const r = await walkLayer(chunked(layer, 37), 'layer 0', claimEnv);
    expect(r.entries.map((e) => [e.path, e.type])).toEqual([
      ['etc', 'dir'],
      ['etc/passwd', 'file'],
      ['app/.env', 'file'],
      ['app/big.env', 'file'],
      ['usr/bin/su', 'file'],
      ['usr/bin/sh', 'symlink'],
    ]);
    expect(r.entries.find((e) => e.path === 'usr/bin/su')?.mode).toBe(0o4755);
    expect([...r.files.keys()]).toEqual(['etc/passwd', 'app/.env']);
    expect(r.files.get('app/.env')?.toString()).toBe('TOKEN=abc\n');
    expect(r.whiteouts).toEqual([
      { path: 'tmp/old.key', opaque: false },
      { path: 'var/cache', opaque: true },
    ]);
    expect(r.bytesIn).toBe(layer.length);
  });

  it('large files across many blocks and chunks come out intact', async () => {
    const big = text(600_000);
    const tar = await buildTar([
      { name: 'app/data.txt', content: big },
      { name: 'app/after.txt', content: 'after' },
    ]);
    const layer = zstd(tar, 1);
    const r = await walkLayer(chunked(layer, 4096), 'layer 1', { claim: () => true, maxFileSize: 1_000_000 });
    expect(r.files.get('app/data.txt')?.toString()).toBe(big);
    expect(r.files.get('app/after.txt')?.toString()).toBe('after');
    expect(r.entries.find((e) => e.path === 'app/data.txt')?.size).toBe(600_000);
  });

  it('a truncated zstd layer is a TARGET_UNREADABLE error naming the layer', async () => {
    const layer = zstd(await buildTar([{ name: 'a', content: text(200_000) }]));
    const cut = layer.subarray(0, Math.floor(layer.length / 2));
    const err: unknown = await walkLayer(chunked(cut), 'layer 5', claimEnv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkheadError);
    expect(err).toMatchObject({ code: 'TARGET_UNREADABLE' });
    expect((err as Error).message).toMatch(/^layer 5: corrupt or truncated layer/);
  });

  it('a zstd header followed by garbage is a TARGET_UNREADABLE error', async () => {
    const bad = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(300, 0xee)]);
    await expect(walkLayer(chunked(bad), 'layer 6', claimEnv)).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(/^layer 6: corrupt or truncated layer/) as unknown,
    });
  });

  it('the diff ID is checked against the uncompressed tar', async () => {
    const tar = await buildTar(ENTRIES);
    const layer = zstd(tar);
    const ok = await walkLayer(chunked(layer), 'layer 0', { ...claimEnv, diffId: sha256(tar) });
    expect(ok.entries).toHaveLength(6);
    // The digest of the compressed blob is not the diff ID.
    await expect(
      walkLayer(chunked(layer), 'layer 0', { ...claimEnv, diffId: sha256(layer) }),
    ).rejects.toThrow(/^layer 0 \(uncompressed\): content does not match its digest sha256:/);
  });
});

describe('walkLayer options', () => {
  it.each([
    ['plain', false],
    ['gzip', true],
  ])('a correct diff ID passes, a wrong one fails (%s)', async (_name, gzip) => {
    const tar = await buildTar(ENTRIES);
    const layer = await buildTar(ENTRIES, { gzip });
    const ok = await walkLayer(chunked(layer), 'layer 2', { ...claimEnv, diffId: sha256(tar) });
    expect(ok.entries.map((e) => e.path)).toContain('etc/passwd');
    const wrong = sha256(Buffer.from('something else'));
    const err: unknown = await walkLayer(chunked(layer), 'layer 2', { ...claimEnv, diffId: wrong }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BulkheadError);
    expect(err).toMatchObject({ code: 'TARGET_UNREADABLE' });
    expect((err as Error).message).toContain(
      `layer 2 (uncompressed): content does not match its digest ${wrong}`,
    );
  });

  it('a malformed diff ID is rejected', async () => {
    const layer = await buildTar(ENTRIES);
    await expect(
      walkLayer(chunked(layer), 'layer 2', { ...claimEnv, diffId: 'sha256:1234' }),
    ).rejects.toThrow(/invalid digest/);
  });

  it('onFile receives each claimed file as it is read; files then stays empty', async () => {
    const seen: [LayerEntry, string][] = [];
    const r = await walkLayer(chunked(await buildTar(ENTRIES, { gzip: true })), 'layer 0', {
      ...claimEnv,
      onFile: (entry, bytes) => {
        seen.push([entry, bytes.toString()]);
      },
    });
    expect(seen.map(([e, b]) => [e.path, e.mode, b])).toEqual([
      ['etc/passwd', 0o644, 'root:x:0:0::/root:/bin/sh\n'],
      ['app/.env', 0o644, 'TOKEN=abc\n'],
    ]);
    expect(seen[0]?.[0]).toBe(r.entries[1]);
    expect(r.files.size).toBe(0);
    expect(r.entries).toHaveLength(6);
  });

  it('onProgress is called with the growing count of compressed bytes read', async () => {
    const layer = await buildTar([{ name: 'a', content: text(50_000) }], { gzip: true });
    const counts: number[] = [];
    const r = await walkLayer(chunked(layer, 1000), 'layer 0', {
      ...claimEnv,
      onProgress: (n) => counts.push(n),
    });
    expect(counts.length).toBe(Math.ceil(layer.length / 1000));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1] ?? Infinity);
    expect(counts.at(-1)).toBe(layer.length);
    expect(r.bytesIn).toBe(layer.length);
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
