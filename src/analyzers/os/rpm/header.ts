import { BulkheadError } from '../../../core/errors.js';

/*
 * An RPM header as rpm stores it for each installed package, in every database backend:
 *
 *   il (u32 BE) | dl (u32 BE) | il index entries of 16 bytes | dl bytes of data
 *
 * Each index entry is {tag, type, offset, count} (all u32 BE); `offset` is relative to the start
 * of the data store. Headers in a database start with a "region" entry (tag 63,
 * RPMTAG_HEADERIMMUTABLE): its offset points at a 16-byte trailer in the data store whose (negated)
 * offset says how many index entries the signed, immutable region covers. Entries after the region
 * ("dribbles") were added by rpm at install time and take precedence over region entries with the
 * same tag. The layout and the checks below follow rpm's lib/header.c (hdrblobInit,
 * hdrblobVerifyRegion, hdrblobVerifyInfo): the blob is untrusted input, so every offset and count is
 * checked before it is used, and every loop is bounded by the blob's size.
 */

/** The fields Bulkhead reads from an installed package's header. */
export interface RpmPackage {
  name: string;
  version: string;
  release: string;
  /** Absent when the package has no epoch (rpm prints `(none)`), which compares as 0. */
  epoch?: number;
  arch?: string;
  /** The source RPM file name: `util-linux-2.32.1-42.el8_8.src.rpm`. */
  sourceRpm?: string;
  license?: string;
  /** Absolute paths of the files the package installed (directories included, as `rpm -ql`). */
  files: string[];
  /** Capability names the package requires (REQUIRENAME), when recorded. */
  requires?: string[];
  /** Capability names the package provides (PROVIDENAME), when recorded. */
  provides?: string[];
}

/** A header blob as a database backend stores it, keyed by its record number. */
export interface RpmHeaderBlob {
  /** The header number (SQLite `hnum`, the Berkeley DB key, the NDB package index). */
  index: number;
  blob: Uint8Array;
}

/** What a backend reads out of a database file: the blobs, and what it had to skip. */
export interface RpmBlobsRead {
  blobs: RpmHeaderBlob[];
  warnings: string[];
}

export const RPMTAG = {
  HEADERIMAGE: 61,
  HEADERSIGNATURES: 62,
  HEADERIMMUTABLE: 63,
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  ARCH: 1022,
  FILENAMES: 1027,
  SOURCERPM: 1044,
  PROVIDENAME: 1047,
  REQUIRENAME: 1049,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

/** rpm's tag data types (rpmTagType). */
export const RPM_TYPE = {
  NULL: 0,
  CHAR: 1,
  INT8: 2,
  INT16: 3,
  INT32: 4,
  INT64: 5,
  STRING: 6,
  BIN: 7,
  STRING_ARRAY: 8,
  I18NSTRING: 9,
} as const;

const ENTRY_SIZE = 16;
const REGION_TRAILER_SIZE = 16;
// rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX): anything bigger is not a header rpm wrote.
const MAX_TAGS = 0xffff;
const MAX_DATA = 0x0fffffff;
// Alignment rpm enforces for numeric arrays (typeAlign): misaligned data means a corrupt header.
const TYPE_ALIGN = [1, 1, 1, 2, 4, 8, 1, 1, 1, 1] as const;
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 0, 1, 0, 0] as const;

export interface RpmHeaderEntry {
  tag: number;
  type: number;
  /** Offset into the data store. */
  offset: number;
  count: number;
}

/** A parsed, validated header: index entries by tag, over the blob's data store. */
export interface RpmHeader {
  entries: Map<number, RpmHeaderEntry>;
  data: Buffer;
}

function corrupt(msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    `corrupt rpm header: ${msg}`,
    'The RPM database is damaged; `rpm --rebuilddb` in the image rebuilds it.',
  );
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readEntry(buf: Buffer, at: number): RpmHeaderEntry {
  return {
    tag: buf.readUInt32BE(at),
    type: buf.readUInt32BE(at + 4),
    // Signed: the region trailer stores a negative offset.
    offset: buf.readInt32BE(at + 8),
    count: buf.readUInt32BE(at + 12),
  };
}

/** Checks that an entry's data lies inside the data store (as rpm's hdrblobVerifyInfo and dataLength). */
function checkEntry(e: RpmHeaderEntry, data: Buffer, i: number): void {
  if (e.type > RPM_TYPE.I18NSTRING) corrupt(`entry ${i} (tag ${e.tag}) has unknown type ${e.type}`);
  if (e.offset < 0 || e.offset > data.length)
    corrupt(`entry ${i} (tag ${e.tag}) offset ${e.offset} is outside the data (${data.length} bytes)`);
  if (e.offset % (TYPE_ALIGN[e.type] ?? 1) !== 0) corrupt(`entry ${i} (tag ${e.tag}) is misaligned`);
  const size = TYPE_SIZE[e.type] ?? 0;
  // Fixed-size types: the whole array must fit. Strings are checked when read (NUL inside the data);
  // here only the count is bounded, since every string takes at least one byte.
  const minBytes = e.type === RPM_TYPE.NULL ? 0 : size > 0 ? e.count * size : e.count;
  if (minBytes > data.length - e.offset)
    corrupt(`entry ${i} (tag ${e.tag}) runs past the end of the data (${e.count} values at ${e.offset})`);
}

/**
 * Parses and validates a header blob's index. Throws a `BulkheadError` (`TARGET_UNREADABLE`) on any
 * inconsistency; trailing bytes after the data store are ignored.
 */
export function parseRpmHeader(bytes: Uint8Array): RpmHeader {
  const buf = toBuffer(bytes);
  if (buf.length < 8) corrupt(`${buf.length} bytes is too short for a header`);
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  if (il < 1 || il > MAX_TAGS) corrupt(`tag count ${il} is out of range`);
  if (dl > MAX_DATA) corrupt(`data size ${dl} is out of range`);
  const dataStart = 8 + il * ENTRY_SIZE;
  if (dataStart + dl > buf.length)
    corrupt(`${il} entries and ${dl} data bytes need ${dataStart + dl} bytes, the blob has ${buf.length}`);
  const data = buf.subarray(dataStart, dataStart + dl);

  // The region: index entries [1, ril) are the immutable part, [ril, il) the dribbles.
  let first = 0;
  const e0 = readEntry(buf, 8);
  const isRegion =
    e0.tag === RPMTAG.HEADERIMMUTABLE || e0.tag === RPMTAG.HEADERSIGNATURES || e0.tag === RPMTAG.HEADERIMAGE;
  if (isRegion) {
    if (e0.type !== RPM_TYPE.BIN || e0.count !== REGION_TRAILER_SIZE)
      corrupt(`region tag ${e0.tag} has type ${e0.type} and count ${e0.count}`);
    if (e0.offset < 0 || e0.offset + REGION_TRAILER_SIZE > dl)
      corrupt(`region trailer offset ${e0.offset} is outside the data (${dl} bytes)`);
    const trailer = readEntry(data, e0.offset);
    const ril = -trailer.offset / ENTRY_SIZE;
    const trailerTag = trailer.tag === RPMTAG.HEADERIMAGE ? e0.tag : trailer.tag;
    if (trailerTag !== e0.tag || trailer.type !== RPM_TYPE.BIN || trailer.count !== REGION_TRAILER_SIZE)
      corrupt(`region trailer is {tag ${trailer.tag}, type ${trailer.type}, count ${trailer.count}}`);
    if (!Number.isInteger(ril) || ril < 1 || ril > il)
      corrupt(`region covers ${-trailer.offset} bytes of index, the header has ${il} entries`);
    first = 1;
  }

  const entries = new Map<number, RpmHeaderEntry>();
  for (let i = first; i < il; i++) {
    const e = readEntry(buf, 8 + i * ENTRY_SIZE);
    checkEntry(e, data, i);
    // Later entries win: dribbles after the region replace what the region recorded.
    entries.set(e.tag, e);
  }
  return { entries, data };
}

function readString(data: Buffer, at: number, tag: number): [string, number] {
  const end = data.indexOf(0, at);
  if (end < 0) corrupt(`tag ${tag}: string at ${at} is not terminated inside the data`);
  return [data.toString('utf8', at, end), end + 1];
}

/** A STRING (or the first I18NSTRING) tag's value. */
export function headerString(h: RpmHeader, tag: number): string | undefined {
  const e = h.entries.get(tag);
  if (!e) return undefined;
  if (e.type !== RPM_TYPE.STRING && e.type !== RPM_TYPE.I18NSTRING && e.type !== RPM_TYPE.STRING_ARRAY)
    corrupt(`tag ${tag} has type ${e.type}, expected a string`);
  return readString(h.data, e.offset, tag)[0];
}

/** A STRING_ARRAY tag's values. */
export function headerStringArray(h: RpmHeader, tag: number): string[] | undefined {
  const e = h.entries.get(tag);
  if (!e) return undefined;
  if (e.type !== RPM_TYPE.STRING_ARRAY && e.type !== RPM_TYPE.I18NSTRING && e.type !== RPM_TYPE.STRING)
    corrupt(`tag ${tag} has type ${e.type}, expected a string array`);
  const count = e.type === RPM_TYPE.STRING ? 1 : e.count;
  // Find the last NUL, then decode the run once and split it: one decode per array instead of one
  // per string halves the cost for file lists. A NUL byte only ever decodes to '\0' in UTF-8, so the
  // split yields exactly `count` strings. Bounded: checkEntry capped count at the data size.
  let end = e.offset - 1;
  for (let i = 0; i < count; i++) {
    end = h.data.indexOf(0, end + 1);
    if (end < 0) corrupt(`tag ${tag}: string ${i} of ${count} is not terminated inside the data`);
  }
  return h.data.toString('utf8', e.offset, end).split('\0');
}

/** An INT32 tag's values. */
export function headerInt32Array(h: RpmHeader, tag: number): number[] | undefined {
  const e = h.entries.get(tag);
  if (!e) return undefined;
  if (e.type !== RPM_TYPE.INT32) corrupt(`tag ${tag} has type ${e.type}, expected INT32`);
  const out = new Array<number>(e.count);
  for (let i = 0; i < e.count; i++) out[i] = h.data.readUInt32BE(e.offset + i * 4);
  return out;
}

function fileList(h: RpmHeader): string[] {
  const basenames = headerStringArray(h, RPMTAG.BASENAMES);
  if (basenames === undefined) return headerStringArray(h, RPMTAG.FILENAMES) ?? [];
  const dirnames = headerStringArray(h, RPMTAG.DIRNAMES) ?? [];
  const dirindexes = headerInt32Array(h, RPMTAG.DIRINDEXES) ?? [];
  if (dirindexes.length !== basenames.length)
    corrupt(`${basenames.length} file names but ${dirindexes.length} directory indexes`);
  const files = new Array<string>(basenames.length);
  for (let i = 0; i < basenames.length; i++) {
    const d = dirindexes[i] ?? 0;
    const dir = dirnames[d];
    if (dir === undefined) corrupt(`file ${i} points at directory ${d} of ${dirnames.length}`);
    files[i] = dir + (basenames[i] ?? '');
  }
  return files;
}

/**
 * Reads one installed package's header blob. Throws a `BulkheadError` (`TARGET_UNREADABLE`) when the
 * blob is corrupt or lacks NAME, VERSION or RELEASE.
 */
export function readRpmHeader(bytes: Uint8Array): RpmPackage {
  const h = parseRpmHeader(bytes);
  const name = headerString(h, RPMTAG.NAME);
  const version = headerString(h, RPMTAG.VERSION);
  const release = headerString(h, RPMTAG.RELEASE);
  if (!name || version === undefined || release === undefined) corrupt('NAME, VERSION or RELEASE is missing');
  const pkg: RpmPackage = { name, version, release, files: fileList(h) };
  const epoch = headerInt32Array(h, RPMTAG.EPOCH)?.[0];
  if (epoch !== undefined) pkg.epoch = epoch;
  const arch = headerString(h, RPMTAG.ARCH);
  if (arch !== undefined) pkg.arch = arch;
  const sourceRpm = headerString(h, RPMTAG.SOURCERPM);
  if (sourceRpm !== undefined) pkg.sourceRpm = sourceRpm;
  const license = headerString(h, RPMTAG.LICENSE);
  if (license !== undefined) pkg.license = license;
  const requires = headerStringArray(h, RPMTAG.REQUIRENAME);
  if (requires !== undefined) pkg.requires = requires;
  const provides = headerStringArray(h, RPMTAG.PROVIDENAME);
  if (provides !== undefined) pkg.provides = provides;
  return pkg;
}
