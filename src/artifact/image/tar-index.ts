import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { BulkheadError } from '../../core/errors.js';

/*
 * An index of an uncompressed tar archive on disk (a `docker save` or OCI archive): entry name
 * to data offset and size, built by reading the 512-byte headers only, so that each layer can
 * later be streamed straight from its byte range. tar-stream reads archives front to back and
 * cannot seek, which would mean reading a multi-gigabyte archive once per layer.
 */

export interface TarMember {
  offset: number;
  size: number;
}

const BLOCK = 512;

function cstr(buf: Buffer, start: number, len: number): string {
  const slice = buf.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

/** Size field: octal text, or base-256 when the high bit of the first byte is set (GNU). */
function sizeField(buf: Buffer): number {
  const f = buf.subarray(124, 136);
  if (((f[0] ?? 0) & 0x80) !== 0) {
    let n = 0;
    for (let i = 1; i < f.length; i++) n = n * 256 + (f[i] ?? 0);
    return n;
  }
  const text = cstr(buf, 124, 12).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = parseInt(cstr(h, 148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
  return sum === stored;
}

/** PAX extended header records: `<len> key=value\n`. */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('utf8'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') return rec.slice(eq + 1);
    i += len;
  }
  return undefined;
}

function normalise(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Indexes the regular files of an uncompressed tar. Corrupt archives are TARGET_UNREADABLE. */
export async function indexTar(path: string): Promise<Map<string, TarMember>> {
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw new BulkheadError(
      'TARGET_NOT_FOUND',
      `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e)}`,
      'check the archive path',
    );
  });
  const members = new Map<string, TarMember>();
  try {
    const { size: total } = await fh.stat();
    const header = Buffer.alloc(BLOCK);
    let pos = 0;
    let longName: string | undefined;
    for (;;) {
      if (pos + BLOCK > total) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${path}: truncated tar archive (ends inside a header at byte ${pos})`,
          'save or download the archive again',
        );
      }
      await fh.read(header, 0, BLOCK, pos);
      if (header.every((b) => b === 0)) break; // end-of-archive marker
      if (!checksumOk(header)) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${path}: not a tar archive or corrupt (bad header checksum at byte ${pos})`,
          'pass a docker save or OCI archive',
        );
      }
      const size = sizeField(header);
      const type = String.fromCharCode(header[156] ?? 0);
      const dataAt = pos + BLOCK;
      if (dataAt + size > total) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${path}: truncated tar archive (entry at byte ${pos} needs ${size} bytes)`,
          'save or download the archive again',
        );
      }
      if (type === 'x' || type === 'L') {
        const data = Buffer.alloc(size);
        await fh.read(data, 0, size, dataAt);
        longName = type === 'x' ? paxPath(data) : cstr(data, 0, size);
      } else {
        const magic = cstr(header, 257, 6);
        const prefix = magic.startsWith('ustar') ? cstr(header, 345, 155) : '';
        const name = longName ?? (prefix ? `${prefix}/${cstr(header, 0, 100)}` : cstr(header, 0, 100));
        longName = undefined;
        if (type === '0' || type === '\0' || type === '7')
          members.set(normalise(name), { offset: dataAt, size });
      }
      pos = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
  return members;
}

/** Streams one member's bytes from the archive. */
export function openMember(path: string, m: TarMember): AsyncIterable<Buffer> {
  if (m.size === 0) return (async function* () {})();
  return createReadStream(path, {
    start: m.offset,
    end: m.offset + m.size - 1,
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>;
}
