import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/cli.js';
import { buildTar } from '../../../test/support/tar.js';
import { indexTar, openMember } from './tar-index.js';

async function read(it: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of it) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

const long = `blobs/sha256/${'a'.repeat(64)}/${'n'.repeat(80)}`;

describe('indexTar', () => {
  it('indexes files (PAX long names included) and streams each from its byte range', async () => {
    const dir = tempDir('bulkhead-tar-');
    const file = join(dir, 'a.tar');
    writeFileSync(
      file,
      await buildTar([
        { name: 'manifest.json', content: '[{"Config":"c.json"}]' },
        { name: 'dir/', type: 'directory' },
        { name: 'empty' },
        { name: long, content: 'x'.repeat(1500) },
        { name: './c.json', content: '{}' },
      ]),
    );
    const idx = await indexTar(file);
    expect([...idx.keys()]).toEqual(['manifest.json', 'empty', long, 'c.json']);
    expect(await read(openMember(file, idx.get('manifest.json') ?? { offset: 0, size: 0 }))).toBe(
      '[{"Config":"c.json"}]',
    );
    expect(await read(openMember(file, idx.get(long) ?? { offset: 0, size: 0 }))).toBe('x'.repeat(1500));
    expect(await read(openMember(file, idx.get('empty') ?? { offset: 0, size: 1 }))).toBe('');
  });

  it.each(['gnu', 'posix', 'ustar'])('reads archives written by GNU tar (--format=%s)', async (format) => {
    const dir = tempDir('bulkhead-gnutar-');
    const src = join(dir, 'src');
    const deep = format === 'ustar' ? 'd'.repeat(60) : 'd'.repeat(120);
    mkdirSync(join(src, deep), { recursive: true });
    writeFileSync(join(src, deep, 'file.txt'), 'hello');
    execFileSync('tar', [`--format=${format}`, '-cf', join(dir, 'g.tar'), '-C', src, '.']);
    const idx = await indexTar(join(dir, 'g.tar'));
    const m = idx.get(`${deep}/file.txt`);
    expect(m).toBeDefined();
    expect(await read(openMember(join(dir, 'g.tar'), m ?? { offset: 0, size: 0 }))).toBe('hello');
  });

  it('a truncated or non-tar file is a clear error', async () => {
    const dir = tempDir('bulkhead-tarbad-');
    const tar = await buildTar([{ name: 'a', content: 'x'.repeat(3000) }]);
    writeFileSync(join(dir, 'cut.tar'), tar.subarray(0, 1024));
    await expect(indexTar(join(dir, 'cut.tar'))).rejects.toThrow(/truncated tar archive/);
    writeFileSync(join(dir, 'junk.tar'), Buffer.alloc(2048, 65));
    await expect(indexTar(join(dir, 'junk.tar'))).rejects.toThrow(/not a tar archive or corrupt/);
    await expect(indexTar(join(dir, 'missing.tar'))).rejects.toThrow(/no such file/);
  });
});
