import { BulkheadError } from '../../../core/errors.js';
import type { RpmBlobsRead, RpmHeaderBlob } from './header.js';

/*
 * rpm's NDB backend (`Packages.db`, SUSE since SLE 15 SP3 / openSUSE), as written by rpm's
 * lib/backend/ndb/rpmpkg.c. All numbers are little-endian.
 *
 * - a 32-byte header: magic "RpmP", version 0, generation, number of slot pages, next package index.
 * - slot pages (4 KiB each, the header taking the first two 16-byte slots of page 0): slots
 *   {magic "Slot", package index, block offset, block count}; block offset 0 marks a free slot.
 * - blobs at blockOffset * 16: a 16-byte head {magic "BlbS", package index, timestamp, length},
 *   the header blob, padding, and a 12-byte tail {adler32, length, magic "BlbE"}; blockCount covers
 *   head, blob and tail rounded up to 16 bytes.
 *
 * rpm itself does not verify the adler32 when it reads a package (only when moving blobs), so
 * neither does this reader; the head, length and tail are checked instead.
 */

const NDB_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_HEAD_MAGIC = 0x53626c42; // "BlbS"
const BLOB_TAIL_MAGIC = 0x45626c42; // "BlbE"
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const PAGE_SIZE = 4096;
const BLOB_HEAD = 16;
const BLOB_TAIL = 12;

function unreadable(msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    msg,
    'The RPM database is damaged or not an rpm NDB database.',
  );
}

/** True when the bytes start with an NDB header. */
export function isNdb(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === NDB_MAGIC;
}

interface Slot {
  pkgIndex: number;
  blkOffset: number;
  blkCount: number;
}

/** Reads one blob; returns an error message instead when it is damaged. */
function readBlob(bytes: Buffer, slot: Slot, slotPages: number): Uint8Array | string {
  const fileBlocks = Math.floor(bytes.length / BLK_SIZE);
  if (slot.blkOffset < slotPages * (PAGE_SIZE / BLK_SIZE))
    return `blob offset ${slot.blkOffset} is inside the slot pages`;
  if (slot.blkCount < Math.ceil((BLOB_HEAD + BLOB_TAIL) / BLK_SIZE))
    return `blob of ${slot.blkCount} blocks is too small`;
  if (slot.blkOffset + slot.blkCount > fileBlocks)
    return `blob at block ${slot.blkOffset} (${slot.blkCount} blocks) is past the end of the file (truncated database?)`;
  const at = slot.blkOffset * BLK_SIZE;
  if (bytes.readUInt32LE(at) !== BLOB_HEAD_MAGIC) return 'bad blob magic';
  const owner = bytes.readUInt32LE(at + 4);
  if (owner !== slot.pkgIndex) return `the blob belongs to package ${owner}`;
  const length = bytes.readUInt32LE(at + 12);
  if (slot.blkCount !== Math.ceil((BLOB_HEAD + length + BLOB_TAIL) / BLK_SIZE))
    return `blob length ${length} does not match its ${slot.blkCount} blocks`;
  const tail = at + slot.blkCount * BLK_SIZE - BLOB_TAIL;
  if (bytes.readUInt32LE(tail + 4) !== length || bytes.readUInt32LE(tail + 8) !== BLOB_TAIL_MAGIC)
    return 'bad blob tail';
  return bytes.subarray(at + BLOB_HEAD, at + BLOB_HEAD + length);
}

export function readNdbBlobs(bytes: Buffer): RpmBlobsRead {
  if (bytes.length < HEADER_SIZE || !isNdb(bytes)) unreadable('not an rpm NDB database');
  const version = bytes.readUInt32LE(4);
  if (version !== 0) unreadable(`unsupported NDB version ${version}`);
  const slotPages = bytes.readUInt32LE(12);
  if (slotPages === 0) unreadable('the NDB header lists no slot pages');

  const warnings: string[] = [];
  const presentPages = Math.min(slotPages, Math.floor(bytes.length / PAGE_SIZE));
  if (presentPages < slotPages)
    warnings.push(`the file is truncated: ${presentPages} of ${slotPages} slot pages present`);

  const slots: Slot[] = [];
  // Bounded by the pages present in the file: at most 256 slots per 4 KiB actually read.
  scan: for (let page = 0; page < presentPages; page++) {
    for (let o = page === 0 ? HEADER_SIZE : 0; o < PAGE_SIZE; o += SLOT_SIZE) {
      const at = page * PAGE_SIZE + o;
      if (bytes.readUInt32LE(at) !== SLOT_MAGIC) {
        // rpm refuses the whole database here; the slots read so far are still worth reporting.
        warnings.push(`slot ${at / SLOT_SIZE} has a bad magic; the remaining slots are not read`);
        break scan;
      }
      const blkOffset = bytes.readUInt32LE(at + 8);
      if (blkOffset === 0) continue;
      const pkgIndex = bytes.readUInt32LE(at + 4);
      const blkCount = bytes.readUInt32LE(at + 12);
      if (pkgIndex === 0 || blkCount === 0) {
        warnings.push(`slot ${at / SLOT_SIZE} is damaged (package ${pkgIndex}, ${blkCount} blocks), skipped`);
        continue;
      }
      slots.push({ pkgIndex, blkOffset, blkCount });
    }
  }

  const blobs: RpmHeaderBlob[] = [];
  // Blobs must not overlap (rpm relies on it when it allocates space). Crafted slots all pointing
  // at one large blob would otherwise make the header parser read it thousands of times.
  slots.sort((a, b) => a.blkOffset - b.blkOffset);
  let end = 0;
  let endOwner = 0;
  for (const slot of slots) {
    if (slot.blkOffset < end) {
      warnings.push(`package ${slot.pkgIndex}: its blob overlaps package ${endOwner}'s, skipped`);
      continue;
    }
    const blob = readBlob(bytes, slot, slotPages);
    if (typeof blob === 'string') {
      warnings.push(`package ${slot.pkgIndex}: ${blob}`);
      continue;
    }
    end = slot.blkOffset + slot.blkCount;
    endOwner = slot.pkgIndex;
    blobs.push({ index: slot.pkgIndex, blob });
  }
  blobs.sort((a, b) => a.index - b.index);
  return { blobs, warnings };
}
