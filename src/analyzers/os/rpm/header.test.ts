import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../../core/errors.js';
import { readBdbBlobs } from './bdb.js';
import { parseRpmHeader, readRpmHeader, RPM_TYPE, RPMTAG } from './header.js';

interface Tag {
  tag: number;
  type: number;
  count: number;
  data: Buffer;
}

const str = (tag: number, s: string): Tag => ({
  tag,
  type: RPM_TYPE.STRING,
  count: 1,
  data: Buffer.from(`${s}\0`),
});
const strs = (tag: number, list: string[]): Tag => ({
  tag,
  type: RPM_TYPE.STRING_ARRAY,
  count: list.length,
  data: Buffer.from(list.map((s) => `${s}\0`).join('')),
});
const int32 = (tag: number, list: number[]): Tag => {
  const data = Buffer.alloc(list.length * 4);
  list.forEach((n, i) => data.writeUInt32BE(n, i * 4));
  return { tag, type: RPM_TYPE.INT32, count: list.length, data };
};

/**
 * Writes a header blob the way rpm stores it in a database: a region (tag 63) covering `tags`, its
 * trailer at the end of the region's data, then `dribbles` outside the region.
 */
function buildHeader(tags: Tag[], opts: { region?: boolean; dribbles?: Tag[] } = {}): Buffer {
  const region = opts.region ?? true;
  const dribbles = opts.dribbles ?? [];
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  const entry = (tag: number, type: number, offset: number, count: number): Buffer => {
    const e = Buffer.alloc(16);
    e.writeUInt32BE(tag, 0);
    e.writeUInt32BE(type, 4);
    e.writeInt32BE(offset, 8);
    e.writeUInt32BE(count, 12);
    return e;
  };
  const put = (t: Tag): void => {
    const align = t.type === RPM_TYPE.INT32 ? 4 : 1;
    const pad = (align - (size % align)) % align;
    data.push(Buffer.alloc(pad));
    size += pad;
    index.push(entry(t.tag, t.type, size, t.count));
    data.push(t.data);
    size += t.data.length;
  };
  for (const t of tags) put(t);
  if (region) {
    const ril = tags.length + 1;
    index.unshift(entry(RPMTAG.HEADERIMMUTABLE, RPM_TYPE.BIN, size, 16));
    data.push(entry(RPMTAG.HEADERIMMUTABLE, RPM_TYPE.BIN, -ril * 16, 16));
    size += 16;
  }
  for (const t of dribbles) put(t);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(index.length, 0);
  head.writeUInt32BE(size, 4);
  return Buffer.concat([head, ...index, ...data]);
}

const BASE = [
  str(RPMTAG.NAME, 'curl'),
  str(RPMTAG.VERSION, '7.86.0'),
  str(RPMTAG.RELEASE, '1.cm2'),
  int32(RPMTAG.EPOCH, [2]),
  str(RPMTAG.LICENSE, 'MIT'),
  str(RPMTAG.ARCH, 'x86_64'),
  str(RPMTAG.SOURCERPM, 'curl-7.86.0-1.cm2.src.rpm'),
  strs(RPMTAG.PROVIDENAME, ['curl', 'curl(x86-64)']),
  strs(RPMTAG.REQUIRENAME, ['libc.so.6()(64bit)']),
  int32(RPMTAG.DIRINDEXES, [0, 0, 1]),
  strs(RPMTAG.BASENAMES, ['curl', 'curl-config', 'curl']),
  strs(RPMTAG.DIRNAMES, ['/usr/bin/', '/usr/share/licenses/']),
];

function expectCorrupt(blob: Buffer, message: RegExp): void {
  try {
    readRpmHeader(blob);
  } catch (e) {
    expect(e).toBeInstanceOf(BulkheadError);
    expect((e as BulkheadError).code).toBe('TARGET_UNREADABLE');
    expect((e as BulkheadError).message).toMatch(message);
    return;
  }
  expect.unreachable(`expected ${String(message)}`);
}

describe('readRpmHeader', () => {
  it('reads the package fields and joins the compressed file list', () => {
    expect(readRpmHeader(buildHeader(BASE))).toEqual({
      name: 'curl',
      version: '7.86.0',
      release: '1.cm2',
      epoch: 2,
      license: 'MIT',
      arch: 'x86_64',
      sourceRpm: 'curl-7.86.0-1.cm2.src.rpm',
      provides: ['curl', 'curl(x86-64)'],
      requires: ['libc.so.6()(64bit)'],
      files: ['/usr/bin/curl', '/usr/bin/curl-config', '/usr/share/licenses/curl'],
    });
  });

  it('entries after the region (added at install time) replace the region ones', () => {
    const pkg = readRpmHeader(buildHeader(BASE, { dribbles: [str(RPMTAG.LICENSE, 'curl')] }));
    expect(pkg.license).toBe('curl');
  });

  it('reads headers without a region and old-style FILENAMES', () => {
    const tags = [
      str(RPMTAG.NAME, 'bash'),
      str(RPMTAG.VERSION, '3.2'),
      str(RPMTAG.RELEASE, '33.el5'),
      strs(RPMTAG.FILENAMES, ['/bin/bash', '/bin/sh']),
    ];
    const pkg = readRpmHeader(buildHeader(tags, { region: false }));
    expect(pkg).toEqual({ name: 'bash', version: '3.2', release: '33.el5', files: ['/bin/bash', '/bin/sh'] });
  });

  it('a package without files has an empty list', () => {
    expect(readRpmHeader(buildHeader(BASE.slice(0, 3))).files).toEqual([]);
  });

  it('ignores bytes after the data store', () => {
    const blob = buildHeader(BASE);
    expect(readRpmHeader(Buffer.concat([blob, Buffer.alloc(12)]))).toEqual(readRpmHeader(blob));
  });

  // Each case damages a valid blob in one place; all must fail with a typed error, never a crash.
  const good = buildHeader(BASE);
  const il = good.readUInt32BE(0);
  const dl = good.readUInt32BE(4);
  const entryAt = (i: number): number => 8 + i * 16;
  const damaged = (f: (b: Buffer) => void): Buffer => {
    const b = Buffer.from(good);
    f(b);
    return b;
  };
  it.each<[string, Buffer, RegExp]>([
    ['an empty blob', Buffer.alloc(0), /too short/],
    ['no entries', damaged((b) => b.writeUInt32BE(0, 0)), /tag count 0/],
    ['a huge entry count', damaged((b) => b.writeUInt32BE(0x7fffffff, 0)), /tag count/],
    ['a huge data size', damaged((b) => b.writeUInt32BE(0xfffffff0, 4)), /data size/],
    ['a truncated blob', good.subarray(0, good.length - 1), /the blob has/],
    ['a truncated index', good.subarray(0, 40), /the blob has/],
    ['an offset past the data', damaged((b) => b.writeInt32BE(dl + 1, entryAt(1) + 8)), /offset .* outside/],
    ['a negative offset', damaged((b) => b.writeInt32BE(-4, entryAt(1) + 8)), /offset -4 is outside/],
    ['an unknown type', damaged((b) => b.writeUInt32BE(42, entryAt(1) + 4)), /unknown type 42/],
    [
      'a misaligned INT32',
      damaged((b) => b.writeInt32BE(b.readInt32BE(entryAt(4) + 8) + 1, entryAt(4) + 8)),
      /misaligned/,
    ],
    [
      'an INT32 array running past the data',
      damaged((b) => b.writeUInt32BE(0x40000000, entryAt(4) + 12)),
      /runs past/,
    ],
    [
      'a string array count beyond the data',
      damaged((b) => b.writeUInt32BE(0xffffffff, entryAt(11) + 12)),
      /runs past/,
    ],
    [
      'a string without its NUL',
      buildHeader(
        [...BASE.slice(1), { tag: RPMTAG.NAME, type: RPM_TYPE.STRING, count: 1, data: Buffer.from('cu') }],
        {
          region: false,
        },
      ),
      /tag 1000: string at \d+ is not terminated/,
    ],
    [
      'a region with the wrong type',
      damaged((b) => b.writeUInt32BE(RPM_TYPE.INT32, entryAt(0) + 4)),
      /region tag/,
    ],
    [
      'a region trailer outside the data',
      damaged((b) => b.writeInt32BE(dl, entryAt(0) + 8)),
      /region trailer offset/,
    ],
    [
      'a region trailer of another tag',
      damaged((b) => b.writeUInt32BE(1000, b.length - 16)),
      /region trailer is/,
    ],
    [
      'a region bigger than the index',
      damaged((b) => b.writeInt32BE(-(il + 1) * 16, b.length - 8)),
      /region covers/,
    ],
    ['a region of a partial entry', damaged((b) => b.writeInt32BE(-20, b.length - 8)), /region covers/],
    [
      'a directory index out of range',
      buildHeader([...BASE.slice(0, 9), int32(RPMTAG.DIRINDEXES, [0, 0, 7]), ...BASE.slice(10)]),
      /directory 7 of 2/,
    ],
    [
      'fewer directory indexes than names',
      buildHeader([...BASE.slice(0, 9), int32(RPMTAG.DIRINDEXES, [0]), ...BASE.slice(10)]),
      /3 file names but 1 directory indexes/,
    ],
    ['no NAME', buildHeader(BASE.slice(1)), /NAME, VERSION or RELEASE is missing/],
    [
      'a NAME that is a number',
      buildHeader([int32(RPMTAG.NAME, [1]), ...BASE.slice(1)]),
      /tag 1000 has type 4, expected a string/,
    ],
  ])('rejects %s', (_what, blob, message) => {
    expectCorrupt(blob, message);
  });

  it('a real header: parses, and any single damaged byte gives a package or a typed error', () => {
    const bytes = readFileSync(
      join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rpmdb', 'libuuid', 'Packages'),
    );
    const blob = Buffer.from(readBdbBlobs(bytes).blobs[0]?.blob ?? []);
    expect(readRpmHeader(blob).name).toBe('libuuid');
    expect(parseRpmHeader(blob).entries.has(RPMTAG.HEADERIMMUTABLE)).toBe(false);
    // Damage the index and the start of the data, where every byte matters, with every bit pattern.
    const il2 = blob.readUInt32BE(0);
    let typed = 0;
    for (let at = 0; at < 8 + il2 * 16 + 64; at += 3) {
      for (const v of [0x00, 0x7f, 0x80, 0xff]) {
        const b = Buffer.from(blob);
        b[at] = v;
        try {
          readRpmHeader(b);
        } catch (e) {
          expect(e).toBeInstanceOf(BulkheadError);
          typed++;
        }
      }
    }
    expect(typed).toBeGreaterThan(0);
  });
});
