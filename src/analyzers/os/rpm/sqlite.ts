import Database from 'better-sqlite3';
import { BulkheadError } from '../../../core/errors.js';
import type { RpmBlobsRead, RpmHeaderBlob } from './header.js';

/*
 * rpm >= 4.16's SQLite backend (`rpmdb.sqlite`): the table `Packages (hnum INTEGER PRIMARY KEY,
 * blob BLOB)` holds one header blob per installed package; the other tables are indexes rpm can
 * rebuild. better-sqlite3 deserializes the bytes into an in-memory database: nothing touches the disk.
 */

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function unreadable(msg: string, cause?: unknown): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    msg,
    'The RPM database is damaged or not an rpm SQLite database.',
    cause === undefined ? undefined : { cause },
  );
}

export function readSqliteBlobs(bytes: Buffer): RpmBlobsRead {
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) unreadable('not a SQLite database');
  const warnings: string[] = [];
  // Header: page size (u16 BE at 16, 1 meaning 65536), database size in pages (u32 BE at 28).
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    unreadable(`invalid SQLite page size ${rawPageSize}`);
  const present = Math.floor(bytes.length / pageSize);
  if (present === 0) unreadable('the SQLite database is truncated inside its first page');
  const declared = bytes.readUInt32BE(28);
  // SQLite refuses a file shorter than its header says. A truncated file is read from a copy that
  // claims only the pages it has (never editing the caller's bytes), so the rows before the damage
  // are still read.
  let image = bytes;
  if (declared > present || present * pageSize < bytes.length) {
    warnings.push(`the file is truncated: ${present} of ${Math.max(declared, present)} pages present`);
    image = Buffer.from(bytes.subarray(0, present * pageSize));
    image.writeUInt32BE(present, 28);
  }

  let db: Database.Database;
  try {
    // better-sqlite3 deserializes a private in-memory copy; nothing ever reaches the disk.
    db = new Database(image);
  } catch (e) {
    return unreadable(`cannot open the SQLite database: ${(e as Error).message}`, e);
  }
  const blobs: RpmHeaderBlob[] = [];
  try {
    let kind: unknown;
    try {
      // rpm keeps its database in WAL mode, which needs a shared-memory index that an in-memory
      // database cannot have: SQLite fails with "unable to open database file". In exclusive locking
      // mode it keeps that index on the heap instead. That requires a writable connection, hence no
      // `readonly` above (this code only reads; the in-memory copy is discarded). Only the main file
      // reaches an analyzer: transactions still in rpmdb.sqlite-wal are not seen.
      db.pragma('locking_mode = EXCLUSIVE');
      // The file is untrusted: a view or generated column named like rpm's table could make a plain
      // SELECT run arbitrary (even unbounded) SQL. Only a real table with plain columns is read.
      kind = db.prepare("SELECT type FROM sqlite_master WHERE name = 'Packages'").pluck().get();
    } catch (e) {
      return unreadable(`cannot read the SQLite schema: ${(e as Error).message}`, e);
    }
    if (kind !== 'table') unreadable('no Packages table');
    const cols = db.pragma('table_xinfo(Packages)') as { name: unknown; hidden: unknown }[];
    for (const want of ['hnum', 'blob']) {
      const col = cols.find((c) => c.name === want);
      if (!col || col.hidden !== 0) unreadable(`the Packages table has no plain ${want} column`);
    }

    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').raw().iterate() as Iterable<
      unknown[]
    >;
    let total = 0;
    try {
      for (const [hnum, blob] of rows) {
        const index = typeof hnum === 'number' ? hnum : typeof hnum === 'bigint' ? Number(hnum) : NaN;
        if (!Number.isSafeInteger(index)) {
          warnings.push(`a row has a non-integer hnum, skipped`);
          continue;
        }
        if (!Buffer.isBuffer(blob)) {
          warnings.push(`package ${index}: the blob is not binary, skipped`);
          continue;
        }
        // Intact rows never hold more blob bytes than the file has; a crafted file whose rows share
        // overflow pages could, and would make the header parser re-read the same bytes at length.
        total += blob.length;
        if (total > bytes.length) {
          warnings.push(`the rows hold more data than the file (shared pages?); the rest is not read`);
          break;
        }
        blobs.push({ index, blob });
      }
    } catch (e) {
      // A damaged or truncated file fails part-way through the table: keep the rows read so far.
      warnings.push(
        `the database is damaged after ${blobs.length} packages (${(e as Error).message}); the rest is not read`,
      );
    }
  } finally {
    db.close();
  }
  return { blobs, warnings };
}
