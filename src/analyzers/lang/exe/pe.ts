/**
 * Just enough of PE/COFF (Windows executables) to map virtual addresses to file offsets and find a
 * section: the image base and the section table, PE32 and PE32+. Every read is bounds-checked.
 */

export const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040;
export const IMAGE_SCN_MEM_READ = 0x40000000;
export const IMAGE_SCN_MEM_WRITE = 0x80000000;

export interface PeSection {
  /** Up to 8 characters; long names (`/123`, from the COFF string table) are left as they are. */
  name: string;
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
  characteristics: number;
}

export interface PeFile {
  pe32plus: boolean;
  machine: number;
  imageBase: number;
  sections: PeSection[];
}

const PE_SIGNATURE = 0x00004550; // "PE\0\0" read little-endian
const SECTION_SIZE = 40;

export function isPe(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x4d && bytes[1] === 0x5a;
}

/** Parses the headers of a PE file, or returns undefined when it is a bare DOS file or malformed. */
export function parsePe(buf: Buffer): PeFile | undefined {
  if (!isPe(buf) || buf.length < 0x40) return undefined;
  const pe = buf.readUInt32LE(0x3c);
  const coff = pe + 4;
  const optional = coff + 20;
  if (optional + 2 > buf.length || buf.readUInt32LE(pe) !== PE_SIGNATURE) return undefined;
  const machine = buf.readUInt16LE(coff);
  const nsections = buf.readUInt16LE(coff + 2);
  const optionalSize = buf.readUInt16LE(coff + 16);
  const magic = buf.readUInt16LE(optional);
  if (magic !== 0x10b && magic !== 0x20b) return undefined;
  const pe32plus = magic === 0x20b;
  let imageBase: number;
  if (pe32plus) {
    if (optional + 32 > buf.length) return undefined;
    const base = buf.readBigUInt64LE(optional + 24);
    if (base > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    imageBase = Number(base);
  } else {
    if (optional + 32 > buf.length) return undefined;
    imageBase = buf.readUInt32LE(optional + 28);
  }

  const sections: PeSection[] = [];
  const table = optional + optionalSize;
  for (let i = 0; i < nsections; i++) {
    const s = table + i * SECTION_SIZE;
    if (s + SECTION_SIZE > buf.length) break;
    const rawName = buf.subarray(s, s + 8);
    const nul = rawName.indexOf(0);
    sections.push({
      name: rawName.toString('latin1', 0, nul < 0 ? 8 : nul),
      virtualSize: buf.readUInt32LE(s + 8),
      virtualAddress: buf.readUInt32LE(s + 12),
      rawSize: buf.readUInt32LE(s + 16),
      rawOffset: buf.readUInt32LE(s + 20),
      characteristics: buf.readUInt32LE(s + 36),
    });
  }
  return { pe32plus, machine, imageBase, sections };
}
