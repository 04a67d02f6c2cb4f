import { inflateRawSync } from 'node:zlib';

// A zip reader for Java archives. Only the central directory is walked and only the entries asked
// for are inflated, so a 100 MB fat jar costs a few small reads. Every offset and size comes from
// the file and is checked against its length before use; inflation is capped by a shared budget
// so that a zip bomb (or a jar nested in a jar nested in a jar) cannot exhaust memory.

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read. */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local header in the buffer (prepended data already accounted for). */
  localHeaderOffset: number;
}

/** Bytes that may still be inflated; shared by every archive read for one file. */
export interface InflateBudget {
  remaining: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_SIG = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIG = 0x04034b50;
const LOCAL_SIZE = 30;
const ZIP64_EXTRA_ID = 0x0001;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;

/** More entries than any real archive has; beyond it the file is treated as hostile. */
export const MAX_ZIP_ENTRIES = 500_000;

function u64(buf: Buffer, offset: number): number {
  const value = buf.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a 64-bit size or offset is out of range');
  return Number(value);
}

interface Directory {
  start: number;
  end: number;
  /** What to add to recorded offsets: bytes prepended to the archive (launch scripts, stubs). */
  shift: number;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let p = buf.length - EOCD_SIZE; p >= lowest; p--) {
    if (buf.readUInt32LE(p) === EOCD_SIG && p + EOCD_SIZE + buf.readUInt16LE(p + 20) <= buf.length) return p;
  }
  throw new ZipError('not a zip archive (no end of central directory record)');
}

function locateDirectory(buf: Buffer): Directory {
  const eocd = findEndOfCentralDirectory(buf);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  let directoryEnd = eocd;
  const locator = eocd - ZIP64_LOCATOR_SIZE;
  if (
    (size === U32_MAX || offset === U32_MAX || buf.readUInt16LE(eocd + 10) === U16_MAX) &&
    locator >= 0 &&
    buf.readUInt32LE(locator) === ZIP64_LOCATOR_SIG
  ) {
    // The recorded position of the zip64 record is off by any prepended bytes; it normally sits
    // right before its locator.
    let record = u64(buf, locator + 8);
    if (record + ZIP64_EOCD_SIZE > locator || buf.readUInt32LE(record) !== ZIP64_EOCD_SIG) {
      record = locator - ZIP64_EOCD_SIZE;
    }
    if (record < 0 || buf.readUInt32LE(record) !== ZIP64_EOCD_SIG) {
      throw new ZipError('zip64 end of central directory record not found');
    }
    size = u64(buf, record + 40);
    offset = u64(buf, record + 48);
    directoryEnd = record;
  }
  if (size > directoryEnd) throw new ZipError('central directory larger than the file');
  // Where the directory says it is, or (with bytes prepended) right before its end record.
  if (offset + size <= directoryEnd && (size === 0 || buf.readUInt32LE(offset) === CENTRAL_SIG)) {
    return { start: offset, end: offset + size, shift: 0 };
  }
  const start = directoryEnd - size;
  const shift = start - offset;
  if (shift < 0 || (size > 0 && buf.readUInt32LE(start) !== CENTRAL_SIG)) {
    throw new ZipError('central directory not found where the end record says');
  }
  return { start, end: directoryEnd, shift };
}

/** Lists the entries of a zip archive from its central directory. Throws ZipError when unreadable. */
export function listZipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < EOCD_SIZE) throw new ZipError('not a zip archive (too short)');
  const dir = locateDirectory(buf);
  const entries: ZipEntry[] = [];
  let p = dir.start;
  // The entry count in the end record wraps at 65,535 in archives written without zip64, so the
  // directory is walked to its end instead.
  while (p + CENTRAL_SIZE <= dir.end) {
    if (buf.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipError(`bad central directory entry at offset ${p}`);
    if (entries.length >= MAX_ZIP_ENTRIES) throw new ZipError(`more than ${MAX_ZIP_ENTRIES} entries`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const nameStart = p + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > dir.end) throw new ZipError(`central directory entry at offset ${p} runs past the directory`);
    const name = buf.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1', nameStart, extraStart);

    // Saturated fields are in the zip64 extra field, in this order, each present only if needed.
    if (compressedSize === U32_MAX || uncompressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      const zip64 = findExtra(buf, extraStart, extraStart + extraLength, ZIP64_EXTRA_ID);
      if (zip64 === undefined) throw new ZipError(`entry "${name}" lacks its zip64 sizes`);
      let q = zip64.start;
      const take = (): number => {
        if (q + 8 > zip64.end) throw new ZipError(`entry "${name}" has a short zip64 field`);
        const v = u64(buf, q);
        q += 8;
        return v;
      };
      if (uncompressedSize === U32_MAX) uncompressedSize = take();
      if (compressedSize === U32_MAX) compressedSize = take();
      if (localHeaderOffset === U32_MAX) localHeaderOffset = take();
    }
    entries.push({
      name,
      method,
      flags,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localHeaderOffset + dir.shift,
    });
    p = next;
  }
  return entries;
}

function findExtra(
  buf: Buffer,
  start: number,
  end: number,
  id: number,
): { start: number; end: number } | undefined {
  let p = start;
  while (p + 4 <= end) {
    const fieldId = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    const dataEnd = p + 4 + size;
    if (dataEnd > end) return undefined;
    if (fieldId === id) return { start: p + 4, end: dataEnd };
    p = dataEnd;
  }
  return undefined;
}

/**
 * The content of one entry. Stored entries are a view of `buf` (no copy); deflated ones are
 * inflated within the budget, which they then use up. Throws ZipError when unreadable.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry, budget: InflateBudget): Buffer {
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipError(`entry "${entry.name}" is encrypted`);
  const local = entry.localHeaderOffset;
  if (local + LOCAL_SIZE > buf.length || buf.readUInt32LE(local) !== LOCAL_SIG) {
    throw new ZipError(`entry "${entry.name}": no local header at offset ${local}`);
  }
  // The local header's name and extra field may differ in length from the central directory's;
  // its sizes may be zero (they then follow the data), so the central directory's are used.
  const dataStart = local + LOCAL_SIZE + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > buf.length) throw new ZipError(`entry "${entry.name}" runs past the end of the archive`);
  const data = buf.subarray(dataStart, dataEnd);
  if (entry.method === 0) return data;
  if (entry.method !== 8)
    throw new ZipError(`entry "${entry.name}": compression method ${entry.method} not supported`);
  if (entry.uncompressedSize > budget.remaining || budget.remaining <= 0) {
    throw new ZipError(`entry "${entry.name}": inflated size limit reached`);
  }
  let out: Buffer;
  try {
    // The recorded size may lie: the cap is enforced on the output itself.
    out = inflateRawSync(data, { maxOutputLength: budget.remaining });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ZipError(`entry "${entry.name}": inflated size limit reached`);
    }
    throw new ZipError(`entry "${entry.name}": ${err instanceof Error ? err.message : String(err)}`);
  }
  budget.remaining -= out.length;
  return out;
}
