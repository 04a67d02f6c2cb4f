import { BulkheadError } from '../../../core/errors.js';
import { isBdbHash, readBdbBlobs } from './bdb.js';
import { readRpmHeader, type RpmBlobsRead, type RpmPackage } from './header.js';
import { isNdb, readNdbBlobs } from './ndb.js';
import { readSqliteBlobs, SQLITE_MAGIC } from './sqlite.js';

export type { RpmPackage } from './header.js';
export { readRpmHeader } from './header.js';

export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb';

export interface RpmDatabase {
  packages: RpmPackage[];
  warnings: string[];
}

/** The backend a database file was written by, from its content (the file name varies by distro). */
export function detectRpmDbFormat(bytes: Buffer): RpmDbFormat | undefined {
  if (bytes.length >= 16 && bytes.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  if (isNdb(bytes)) return 'ndb';
  if (isBdbHash(bytes)) return 'bdb';
  return undefined;
}

const HINT =
  'The RPM database is damaged or in an unknown format; `rpm --rebuilddb` in the image rebuilds it.';

/**
 * Reads the installed packages from an rpm database file (`var/lib/rpm/Packages`,
 * `Packages.db` or `rpmdb.sqlite`), whichever backend wrote it. A damaged package header becomes a
 * warning naming its header number and the other packages are still read; a truncated file yields
 * the packages found before the damage, plus a warning. A file that is not an rpm database at all,
 * or whose structure cannot be read, throws `BulkheadError('TARGET_UNREADABLE')`.
 */
export function readRpmDatabase(path: string, bytes: Buffer): RpmDatabase {
  const format = detectRpmDbFormat(bytes);
  if (!format) throw new BulkheadError('TARGET_UNREADABLE', `${path}: not an rpm database`, HINT);
  let read: RpmBlobsRead;
  try {
    read =
      format === 'sqlite'
        ? readSqliteBlobs(bytes)
        : format === 'bdb'
          ? readBdbBlobs(bytes)
          : readNdbBlobs(bytes);
  } catch (e) {
    // A reader bug or an unforeseen shape must surface as an unreadable target, never a crash.
    const msg = e instanceof Error ? e.message : String(e);
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${path}: ${msg}`,
      e instanceof BulkheadError ? e.hint : HINT,
      { cause: e },
    );
  }
  const warnings = read.warnings.map((w) => `${path}: ${w}`);
  const packages: RpmPackage[] = [];
  for (const { index, blob } of read.blobs) {
    try {
      packages.push(readRpmHeader(blob));
    } catch (e) {
      warnings.push(`${path}: package ${index}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { packages, warnings };
}
