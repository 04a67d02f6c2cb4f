/**
 * Just enough of ELF (System V gABI) to map virtual addresses to file offsets and find a section by
 * name: program headers and section headers, 32/64-bit, either byte order. Everything read from
 * the file is bounds-checked, so a truncated or hostile file yields fewer headers, never an
 * exception or a large allocation.
 */

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;

export interface ElfSegment {
  type: number;
  flags: number;
  vaddr: number;
  offset: number;
  filesz: number;
}

export interface ElfSection {
  name: string;
  type: number;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfFile {
  bits: 32 | 64;
  bigEndian: boolean;
  machine: number;
  segments: ElfSegment[];
  /** Empty when the section header table is missing or cut off (stripped with sstrip, truncated). */
  sections: ElfSection[];
}

const SHN_XINDEX = 0xffff;
const PN_XNUM = 0xffff;
const MAX_NAME = 256;

export function isElf(bytes: Buffer): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46
  );
}

/** Reads fixed-size integers; every read is checked against the buffer and returns undefined past it. */
function reader(buf: Buffer, bigEndian: boolean) {
  const fits = (off: number, n: number): boolean =>
    Number.isSafeInteger(off) && off >= 0 && off + n <= buf.length;
  return {
    u16: (off: number): number | undefined =>
      fits(off, 2) ? (bigEndian ? buf.readUInt16BE(off) : buf.readUInt16LE(off)) : undefined,
    u32: (off: number): number | undefined =>
      fits(off, 4) ? (bigEndian ? buf.readUInt32BE(off) : buf.readUInt32LE(off)) : undefined,
    /** 64-bit values beyond 2^53 cannot be offsets into a buffer we hold, so they read as undefined. */
    u64: (off: number): number | undefined => {
      if (!fits(off, 8)) return undefined;
      const v = bigEndian ? buf.readBigUInt64BE(off) : buf.readBigUInt64LE(off);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
    },
  };
}

function cString(buf: Buffer, off: number): string {
  if (off < 0 || off >= buf.length) return '';
  const limit = Math.min(buf.length, off + MAX_NAME);
  let end = buf.indexOf(0, off);
  if (end < 0 || end > limit) end = limit;
  return buf.toString('latin1', off, end);
}

/** Parses the headers of an ELF file, or returns undefined when the identification or header is invalid. */
export function parseElf(buf: Buffer): ElfFile | undefined {
  if (!isElf(buf) || buf.length < 52) return undefined;
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) return undefined;
  const is64 = cls === 2;
  const bigEndian = data === 2;
  const r = reader(buf, bigEndian);
  const word = is64 ? r.u64 : r.u32;

  const machine = r.u16(18) ?? 0;
  const phoff = word(is64 ? 0x20 : 0x1c);
  const shoff = word(is64 ? 0x28 : 0x20);
  const base = is64 ? 0x36 : 0x2a;
  const phentsize = r.u16(base);
  let phnum = r.u16(base + 2);
  const shentsize = r.u16(base + 4);
  let shnum = r.u16(base + 6);
  let shstrndx = r.u16(base + 8);
  if (phoff === undefined || shoff === undefined || phentsize === undefined || phnum === undefined) {
    return undefined;
  }
  if (shentsize === undefined || shnum === undefined || shstrndx === undefined) return undefined;

  const shdrSize = is64 ? 64 : 40;
  const phdrSize = is64 ? 56 : 32;
  const sectionAt = (i: number): number => shoff + i * shentsize;
  // Files with many headers keep the real counts in section 0 (gABI "extended numbering").
  if (shoff !== 0 && shentsize >= shdrSize) {
    const s0 = sectionAt(0);
    if (shnum === 0) shnum = (is64 ? r.u64(s0 + 0x20) : r.u32(s0 + 0x14)) ?? 0;
    if (shstrndx === SHN_XINDEX) shstrndx = r.u32(s0 + (is64 ? 0x28 : 0x18)) ?? 0;
    if (phnum === PN_XNUM) phnum = r.u32(s0 + (is64 ? 0x2c : 0x1c)) ?? 0;
  }

  const segments: ElfSegment[] = [];
  if (phentsize >= phdrSize) {
    // The loop stops at the end of the buffer, so a huge count from a hostile header costs nothing.
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      if (p + phdrSize > buf.length) break;
      const type = r.u32(p);
      const flags = is64 ? r.u32(p + 4) : r.u32(p + 24);
      const offset = is64 ? r.u64(p + 8) : r.u32(p + 4);
      const vaddr = is64 ? r.u64(p + 16) : r.u32(p + 8);
      const filesz = is64 ? r.u64(p + 32) : r.u32(p + 16);
      if (type === undefined || flags === undefined) continue;
      if (offset === undefined || vaddr === undefined || filesz === undefined) continue;
      segments.push({ type, flags, vaddr, offset, filesz });
    }
  }

  const sections: ElfSection[] = [];
  if (shoff !== 0 && shentsize >= shdrSize) {
    // Indexed like the table, so that e_shstrndx still points at the right entry.
    const raw: ({ nameOff: number; type: number; addr: number; offset: number; size: number } | undefined)[] =
      [];
    for (let i = 0; i < shnum; i++) {
      const s = sectionAt(i);
      if (s + shdrSize > buf.length) break;
      const nameOff = r.u32(s);
      const type = r.u32(s + 4);
      const addr = is64 ? r.u64(s + 0x10) : r.u32(s + 0x0c);
      const offset = is64 ? r.u64(s + 0x18) : r.u32(s + 0x10);
      const size = is64 ? r.u64(s + 0x20) : r.u32(s + 0x14);
      const ok =
        nameOff !== undefined &&
        type !== undefined &&
        addr !== undefined &&
        offset !== undefined &&
        size !== undefined;
      raw.push(ok ? { nameOff, type, addr, offset, size } : undefined);
    }
    const strtab = raw[shstrndx];
    for (const s of raw) {
      if (!s) continue;
      const name = strtab && s.nameOff < strtab.size ? cString(buf, strtab.offset + s.nameOff) : '';
      sections.push({ name, type: s.type, addr: s.addr, offset: s.offset, size: s.size });
    }
  }

  return { bits: is64 ? 64 : 32, bigEndian, machine, segments, sections };
}
