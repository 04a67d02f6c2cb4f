/**
 * Just enough of Mach-O to map virtual addresses to file offsets and find a section by name:
 * LC_SEGMENT / LC_SEGMENT_64 and their sections, 32/64-bit, either byte order, and universal ("fat")
 * files, whose slices are each a whole Mach-O file. Every read is bounds-checked.
 */

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const MAX_FAT_ARCHS = 32;

export const VM_PROT_READ = 1;
export const VM_PROT_WRITE = 2;

export interface MachoSegment {
  name: string;
  vmaddr: number;
  /** Offset in the whole file (the slice start already added for universal files). */
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
}

export interface MachoSection {
  name: string;
  segment: string;
  addr: number;
  size: number;
  /** Offset in the whole file; 0 for zero-fill sections, which have no bytes in the file. */
  offset: number;
}

export interface MachoFile {
  bits: 32 | 64;
  bigEndian: boolean;
  cpuType: number;
  /** Where this image starts in the file: 0, or the slice offset inside a universal file. */
  start: number;
  segments: MachoSegment[];
  sections: MachoSection[];
}

type Thin = { bits: 32 | 64; bigEndian: boolean };

function thinKind(buf: Buffer, at: number): Thin | undefined {
  if (at < 0 || at + 4 > buf.length) return undefined;
  switch (buf.readUInt32BE(at)) {
    case 0xfeedface:
      return { bits: 32, bigEndian: true };
    case 0xfeedfacf:
      return { bits: 64, bigEndian: true };
    case 0xcefaedfe:
      return { bits: 32, bigEndian: false };
    case 0xcffaedfe:
      return { bits: 64, bigEndian: false };
    default:
      return undefined;
  }
}

/**
 * 0xcafebabe also starts every Java class file, where the next word is the class version (major
 * 45 or more, in the low half); a universal file has a small architecture count there instead.
 */
function fatArchCount(buf: Buffer): number | undefined {
  if (buf.length < 8) return undefined;
  const magic = buf.readUInt32BE(0);
  if (magic !== 0xcafebabe && magic !== 0xcafebabf) return undefined;
  const n = buf.readUInt32BE(4);
  return n >= 1 && n <= MAX_FAT_ARCHS ? n : undefined;
}

export function isMacho(bytes: Buffer): boolean {
  return thinKind(bytes, 0) !== undefined || fatArchCount(bytes) !== undefined;
}

function name16(buf: Buffer, off: number): string {
  const raw = buf.subarray(off, off + 16);
  const nul = raw.indexOf(0);
  return raw.toString('latin1', 0, nul < 0 ? raw.length : nul);
}

function parseThin(buf: Buffer, start: number, end: number): MachoFile | undefined {
  const kind = thinKind(buf, start);
  if (!kind) return undefined;
  const { bits, bigEndian } = kind;
  const fits = (off: number, n: number): boolean => off >= start && off + n <= end;
  const u32 = (off: number): number => (bigEndian ? buf.readUInt32BE(off) : buf.readUInt32LE(off));
  const u64 = (off: number): number | undefined => {
    const v = bigEndian ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  };
  const headerSize = bits === 64 ? 32 : 28;
  if (!fits(start, headerSize)) return undefined;
  const cpuType = u32(start + 4);
  const ncmds = u32(start + 16);
  const sizeofcmds = u32(start + 20);

  const segments: MachoSegment[] = [];
  const sections: MachoSection[] = [];
  const cmdsEnd = Math.min(end, start + headerSize + sizeofcmds);
  let at = start + headerSize;
  for (let i = 0; i < ncmds && at + 8 <= cmdsEnd; i++) {
    const cmd = u32(at);
    const cmdsize = u32(at + 4);
    // A command smaller than its own header would loop forever; the format requires at least 8.
    if (cmdsize < 8 || at + cmdsize > cmdsEnd) break;
    if (cmd === LC_SEGMENT_64 && cmdsize >= 72) {
      const segname = name16(buf, at + 8);
      const vmaddr = u64(at + 24);
      const fileoff = u64(at + 40);
      const filesize = u64(at + 48);
      const maxprot = u32(at + 56);
      const initprot = u32(at + 60);
      const nsects = u32(at + 64);
      if (vmaddr !== undefined && fileoff !== undefined && filesize !== undefined) {
        segments.push({ name: segname, vmaddr, fileoff: start + fileoff, filesize, maxprot, initprot });
      }
      for (let s = 0, sect = at + 72; s < nsects && sect + 80 <= at + cmdsize; s++, sect += 80) {
        const addr = u64(sect + 32);
        const size = u64(sect + 40);
        const offset = u32(sect + 48);
        if (addr === undefined || size === undefined) continue;
        sections.push({
          name: name16(buf, sect),
          segment: name16(buf, sect + 16),
          addr,
          size,
          offset: offset === 0 ? 0 : start + offset,
        });
      }
    } else if (cmd === LC_SEGMENT && cmdsize >= 56) {
      const segname = name16(buf, at + 8);
      segments.push({
        name: segname,
        vmaddr: u32(at + 24),
        fileoff: start + u32(at + 32),
        filesize: u32(at + 36),
        maxprot: u32(at + 40),
        initprot: u32(at + 44),
      });
      const nsects = u32(at + 48);
      for (let s = 0, sect = at + 56; s < nsects && sect + 68 <= at + cmdsize; s++, sect += 68) {
        const offset = u32(sect + 40);
        sections.push({
          name: name16(buf, sect),
          segment: name16(buf, sect + 16),
          addr: u32(sect + 32),
          size: u32(sect + 36),
          offset: offset === 0 ? 0 : start + offset,
        });
      }
    }
    at += cmdsize;
  }
  return { bits, bigEndian, cpuType, start, segments, sections };
}

/**
 * Parses a Mach-O file into its images: one for a thin file, one per readable slice for a universal
 * file. Returns undefined when the file is not Mach-O or no image could be read.
 */
export function parseMacho(buf: Buffer): MachoFile[] | undefined {
  if (thinKind(buf, 0)) {
    const one = parseThin(buf, 0, buf.length);
    return one ? [one] : undefined;
  }
  const n = fatArchCount(buf);
  if (n === undefined) return undefined;
  const fat64 = buf.readUInt32BE(0) === 0xcafebabf;
  const entrySize = fat64 ? 32 : 20;
  const images: MachoFile[] = [];
  for (let i = 0; i < n; i++) {
    const e = 8 + i * entrySize;
    if (e + entrySize > buf.length) break;
    // The fat header and its entries are always big-endian.
    let offset: number;
    let size: number;
    if (fat64) {
      const o = buf.readBigUInt64BE(e + 8);
      const s = buf.readBigUInt64BE(e + 16);
      if (o > BigInt(buf.length) || s > BigInt(buf.length)) continue;
      offset = Number(o);
      size = Number(s);
    } else {
      offset = buf.readUInt32BE(e + 8);
      size = buf.readUInt32BE(e + 12);
    }
    if (offset < 8 || offset >= buf.length) continue;
    const image = parseThin(buf, offset, Math.min(buf.length, offset + size));
    if (image) images.push(image);
  }
  return images.length > 0 ? images : undefined;
}
