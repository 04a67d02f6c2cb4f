import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../../core/errors.js';
import { isNdb, readNdbBlobs } from './ndb.js';

const SLE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rpmdb', 'sle15-bci', 'Packages.db'),
);

// Slot n (counting the two the file header takes) is at n * 16: {magic, pkgIndex, blkOffset, blkCount}.
const slotAt = (n: number): number => n * 16;
const copy = (): Buffer => Buffer.from(SLE);

describe('readNdbBlobs', () => {
  it('reads the 35 blobs of SLE 15 BCI, ordered by package index', () => {
    expect(isNdb(SLE)).toBe(true);
    const { blobs, warnings } = readNdbBlobs(SLE);
    expect(warnings).toEqual([]);
    expect(blobs).toHaveLength(35);
    const indexes = blobs.map((b) => b.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    // Each blob is an rpm header whose size is 8 + 16 * il + dl.
    for (const { blob } of blobs) {
      const b = Buffer.from(blob);
      expect(b.length).toBe(8 + 16 * b.readUInt32BE(0) + b.readUInt32BE(4));
    }
  });

  it('a slot pointing at another package`s blob: a warning', () => {
    const bytes = copy();
    bytes.writeUInt32LE(bytes.readUInt32LE(slotAt(3) + 8), slotAt(2) + 8);
    bytes.writeUInt32LE(bytes.readUInt32LE(slotAt(3) + 12), slotAt(2) + 12);
    const { blobs, warnings } = readNdbBlobs(bytes);
    expect(blobs).toHaveLength(34);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^package \d+: (the blob belongs to package \d+|its blob overlaps package \d+'s, skipped)$/,
    );
  });

  it('many slots pointing at one blob are read once', () => {
    const bytes = copy();
    let overwritten = 0;
    for (let n = 3; n < 30; n++) {
      if (bytes.readUInt32LE(slotAt(n) + 8) !== 0) overwritten++;
      bytes.writeUInt32LE(bytes.readUInt32LE(slotAt(2) + 4), slotAt(n) + 4);
      bytes.writeUInt32LE(bytes.readUInt32LE(slotAt(2) + 8), slotAt(n) + 8);
      bytes.writeUInt32LE(bytes.readUInt32LE(slotAt(2) + 12), slotAt(n) + 12);
    }
    const { blobs, warnings } = readNdbBlobs(bytes);
    expect(blobs).toHaveLength(35 - overwritten);
    expect(new Set(blobs.map((b) => b.index)).size).toBe(blobs.length);
    expect(warnings.filter((w) => w.endsWith('skipped'))).toHaveLength(27);
  });

  it.each<[string, (b: Buffer) => void, RegExp]>([
    [
      'a damaged blob head',
      (b) => b.writeUInt32LE(0, b.readUInt32LE(slotAt(2) + 8) * 16),
      /^package \d+: bad blob magic$/,
    ],
    [
      'a wrong blob length',
      (b) => b.writeUInt32LE(5, b.readUInt32LE(slotAt(2) + 8) * 16 + 12),
      /^package \d+: blob length 5 does not match its \d+ blocks$/,
    ],
    [
      'a damaged blob tail',
      (b) => b.writeUInt32LE(0, (b.readUInt32LE(slotAt(2) + 8) + b.readUInt32LE(slotAt(2) + 12)) * 16 - 4),
      /^package \d+: bad blob tail$/,
    ],
    ['a blob inside the slot pages', (b) => b.writeUInt32LE(10, slotAt(2) + 8), /inside the slot pages/],
    ['a blob past the end', (b) => b.writeUInt32LE(0x7fffffff, slotAt(2) + 8), /past the end of the file/],
    [
      'a blob of no blocks',
      (b) => b.writeUInt32LE(0, slotAt(2) + 12),
      /damaged \(package \d+, 0 blocks\), skipped/,
    ],
  ])('%s: a warning, the other packages read', (_what, damage, message) => {
    const bytes = copy();
    damage(bytes);
    const { blobs, warnings } = readNdbBlobs(bytes);
    expect(blobs).toHaveLength(34);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(message);
  });

  it('a bad slot magic stops the slot scan with a warning (rpm refuses the whole file)', () => {
    const bytes = copy();
    bytes.write('XXXX', slotAt(10), 'latin1');
    const { blobs, warnings } = readNdbBlobs(bytes);
    expect(blobs.length).toBe(8);
    expect(warnings).toEqual(['slot 10 has a bad magic; the remaining slots are not read']);
  });

  it.each<[string, Buffer, RegExp]>([
    ['another format', Buffer.alloc(64), /not an rpm NDB database/],
    ['a short file', SLE.subarray(0, 20), /not an rpm NDB database/],
    ['another version', Buffer.from(SLE).fill(1, 4, 5), /unsupported NDB version 1/],
    ['no slot pages', Buffer.from(SLE).fill(0, 12, 16), /no slot pages/],
  ])('throws on %s', (_what, bytes, message) => {
    expect(() => readNdbBlobs(bytes)).toThrow(BulkheadError);
    expect(() => readNdbBlobs(bytes)).toThrow(message);
  });
});
