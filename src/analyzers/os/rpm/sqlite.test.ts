import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../../core/errors.js';
import { readSqliteBlobs } from './sqlite.js';

const MARINER = readFileSync(
  join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    '..',
    'test',
    'fixtures',
    'rpmdb',
    'cbl-mariner-2.0',
    'rpmdb.sqlite',
  ),
);

/** A SQLite file image built by `setup` (better-sqlite3 serializes an in-memory database). */
function sqliteFile(setup: (db: Database.Database) => void): Buffer {
  const db = new Database(':memory:');
  setup(db);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

describe('readSqliteBlobs', () => {
  it('reads every row of a WAL-mode database, in hnum order, without touching the input', () => {
    const before = createHash('sha256').update(MARINER).digest('hex');
    expect(MARINER[18]).toBe(2); // rpm's WAL mode: the case SQLite cannot deserialize as is
    const { blobs, warnings } = readSqliteBlobs(MARINER);
    expect(warnings).toEqual([]);
    expect(blobs.map((b) => b.index)).toEqual(Array.from({ length: 129 }, (_, i) => i + 1));
    expect(createHash('sha256').update(MARINER).digest('hex')).toBe(before);
  });

  it('a truncated file: the rows before the cut, and warnings', () => {
    const { blobs, warnings } = readSqliteBlobs(MARINER.subarray(0, Math.floor(MARINER.length / 2)));
    expect(blobs.length).toBeGreaterThan(10);
    expect(blobs.length).toBeLessThan(129);
    expect(warnings[0]).toMatch(/^the file is truncated: 440 of 880 pages present/);
    expect(warnings[1]).toMatch(/^the database is damaged after \d+ packages/);
  });

  it.each<[string, (db: Database.Database) => void, RegExp]>([
    ['no Packages table', (db) => db.exec('CREATE TABLE Other (x)'), /no Packages table/],
    [
      // Would never finish if it were queried.
      'an endless view named Packages',
      (db) =>
        db.exec(
          'CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, x AS blob FROM c',
        ),
      /no Packages table/,
    ],
    [
      'a generated blob column',
      (db) =>
        db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, n INTEGER, blob BLOB AS (zeroblob(n)))'),
      /no plain blob column/,
    ],
    [
      'no hnum column',
      (db) => db.exec('CREATE TABLE Packages (id INTEGER PRIMARY KEY, blob BLOB)'),
      /no plain hnum/,
    ],
  ])('refuses a database with %s', (_what, setup, message) => {
    const bytes = sqliteFile(setup);
    expect(() => readSqliteBlobs(bytes)).toThrow(BulkheadError);
    expect(() => readSqliteBlobs(bytes)).toThrow(message);
  });

  it('rows that are not header blobs are warnings', () => {
    const bytes = sqliteFile((db) => {
      db.exec('CREATE TABLE Packages (hnum, blob)');
      const insert = db.prepare('INSERT INTO Packages VALUES (?, ?)');
      insert.run(1, Buffer.from([1, 2, 3]));
      insert.run(2, 'text, not a blob');
      insert.run('x', Buffer.from([4]));
    });
    const { blobs, warnings } = readSqliteBlobs(bytes);
    expect(blobs).toEqual([{ index: 1, blob: Buffer.from([1, 2, 3]) }]);
    expect(warnings).toEqual([
      'package 2: the blob is not binary, skipped',
      'a row has a non-integer hnum, skipped',
    ]);
  });

  it.each<[string, Buffer, RegExp]>([
    ['a short file', Buffer.from('SQLite format 3\0'), /not a SQLite database/],
    ['another format', Buffer.alloc(4096), /not a SQLite database/],
    [
      'a bad page size',
      Buffer.concat([MARINER.subarray(0, 16), Buffer.from([0, 3]), MARINER.subarray(18, 4096)]),
      /page size/,
    ],
    ['a cut inside page 1', MARINER.subarray(0, 1000), /truncated inside its first page/],
  ])('throws on %s', (_what, bytes, message) => {
    expect(() => readSqliteBlobs(bytes)).toThrow(message);
  });
});
