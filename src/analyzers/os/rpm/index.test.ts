import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../../core/errors.js';
import { readNdbBlobs } from './ndb.js';
import { detectRpmDbFormat, readRpmDatabase, type RpmPackage } from './index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rpmdb');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

const DBS = [
  { name: 'cbl-mariner-2.0', file: 'cbl-mariner-2.0/rpmdb.sqlite', format: 'sqlite', count: 129 },
  { name: 'libuuid', file: 'libuuid/Packages', format: 'bdb', count: 1 },
  { name: 'sle15-bci', file: 'sle15-bci/Packages.db', format: 'ndb', count: 35 },
] as const;

// The *.expected.txt lines are rpm's own output (see test/fixtures/rpmdb/README.md):
// NAME EPOCH VERSION RELEASE ARCH SOURCERPM LICENSE #files #requires #provides, tab-separated,
// `(none)` for a missing tag.
const none = (v: string | number | undefined): string => (v === undefined ? '(none)' : String(v));
const count = (list: string[] | undefined): string =>
  list && list.length > 0 ? String(list.length) : '(none)';
const asRpmLine = (p: RpmPackage): string =>
  [
    p.name,
    none(p.epoch),
    p.version,
    p.release,
    none(p.arch),
    none(p.sourceRpm),
    none(p.license),
    count(p.files),
    count(p.requires),
    count(p.provides),
  ].join('\t');
const lines = (name: string): string[] =>
  readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

const read = (file: string, bytes = fixture(file)) => readRpmDatabase(file, bytes);

function expectUnreadable(f: () => unknown, path: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BulkheadError);
    expect((e as BulkheadError).code).toBe('TARGET_UNREADABLE');
    expect((e as BulkheadError).message.startsWith(`${path}: `)).toBe(true);
    return;
  }
  expect.unreachable('expected a BulkheadError');
}

/** A deterministic PRNG (mulberry32): the corruption tests must fail the same way every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readRpmDatabase against rpm', () => {
  it.each(DBS)(
    '$name ($format): the same packages as rpm -qa, in the same order',
    ({ name, file, format, count }) => {
      const bytes = fixture(file);
      expect(detectRpmDbFormat(bytes)).toBe(format);
      const { packages, warnings } = read(file, bytes);
      expect(warnings).toEqual([]);
      expect(packages).toHaveLength(count);
      expect(packages.map(asRpmLine)).toEqual(lines(`${name}.expected.txt`));
    },
  );

  it.each(DBS)('$name: file lists equal rpm -ql for the sampled packages', ({ name, file }) => {
    const { packages } = read(file);
    const expected = new Map<string, string[]>();
    for (const line of lines(`${name}.files.expected.txt`)) {
      const [pkg = '', path = ''] = line.split('\t');
      expected.set(pkg, [...(expected.get(pkg) ?? []), path]);
    }
    expect(expected.size).toBeGreaterThan(0);
    for (const [pkg, files] of expected) expect(packages.find((p) => p.name === pkg)?.files).toEqual(files);
  });

  it('reads the fields of a known package in full', () => {
    const [libuuid] = read('libuuid/Packages').packages;
    expect(libuuid).toMatchObject({
      name: 'libuuid',
      version: '2.32.1',
      release: '42.el8_8',
      arch: 'x86_64',
      sourceRpm: 'util-linux-2.32.1-42.el8_8.src.rpm',
      license: 'BSD',
    });
    expect(libuuid?.epoch).toBeUndefined();
    expect(libuuid?.provides).toContain('libuuid.so.1()(64bit)');
    expect(libuuid?.requires).toContain('libc.so.6()(64bit)');
    const mariner = read('cbl-mariner-2.0/rpmdb.sqlite').packages;
    expect(mariner.find((p) => p.name === 'ca-certificates-base')).toMatchObject({
      epoch: 1,
      version: '2.0.0',
    });
    // A meta package with no files at all.
    expect(mariner.find((p) => p.name === 'core-packages-container')?.files).toEqual([]);
  });

  it('SLE 15 BCI (NDB, which Debian rpm cannot read): known packages', () => {
    const sle = read('sle15-bci/Packages.db').packages;
    const nevra = (p: RpmPackage) => `${p.name}-${p.version}-${p.release}.${p.arch ?? ''}`;
    expect(sle.map(nevra)).toEqual(
      expect.arrayContaining([
        'system-user-root-20190513-3.3.1.noarch',
        'glibc-2.31-9.3.2.x86_64',
        'bash-4.4-19.6.1.x86_64',
        'coreutils-8.32-3.2.1.x86_64',
        'sles-release-15.3-55.4.1.x86_64',
        'ca-certificates-mozilla-prebuilt-2.44-21.1.noarch',
        'rpm-ndb-4.14.3-40.1.x86_64',
      ]),
    );
    expect(sle.find((p) => p.name === 'libstdc++6')?.sourceRpm).toBe('gcc11-11.2.1+git610-1.3.9.src.rpm');
  });
});

describe('readRpmDatabase on damaged input', () => {
  it('rejects files that are no rpm database, naming the path', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('hello'), Buffer.alloc(8192), fixture('README.md')])
      expectUnreadable(() => read('var/lib/rpm/Packages', bytes), 'var/lib/rpm/Packages');
  });

  it('one corrupt header is a warning naming its package; the others are read', () => {
    const bytes = Buffer.from(fixture('sle15-bci/Packages.db'));
    const { blobs } = readNdbBlobs(bytes);
    const victim = blobs[4];
    if (!victim) throw new Error('fixture has fewer than 5 packages');
    // Point the first index entry after the region far outside the data store.
    const at = victim.blob.byteOffset - bytes.byteOffset;
    bytes.writeInt32BE(0x7ffffff0, at + 8 + 16 + 8);
    const { packages, warnings } = read('usr/lib/sysimage/rpm/Packages.db', bytes);
    expect(packages).toHaveLength(34);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^usr/lib/sysimage/rpm/Packages.db: package ${victim.index}: corrupt rpm header: .*offset`),
    );
  });

  it('a corrupt blob in a SQLite database is a warning; the other rows are read', () => {
    const src = new Database(fixture('cbl-mariner-2.0/rpmdb.sqlite').fill(1, 18, 20), { readonly: true });
    const rows = src.prepare('SELECT hnum, blob FROM Packages').all() as { hnum: number; blob: Buffer }[];
    src.close();
    const db = new Database(':memory:');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO Packages (hnum, blob) VALUES (?, ?)');
    for (const r of rows) insert.run(r.hnum, r.hnum === 7 ? r.blob.subarray(0, 100) : r.blob);
    const bytes = db.serialize();
    db.close();
    const { packages, warnings } = read('var/lib/rpm/rpmdb.sqlite', bytes);
    expect(packages).toHaveLength(128);
    expect(warnings).toEqual([
      expect.stringMatching(/^var\/lib\/rpm\/rpmdb.sqlite: package 7: corrupt rpm header/),
    ]);
  });

  it.each(DBS)(
    '$name truncated anywhere: the packages read are intact, and losses are reported',
    ({ file }) => {
      const full = fixture(file);
      const all = new Set(read(file, full).packages.map((p) => JSON.stringify(p)));
      const rand = prng(full.length);
      const cuts = [0, 1, 15, 16, 100, 511, 512, 4095, 4096, 4097, 8192, full.length - 1, full.length - 4096];
      for (let i = 0; i < 12; i++) cuts.push(Math.floor(rand() * full.length));
      for (const cut of cuts.filter((c) => c >= 0 && c < full.length)) {
        let result;
        try {
          result = read(file, full.subarray(0, cut));
        } catch (e) {
          expect(e, `cut at ${cut}`).toBeInstanceOf(BulkheadError);
          continue;
        }
        for (const p of result.packages)
          expect(all.has(JSON.stringify(p)), `cut at ${cut}: ${p.name}`).toBe(true);
        if (result.packages.length < all.size)
          expect(result.warnings.length, `cut at ${cut}`).toBeGreaterThan(0);
      }
    },
  );

  it.each(DBS)('$name with random bytes overwritten: no crash, no hang', ({ file }) => {
    const full = fixture(file);
    const rand = prng(7);
    for (let round = 0; round < 40; round++) {
      const bytes = Buffer.from(full);
      // Keep the magic so that the backend, not the dispatcher, meets the damage.
      for (let i = 0; i < 1 + round * 4; i++) {
        const at = 16 + Math.floor(rand() * (bytes.length - 16));
        bytes[at] = Math.floor(rand() * 256);
      }
      try {
        const r = read(file, bytes);
        expect(Array.isArray(r.packages)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(BulkheadError);
      }
    }
  });

  it('random bytes behind each magic: a BulkheadError or warnings, never a crash', () => {
    const rand = prng(42);
    const magics = [
      Buffer.from('SQLite format 3\0', 'latin1'),
      Buffer.from('RpmP\0\0\0\0\0\0\0\0\x01\0\0\0', 'latin1'),
      // Berkeley DB hash metadata: magic, version 9, 4 KiB pages, page type 8.
      Buffer.from('\0\0\0\0\0\0\0\0\0\0\0\0\x61\x15\x06\x00\x09\0\0\0\0\x10\0\0\0\x08', 'latin1'),
    ];
    for (const magic of magics) {
      for (const size of [magic.length, 64, 512, 4096, 16384, 65536]) {
        const bytes = Buffer.alloc(Math.max(size, magic.length));
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
        magic.copy(bytes);
        try {
          const r = read('rpmdb', bytes);
          expect(r.packages).toEqual([]);
        } catch (e) {
          expect(e).toBeInstanceOf(BulkheadError);
        }
      }
    }
  });
});
