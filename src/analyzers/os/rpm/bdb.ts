import { BulkheadError } from '../../../core/errors.js';
import type { RpmBlobsRead, RpmHeaderBlob } from './header.js';

/*
 * rpm's Berkeley DB `Packages` file (RHEL/CentOS <= 8, Amazon Linux 2, old SUSE): a BDB hash
 * database whose keys are header numbers (u32) and whose values are header blobs. Layout, as read
 * by rpm's own dependency-free reader (lib/backend/bdb_ro.c):
 *
 * - page 0 is the hash metadata page: magic 0x061561 at offset 12, version at 16, page size at 20,
 *   last page number at 32; numbers are in the byte order of the machine that wrote the file
 *   (the magic tells which).
 * - every page starts with a 26-byte header: page number at 8, next page at 16, entry count at 20,
 *   "high free offset" at 22, page type at 25.
 * - hash pages (type 2 or 13) hold an array of u16 item offsets at 26; items pair up as key, value.
 *   An item is a type byte then data: 1 = inline data, 3 = off-page (page number at +4, total
 *   length at +8) for values that do not fit, i.e. nearly every header.
 * - overflow pages (type 7) carry `hf_offset` bytes of the value at 26 and chain through "next".
 *
 * Pages are visited in file order rather than by hash bucket: one pass, bounded by the file size,
 * no page-chain cycles to guard against. Freed pages have type 0 and are skipped.
 */

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

function unreadable(msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    msg,
    'The RPM database is damaged or not a Berkeley DB hash database.',
  );
}

/** True when the bytes start with a Berkeley DB hash metadata page (either byte order). */
export function isBdbHash(bytes: Buffer): boolean {
  return (
    bytes.length >= 16 && (bytes.readUInt32LE(12) === HASH_MAGIC || bytes.readUInt32BE(12) === HASH_MAGIC)
  );
}

interface Reader {
  bytes: Buffer;
  le: boolean;
  pageSize: number;
  /** Pages present in the file (a truncated file has fewer than the metadata says). */
  pages: number;
  /**
   * Overflow pages already copied into a value. In an intact file every overflow page belongs to
   * one chain; a crafted file pointing thousands of items at one long chain would otherwise cost
   * (items x file size). Refusing shared pages keeps the whole read linear in the file size.
   */
  used: Uint8Array;
}

const u32 = (r: Reader, at: number): number => (r.le ? r.bytes.readUInt32LE(at) : r.bytes.readUInt32BE(at));
const u16 = (r: Reader, at: number): number => (r.le ? r.bytes.readUInt16LE(at) : r.bytes.readUInt16BE(at));

/** Follows an overflow chain; returns an error message instead of a value when the chain is broken. */
function readOverflow(r: Reader, first: number, length: number): Buffer | string {
  if (length === 0) return 'empty off-page value';
  // Each overflow page carries at most pageSize - 26 bytes: a longer value cannot be in this file.
  if (length > r.pages * (r.pageSize - PAGE_HEADER))
    return `off-page value of ${length} bytes exceeds the file`;
  const out = Buffer.allocUnsafe(length);
  let filled = 0;
  let pg = first;
  // Bounded: each step claims an unused page (a loop hits a used one) and fills at least one byte.
  while (filled < length) {
    if (pg === 0 || pg >= r.pages) return `overflow page ${pg} is outside the file (${r.pages} pages)`;
    const at = pg * r.pageSize;
    if (u32(r, at + 8) !== pg) return `overflow page ${pg} has page number ${u32(r, at + 8)}`;
    if (r.bytes[at + 25] !== P_OVERFLOW) return `page ${pg} is not an overflow page`;
    if (r.used[pg] === 1) return `overflow page ${pg} is shared with another value`;
    r.used[pg] = 1;
    const n = u16(r, at + 22);
    if (n === 0 || n > r.pageSize - PAGE_HEADER || n > length - filled)
      return `overflow page ${pg} holds ${n} bytes, ${length - filled} expected`;
    r.bytes.copy(out, filled, at + PAGE_HEADER, at + PAGE_HEADER + n);
    filled += n;
    pg = u32(r, at + 16);
  }
  return out;
}

/** An item on a hash page: inline data, an off-page value, or an error message. */
function readItem(r: Reader, at: number, len: number, pg: number): Buffer | string {
  const page = pg * r.pageSize;
  if (len < 1 || at + len > page + r.pageSize) return `page ${pg}: item at ${at - page} is out of bounds`;
  const type = r.bytes[at];
  if (type === H_KEYDATA) return r.bytes.subarray(at + 1, at + len);
  if (type === H_OFFPAGE) {
    if (len < 12) return `page ${pg}: off-page item is ${len} bytes`;
    return readOverflow(r, u32(r, at + 4), u32(r, at + 8));
  }
  return `page ${pg}: unsupported item type ${String(type)}`;
}

export function readBdbBlobs(bytes: Buffer): RpmBlobsRead {
  if (bytes.length < 512 || !isBdbHash(bytes)) unreadable('not a Berkeley DB hash database');
  const le = bytes.readUInt32LE(12) === HASH_MAGIC;
  const meta: Reader = { bytes, le, pageSize: 0, pages: 0, used: new Uint8Array(0) };
  const version = u32(meta, 16);
  const pageSize = u32(meta, 20);
  const lastPage = u32(meta, 32);
  if (version < 8 || version > 10) unreadable(`unsupported Berkeley DB hash version ${version}`);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    unreadable(`invalid page size ${pageSize}`);
  if (bytes[25] !== P_HASHMETA) unreadable('page 0 is not a hash metadata page');

  const warnings: string[] = [];
  const present = Math.floor(bytes.length / pageSize);
  if (present < lastPage + 1)
    warnings.push(
      `the file is truncated: ${present} of ${lastPage + 1} pages present; packages on missing pages are not read`,
    );
  const pages = Math.min(present, lastPage + 1);
  const r: Reader = { bytes, le, pageSize, pages, used: new Uint8Array(pages) };

  const blobs: RpmHeaderBlob[] = [];
  for (let pg = 1; pg < r.pages; pg++) {
    const page = pg * pageSize;
    const type = bytes[page + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    if (u32(r, page + 8) !== pg) {
      warnings.push(`page ${pg} has page number ${u32(r, page + 8)}, skipped`);
      continue;
    }
    // Item offsets (u16) start at 26; a count that does not fit in the page is corruption.
    const entries = Math.min(u16(r, page + 20), Math.floor((pageSize - PAGE_HEADER) / 2));
    for (let i = 0; i + 1 < entries; i += 2) {
      // Items are written from the end of the page downwards: an item ends where the previous begins.
      const koff = u16(r, page + PAGE_HEADER + 2 * i);
      const voff = u16(r, page + PAGE_HEADER + 2 * (i + 1));
      const kend = i === 0 ? pageSize : u16(r, page + PAGE_HEADER + 2 * (i - 1));
      if (voff < PAGE_HEADER + 2 * entries || voff >= koff || koff >= kend || kend > pageSize) {
        warnings.push(`page ${pg}: item ${i} has offsets out of order, rest of the page skipped`);
        break;
      }
      const key = readItem(r, page + koff, kend - koff, pg);
      const value = readItem(r, page + voff, koff - voff, pg);
      // rpm's Packages keys are header numbers (u32) in the file's byte order.
      if (typeof key === 'string' || key.length !== 4) {
        warnings.push(
          typeof key === 'string' ? key : `page ${pg}: item ${i} is not a header number, skipped`,
        );
        continue;
      }
      const index = le ? key.readUInt32LE(0) : key.readUInt32BE(0);
      // Key 0 holds rpm's next-header-number counter, not a package.
      if (index === 0) continue;
      if (typeof value === 'string') {
        warnings.push(`package ${index}: ${value}`);
        continue;
      }
      blobs.push({ index, blob: value });
    }
  }
  // Header numbers follow install order, as SQLite's hnum does; keep the lists comparable.
  blobs.sort((a, b) => a.index - b.index);
  return { blobs, warnings };
}
