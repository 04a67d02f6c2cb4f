import { isElf, parseElf, PF_W, PF_X, PT_LOAD } from './exe/elf.js';
import { isMacho, parseMacho, VM_PROT_READ, VM_PROT_WRITE } from './exe/macho.js';
import {
  IMAGE_SCN_CNT_INITIALIZED_DATA,
  IMAGE_SCN_MEM_READ,
  IMAGE_SCN_MEM_WRITE,
  isPe,
  parsePe,
} from './exe/pe.js';

/**
 * Build information that the Go linker writes into every binary since Go 1.13 (what
 * `go version -m` prints), read from the file's bytes: the binary is never run.
 *
 * The blob starts with `\xff Go buildinf:` at a 16-byte boundary, followed by the pointer size and
 * a flags byte. Since Go 1.18 (flags bit 1) the version and the module info follow inline as
 * uvarint-length-prefixed strings; before, two pointers lead to Go string headers (pointer, length)
 * that must be resolved through the segments' virtual addresses, in the byte order of flags bit 0.
 */

export interface GoModuleRef {
  path: string;
  version: string;
  sum?: string;
}

export interface GoModule extends GoModuleRef {
  /** A `replace` directive's target: a module, or a directory (with an empty or `(devel)` version). */
  replace?: GoModuleRef;
}

export interface GoBuildInfo {
  /** The toolchain, e.g. `go1.22.1` (`devel ...` for unreleased toolchains). */
  goVersion: string;
  /** Package path of the main package; absent for binaries built outside module mode before Go 1.18. */
  path?: string;
  /** The main module; absent outside module mode. Its version is `(devel)` unless built with `go install m@v`. */
  main?: GoModule;
  deps: GoModule[];
  /** `-ldflags`, `GOOS`, `vcs.revision`, ... */
  settings: Record<string, string>;
}

export interface GoBuildInfoResult {
  info?: GoBuildInfo;
  /** Set when the file carries Go build information that cannot be read: what is wrong, without the path. */
  problem?: string;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
// Every Go binary also carries its build ID; used to tell a damaged Go binary from a non-Go file
// that merely contains the magic (a tool that reads Go binaries embeds it as a literal).
const BUILD_ID = Buffer.from('\xff Go build ID: "', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
const FLAG_BIG_ENDIAN = 1;
const FLAG_INLINE = 2;
// Go's reader looks only this far into the data section; the fallback scan covers the rest.
const DATA_WINDOW = 64 * 1024;
// A blob at a 16-byte boundary that fails to decode is most likely a literal in someone's code;
// a few of them are tried before giving up, never an unbounded number.
const MAX_CANDIDATES = 8;
const MAX_VERSION_BYTES = 1024;
// Real module lists stay well under 1 MiB (Kubernetes binaries: ~100 KiB); a forged length above
// this cap is refused before any string is made of it.
const MAX_MODINFO_BYTES = 16 * 1024 * 1024;
const SENTINEL = 16;

/** True when the bytes start like an ELF, Mach-O (thin or universal) or PE file. */
export function isExecutableCandidate(bytes: Buffer): boolean {
  return isElf(bytes) || isMacho(bytes) || isPe(bytes);
}

/** Go build information of a binary, or undefined when it is not a Go binary or its build info is unreadable. */
export function readGoBuildInfo(path: string, bytes: Buffer): GoBuildInfo | undefined {
  return readGoBuildInfoDetailed(path, bytes).info;
}

/**
 * Like `readGoBuildInfo`, but says why a file that looks like a Go binary gave nothing, so that the
 * caller can warn (`<path>: <problem>`). A file that is simply not a Go binary gives `{}`.
 * `path` is not used to decide anything: the bytes are the whole truth.
 */
export function readGoBuildInfoDetailed(_path: string, bytes: Buffer): GoBuildInfoResult {
  if (!isExecutableCandidate(bytes)) return {};
  const images = imagesOf(bytes);

  // Where Go's own reader looks: the build info section, or the start of the data segment.
  const preferred: number[] = [];
  for (const image of images) {
    if (!image.dataWindow) continue;
    const { offset, end, vaddr } = image.dataWindow;
    preferred.push(...magicHits(bytes, offset, end, (at) => (vaddr + (at - offset)) % ALIGN === 0));
  }
  const first = decodeFirst(bytes, images, preferred);
  if (first.info) return first;

  // Then anywhere in writable data: external linkers (cgo) place the blob deeper than 64 KiB into
  // the data segment, and a stripped or truncated file may have lost the section that locates it.
  // Only when the headers give no such regions is the whole file scanned: that costs ~3 ms per
  // 10 MB, too much to pay for every non-Go executable in an image.
  const writable = images.flatMap((im) => im.regions.filter((r) => r.writable));
  const anywhere: number[] = [];
  if (writable.length > 0) {
    for (const r of writable) {
      const end = Math.min(bytes.length, r.offset + r.size);
      anywhere.push(...magicHits(bytes, r.offset, end, (at) => (r.vaddr + (at - r.offset)) % ALIGN === 0));
    }
  } else {
    anywhere.push(...magicHits(bytes, 0, bytes.length, (at) => at % ALIGN === 0));
  }
  const second = decodeFirst(
    bytes,
    images,
    [...new Set(anywhere)].filter((at) => !preferred.includes(at)).slice(0, MAX_CANDIDATES),
  );
  if (second.info) return second;

  // A blob where Go puts it is a damaged Go binary; one elsewhere may be a literal in another
  // program's code, so it is reported only when the file is a Go binary by its build ID too.
  if (first.problem !== undefined) return first;
  if (second.problem !== undefined && bytes.includes(BUILD_ID)) return second;
  return {};
}

/** The first of the blobs that decodes, or the first problem. */
function decodeFirst(buf: Buffer, images: Image[], offsets: number[]): GoBuildInfoResult {
  let problem: string | undefined;
  for (const at of offsets) {
    const image = images.find((im) => at >= im.start && at < im.end);
    const out = decodeBlob(buf, at, image);
    if (typeof out !== 'string') return { info: out };
    problem ??= out;
  }
  return problem === undefined ? {} : { problem };
}

/** Offsets of the magic in [from, to) that pass `aligned`, at most MAX_CANDIDATES of them. */
function magicHits(buf: Buffer, from: number, to: number, aligned: (at: number) => boolean): number[] {
  const hits: number[] = [];
  const view = buf.subarray(from, to);
  let pos = 0;
  while (hits.length < MAX_CANDIDATES) {
    const i = view.indexOf(MAGIC, pos);
    if (i < 0) break;
    if (aligned(from + i)) hits.push(from + i);
    pos = i + 1;
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Executable layout: how virtual addresses map to file offsets, and where Go looks for the blob.

interface Region {
  vaddr: number;
  offset: number;
  size: number;
  /** Go writes the blob into writable data; only these regions are scanned when it is not where expected. */
  writable: boolean;
}

interface Image {
  /** The file range this image occupies: the whole file, or one slice of a universal Mach-O. */
  start: number;
  end: number;
  regions: Region[];
  dataWindow?: { offset: number; end: number; vaddr: number };
}

function imagesOf(buf: Buffer): Image[] {
  const elf = parseElf(buf);
  if (elf) {
    const regions = elf.segments
      .filter((s) => s.type === PT_LOAD && s.filesz > 0)
      .map((s) => ({ vaddr: s.vaddr, offset: s.offset, size: s.filesz, writable: (s.flags & PF_W) !== 0 }));
    const section = elf.sections.find((s) => s.name === '.go.buildinfo');
    const dataStart =
      section?.addr ??
      elf.segments.find((s) => s.type === PT_LOAD && (s.flags & (PF_X | PF_W)) === PF_W)?.vaddr;
    return [withWindow({ start: 0, end: buf.length, regions }, dataStart, buf.length)];
  }

  const machos = parseMacho(buf);
  if (machos) {
    const rw = VM_PROT_READ | VM_PROT_WRITE;
    return machos.map((m) => {
      const regions = m.segments
        // __PAGEZERO claims the low 4 GiB without any bytes in the file.
        .filter((s) => s.filesize > 0 && s.name !== '__PAGEZERO')
        .map((s) => ({
          vaddr: s.vmaddr,
          offset: s.fileoff,
          size: s.filesize,
          writable: (s.initprot & VM_PROT_WRITE) !== 0,
        }));
      // A thin file owns all its bytes; a slice of a universal file ends with its last segment.
      const end = m.start === 0 ? buf.length : Math.max(m.start, ...regions.map((r) => r.offset + r.size));
      const section = m.sections.find((s) => s.name === '__go_buildinfo');
      const dataStart =
        section?.addr ??
        m.segments.find((s) => s.vmaddr !== 0 && s.filesize !== 0 && s.initprot === rw && s.maxprot === rw)
          ?.vmaddr;
      return withWindow({ start: m.start, end: Math.min(end, buf.length), regions }, dataStart, buf.length);
    });
  }

  const pe = parsePe(buf);
  if (pe) {
    const regions = pe.sections
      .filter((s) => s.rawSize > 0)
      .map((s) => ({
        vaddr: pe.imageBase + s.virtualAddress,
        offset: s.rawOffset,
        size: s.rawSize,
        writable: (s.characteristics & IMAGE_SCN_MEM_WRITE) !== 0,
      }));
    // The writable initialised data section (`.data`); alignment bits aside, nothing else may be set.
    const wanted = (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE) >>> 0;
    const alignBits = 0x00f00000;
    const data =
      pe.sections.find(
        (s) => s.virtualAddress !== 0 && s.rawSize !== 0 && (s.characteristics & ~alignBits) >>> 0 === wanted,
      ) ?? pe.sections.find((s) => s.name === '.data');
    const dataStart = data ? pe.imageBase + data.virtualAddress : undefined;
    return [withWindow({ start: 0, end: buf.length, regions }, dataStart, buf.length)];
  }
  return [];
}

function withWindow(image: Image, dataStart: number | undefined, fileLength: number): Image {
  if (dataStart === undefined) return image;
  const region = regionOf(image.regions, dataStart);
  if (!region) return image;
  const offset = region.offset + (dataStart - region.vaddr);
  const end = Math.min(fileLength, region.offset + region.size, offset + DATA_WINDOW);
  if (offset >= end) return image;
  return { ...image, dataWindow: { offset, end, vaddr: dataStart } };
}

function regionOf(regions: Region[], vaddr: number): Region | undefined {
  return regions.find((r) => vaddr >= r.vaddr && vaddr < r.vaddr + r.size);
}

/** The file offset of `size` bytes at `vaddr`, or what is wrong with them. */
function mapRange(buf: Buffer, image: Image, vaddr: number, size: number): number | string {
  const region = regionOf(image.regions, vaddr);
  if (!region) return `address 0x${vaddr.toString(16)} is not in any segment`;
  if (vaddr + size > region.vaddr + region.size)
    return `data at 0x${vaddr.toString(16)} runs past its segment`;
  const offset = region.offset + (vaddr - region.vaddr);
  if (offset + size > buf.length) return 'the file is truncated';
  return offset;
}

// ---------------------------------------------------------------------------------------------
// The blob.

/** Decodes the blob at `at`: the build info, or a problem. */
function decodeBlob(buf: Buffer, at: number, image: Image | undefined): GoBuildInfo | string {
  if (at + HEADER_SIZE > buf.length) return 'build info header is truncated';
  const ptrSize = buf[at + 14] ?? 0;
  const flags = buf[at + 15] ?? 0;

  let version: Buffer;
  let modinfo: Buffer;
  if (flags & FLAG_INLINE) {
    const v = inlineString(buf, at + HEADER_SIZE, MAX_VERSION_BYTES);
    if (typeof v === 'string') return `Go version: ${v}`;
    const m = inlineString(buf, v.next, MAX_MODINFO_BYTES);
    if (typeof m === 'string') return `module info: ${m}`;
    version = v.bytes;
    modinfo = m.bytes;
  } else {
    if (ptrSize !== 4 && ptrSize !== 8) return `unsupported pointer size ${ptrSize}`;
    if (!image) return 'build info uses pointers, but the executable headers are unreadable';
    const bigEndian = (flags & FLAG_BIG_ENDIAN) !== 0;
    const readPtr = (off: number): number | undefined => {
      if (ptrSize === 4) return bigEndian ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
      const v = bigEndian ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
    };
    const pointedString = (headerAddr: number | undefined, limit: number): Buffer | string => {
      if (headerAddr === undefined) return 'address out of range';
      const hdr = mapRange(buf, image, headerAddr, 2 * ptrSize);
      if (typeof hdr === 'string') return hdr;
      const dataAddr = readPtr(hdr);
      const length = readPtr(hdr + ptrSize);
      if (dataAddr === undefined || length === undefined) return 'address out of range';
      if (length > limit) return `implausible length ${length}`;
      if (length === 0) return Buffer.alloc(0);
      const data = mapRange(buf, image, dataAddr, length);
      return typeof data === 'string' ? data : buf.subarray(data, data + length);
    };
    // at + 16 + 2 * ptrSize <= at + HEADER_SIZE: both pointers lie inside the checked header.
    const v = pointedString(readPtr(at + 16), MAX_VERSION_BYTES);
    if (typeof v === 'string') return `Go version: ${v}`;
    const m = pointedString(readPtr(at + 16 + ptrSize), MAX_MODINFO_BYTES);
    if (typeof m === 'string') return `module info: ${m}`;
    version = v;
    modinfo = m;
  }

  const goVersion = version.toString('utf8');
  // Go itself accepts any non-empty string; garbage here means we decoded the wrong bytes.
  if (!/^(?:go\d|devel\b)[\x20-\x7e]*$/.test(goVersion)) {
    return goVersion === '' ? 'empty Go version' : 'Go version is not readable';
  }
  // The module info is framed by 16-byte sentinels; without them there is none (GOPATH builds).
  let text = '';
  if (modinfo.length >= 2 * SENTINEL + 1 && modinfo[modinfo.length - SENTINEL - 1] === 0x0a) {
    text = modinfo.toString('utf8', SENTINEL, modinfo.length - SENTINEL);
  }
  const parsed = parseModInfo(text);
  if (typeof parsed === 'string') return `module info: ${parsed}`;
  return { goVersion, ...parsed };
}

/** A uvarint-length-prefixed string at `at`. */
function inlineString(buf: Buffer, at: number, limit: number): { bytes: Buffer; next: number } | string {
  let length = 0;
  let shift = 1;
  let pos = at;
  // At most 8 length bytes: 56 bits already exceed any buffer, and the loop cannot run away.
  for (let n = 0; ; n++) {
    if (pos >= buf.length) return 'the file is truncated';
    if (n === 8) return 'bad length';
    const b = buf[pos++] ?? 0;
    length += (b & 0x7f) * shift;
    shift *= 128;
    if ((b & 0x80) === 0) break;
  }
  if (length > limit) return `implausible length ${length}`;
  if (pos + length > buf.length) return 'the file is truncated';
  return { bytes: buf.subarray(pos, pos + length), next: pos + length };
}

// ---------------------------------------------------------------------------------------------
// The module info text, as runtime/debug formats it.

type ParsedModInfo = Omit<GoBuildInfo, 'goVersion'>;

function moduleRef(fields: string[]): GoModuleRef {
  const [path = '', version = '', sum = ''] = fields;
  return sum === '' ? { path, version } : { path, version, sum };
}

/** Parses module info; like Go, an unknown line kind is skipped and a malformed known one is an error. */
export function parseModInfo(text: string): ParsedModInfo | string {
  let path: string | undefined;
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  const settings: [string, string][] = [];
  let last: GoModule | undefined;
  let lineNo = 0;
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    // Like Go, a final line without a newline is not part of the data.
    if (nl < 0) break;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    lineNo++;
    const tab = line.indexOf('\t');
    // Every known line kind is followed by a tab; anything else is skipped, as Go does.
    if (tab < 0) continue;
    const kind = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    switch (kind) {
      case 'path':
        path = rest;
        break;
      case 'mod':
      case 'dep': {
        const fields = rest.split('\t');
        if (fields.length !== 2 && fields.length !== 3) {
          return `line ${lineNo}: expected 2 or 3 columns, got ${fields.length}`;
        }
        last = moduleRef(fields);
        if (kind === 'mod') main = last;
        else deps.push(last);
        break;
      }
      case '=>': {
        const fields = rest.split('\t');
        if (fields.length !== 3)
          return `line ${lineNo}: expected 3 columns for a replacement, got ${fields.length}`;
        if (!last) return `line ${lineNo}: replacement with no module on the previous line`;
        last.replace = moduleRef(fields);
        last = undefined;
        break;
      }
      case 'build': {
        const kv = parseSetting(rest);
        if (typeof kv === 'string') return `line ${lineNo}: ${kv}`;
        settings.push(kv);
        break;
      }
      default:
        break;
    }
  }
  return {
    ...(path === undefined ? {} : { path }),
    ...(main === undefined ? {} : { main }),
    deps,
    // fromEntries defines own properties: a key such as `__proto__` stays a plain key.
    settings: Object.fromEntries(settings),
  };
}

/** `key=value`, either side possibly Go-quoted (`-ldflags="-s -w"`). */
function parseSetting(kv: string): [string, string] | string {
  if (kv === '') return "build line missing '='";
  let key: string;
  let rawValue: string;
  const first = kv[0];
  if (first === '=') return 'build line with missing key';
  if (first === '"' || first === '`') {
    const end = quotedEnd(kv);
    if (end === undefined) return 'invalid quoted key in build line';
    if (kv[end] !== '=') return "build line missing '=' after quoted key";
    const k = unquote(kv.slice(0, end));
    if (k === undefined) return 'invalid quoted key in build line';
    key = k;
    rawValue = kv.slice(end + 1);
  } else {
    const eq = kv.indexOf('=');
    if (eq < 0) return "build line missing '=' after key";
    key = kv.slice(0, eq);
    if (/[= \t\r\n"`]/.test(key)) return 'unquoted key must be quoted';
    rawValue = kv.slice(eq + 1);
  }
  if (rawValue.startsWith('"') || rawValue.startsWith('`')) {
    const value = unquote(rawValue);
    if (value === undefined) return 'invalid quoted value in build line';
    return [key, value];
  }
  if (/[ \t\r\n"`]/.test(rawValue)) return 'unquoted value must be quoted';
  return [key, rawValue];
}

/** The index just past the quoted string at the start of `s`, or undefined when it is not closed. */
function quotedEnd(s: string): number | undefined {
  const q = s[0];
  if (q === '`') {
    const close = s.indexOf('`', 1);
    return close < 0 ? undefined : close + 1;
  }
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
    else if (c === '\n') return undefined;
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 0x5c,
  '"': 0x22,
};

/** Go's strconv.Unquote for a whole double- or back-quoted string; undefined when it is not one. */
export function unquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  if (s.startsWith('`')) {
    if (!s.endsWith('`') || s.indexOf('`', 1) !== s.length - 1) return undefined;
    return s.slice(1, -1).replaceAll('\r', '');
  }
  if (!s.startsWith('"') || !s.endsWith('"')) return undefined;
  const body = s.slice(1, -1);
  if (!/["\\\n]/.test(body)) return body;
  // \x and octal escapes are bytes, not characters: collect bytes and decode once. Every escape
  // is shorter in bytes than in source, so the body's UTF-8 length bounds the output.
  const out = Buffer.alloc(Buffer.byteLength(body, 'utf8'));
  let n = 0;
  for (let i = 0; i < body.length;) {
    const c = body[i] ?? '';
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
      n += out.write(ch, n, 'utf8');
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out[n++] = simple;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (e === 'x') out[n++] = cp;
      else if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      else n += out.write(String.fromCodePoint(cp), n, 'utf8');
      i += 2 + digits;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const byte = parseInt(oct, 8);
      if (byte > 255) return undefined;
      out[n++] = byte;
      i += 4;
    } else {
      return undefined;
    }
  }
  return out.toString('utf8', 0, n);
}
