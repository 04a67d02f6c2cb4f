import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../../core/errors.js';
import { isBdbHash, readBdbBlobs } from './bdb.js';

const LIBUUID = readFileSync(
  join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rpmdb', 'libuuid', 'Packages'),
);
const PAGE = 4096;

/**
 * A minimal Berkeley DB hash file in either byte order: a metadata page, one hash page holding
 * {key: header number, value} pairs, values longer than `inlineMax` on overflow pages.
 */
function bdbFile(
  records: [number, Buffer][],
  opts: { le?: boolean; pageSize?: number; inlineMax?: number } = {},
) {
  const le = opts.le ?? true;
  const ps = opts.pageSize ?? 512;
  const inlineMax = opts.inlineMax ?? 64;
  const pages: Buffer[] = [Buffer.alloc(ps), Buffer.alloc(ps)];
  const w32 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  const w16 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const overflow = (value: Buffer): number => {
    const first = pages.length;
    for (let at = 0; at < value.length; at += ps - 26) {
      const p = Buffer.alloc(ps);
      const chunk = value.subarray(at, at + ps - 26);
      w32(p, pages.length, 8);
      w32(p, at + chunk.length < value.length ? pages.length + 1 : 0, 16);
      w16(p, chunk.length, 22);
      p[25] = 7;
      chunk.copy(p, 26);
      pages.push(p);
    }
    return first;
  };
  const hash = pages[1] as Buffer;
  w32(hash, 1, 8);
  hash[25] = 13;
  let top = ps;
  let n = 0;
  const item = (bytes: Buffer) => {
    top -= bytes.length;
    bytes.copy(hash, top);
    w16(hash, top, 26 + 2 * n++);
  };
  for (const [key, value] of records) {
    const k = Buffer.alloc(5);
    k[0] = 1;
    w32(k, key, 1);
    item(k);
    if (value.length <= inlineMax) {
      item(Buffer.concat([Buffer.from([1]), value]));
    } else {
      const v = Buffer.alloc(12);
      v[0] = 3;
      w32(v, overflow(value), 4);
      w32(v, value.length, 8);
      item(v);
    }
  }
  w16(hash, n, 20);
  const meta = pages[0] as Buffer;
  w32(meta, 0x061561, 12);
  w32(meta, 9, 16);
  w32(meta, ps, 20);
  w32(meta, pages.length - 1, 32);
  meta[25] = 8;
  return Buffer.concat(pages);
}

const blob = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

/** The page an off-page value starts on, for the first value of the first hash page. */
function firstOverflowPage(bytes: Buffer, ps: number): number {
  for (let pg = 1; pg * ps < bytes.length; pg++) {
    const at = pg * ps;
    if (bytes[at + 25] !== 13 && bytes[at + 25] !== 2) continue;
    const voff = bytes.readUInt16LE(at + 28);
    if (bytes[at + voff] === 3) return bytes.readUInt32LE(at + voff + 4);
  }
  throw new Error('no off-page value');
}

describe('readBdbBlobs', () => {
  it('reads the libuuid header (80 KB over 20 overflow pages), skipping the counter record', () => {
    expect(isBdbHash(LIBUUID)).toBe(true);
    const { blobs, warnings } = readBdbBlobs(LIBUUID);
    expect(warnings).toEqual([]);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.index).toBe(1);
    expect(blobs[0]?.blob.length).toBe(80880);
  });

  it.each([true, false])('reads both byte orders (little-endian: %s), inline and off-page values', (le) => {
    const records: [number, Buffer][] = [
      [0, Buffer.from([0, 0, 0, 9])], // rpm's counter record
      [3, blob(40, 1)],
      [1, blob(3000, 2)],
      [2, blob(486, 3)], // exactly one overflow page
    ];
    const { blobs, warnings } = readBdbBlobs(bdbFile(records, { le }));
    expect(warnings).toEqual([]);
    expect(blobs).toEqual([
      { index: 1, blob: blob(3000, 2) },
      { index: 2, blob: blob(486, 3) },
      { index: 3, blob: blob(40, 1) },
    ]);
  });

  it('an overflow chain that loops is a warning, not a hang', () => {
    const bytes = bdbFile([[1, blob(3000, 1)]]);
    const first = firstOverflowPage(bytes, 512);
    bytes.writeUInt32LE(first, (first + 2) * 512 + 16); // the third page points back at the first
    const { blobs, warnings } = readBdbBlobs(bytes);
    expect(blobs).toEqual([]);
    expect(warnings).toEqual([`package 1: overflow page ${first} is shared with another value`]);
  });

  it('two values sharing one overflow chain: the second is refused', () => {
    const bytes = bdbFile([
      [1, blob(3000, 1)],
      [2, blob(3000, 2)],
    ]);
    // Point the second value's off-page reference at the first value's chain.
    const hash = 512;
    const voff1 = bytes.readUInt16LE(hash + 28);
    const voff2 = bytes.readUInt16LE(hash + 32);
    bytes.writeUInt32LE(bytes.readUInt32LE(hash + voff1 + 4), hash + voff2 + 4);
    const { blobs, warnings } = readBdbBlobs(bytes);
    expect(blobs.map((b) => b.index)).toEqual([1]);
    expect(warnings).toEqual([
      expect.stringMatching(/^package 2: overflow page \d+ is shared with another value$/),
    ]);
  });

  it.each<[string, (b: Buffer) => void, RegExp]>([
    [
      'an off-page length beyond the file',
      (b) => b.writeUInt32LE(0x7fffffff, 512 + b.readUInt16LE(512 + 28) + 8),
      /exceeds the file/,
    ],
    [
      'an overflow page number beyond the file',
      (b) => b.writeUInt32LE(9999, 512 + b.readUInt16LE(512 + 28) + 4),
      /outside the file/,
    ],
    [
      'a chain into a non-overflow page',
      (b) => b.writeUInt32LE(1, 512 + b.readUInt16LE(512 + 28) + 4),
      /not an overflow page/,
    ],
    ['a chain ending early', (b) => b.writeUInt32LE(0, 2 * 512 + 16), /overflow page 0 is outside/],
    [
      'an overflow page claiming too many bytes',
      (b) => b.writeUInt16LE(600, 2 * 512 + 22),
      /holds 600 bytes/,
    ],
    ['an unknown item type', (b) => (b[512 + b.readUInt16LE(512 + 28)] = 5), /unsupported item type 5/],
  ])('%s: a warning naming the package', (_what, damage, message) => {
    const bytes = bdbFile([[7, blob(1500, 1)]]);
    damage(bytes);
    const { blobs, warnings } = readBdbBlobs(bytes);
    expect(blobs).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^package 7: /);
    expect(warnings[0]).toMatch(message);
  });

  it('item offsets out of order: the rest of the page is skipped', () => {
    const bytes = bdbFile([[1, blob(10, 1)]]);
    bytes.writeUInt16LE(600, 512 + 26);
    expect(readBdbBlobs(bytes).warnings).toEqual([
      'page 1: item 0 has offsets out of order, rest of the page skipped',
    ]);
  });

  it('a truncated file: a warning, and the values whose pages remain', () => {
    const bytes = bdbFile([
      [1, blob(20, 1)],
      [2, blob(3000, 2)],
    ]);
    const { blobs, warnings } = readBdbBlobs(bytes.subarray(0, 4 * 512));
    expect(blobs.map((b) => b.index)).toEqual([1]);
    expect(warnings[0]).toMatch(/^the file is truncated: 4 of \d+ pages present/);
    expect(warnings[1]).toMatch(/^package 2: /);
  });

  it.each<[string, Buffer, RegExp]>([
    ['a short file', LIBUUID.subarray(0, 100), /not a Berkeley DB hash database/],
    ['another format', Buffer.alloc(PAGE), /not a Berkeley DB hash database/],
    [
      'an old hash version',
      Buffer.from(LIBUUID).fill(0, 16, 20).fill(5, 16, 17),
      /unsupported Berkeley DB hash version 5/,
    ],
    ['an odd page size', Buffer.from(LIBUUID).fill(0, 20, 24).fill(0x30, 21, 22), /invalid page size 12288/],
    ['no metadata page type', Buffer.from(LIBUUID).fill(0, 25, 26), /not a hash metadata page/],
  ])('throws on %s', (_what, bytes, message) => {
    expect(() => readBdbBlobs(bytes)).toThrow(BulkheadError);
    expect(() => readBdbBlobs(bytes)).toThrow(message);
  });
});
