import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Header } from 'tar-stream';
import { BulkheadError } from '../../core/errors.js';
import { verified } from './digest.js';

/*
 * One image layer, read once as a stream: decompressed on the fly, every tar entry normalised
 * to a safe path inside the image, whiteouts collected, and only the files an analyzer claims
 * buffered (up to a size cap). Nothing is written to disk.
 */

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Path inside the image, without a leading slash (`etc/passwd`). */
  path: string;
  type: EntryType;
  mode: number;
  size: number;
  uid: number;
  gid: number;
  /** Symlink target as written, or the normalised path a hard link points to. */
  linkTarget?: string;
}

/** A whiteout: `path` deleted from lower layers, or (opaque) everything under `path` hidden. */
export interface Whiteout {
  path: string;
  opaque: boolean;
}

export interface LayerWalkOptions {
  /** Whether an analyzer wants this file's content. */
  claim(path: string, mode: number, size: number): boolean;
  /** Claimed files larger than this are listed but not buffered. */
  maxFileSize: number;
  /**
   * Receives each claimed file as soon as it is read; the walk then keeps no copy, so memory stays
   * flat however large the layer. Without it, claimed files are collected in `files`.
   */
  onFile?(entry: LayerEntry, bytes: Buffer): void;
  /**
   * The expected digest of the uncompressed tar (the config's diff ID): checked while streaming,
   * so that results cached under it are results for exactly those bytes.
   */
  diffId?: string;
  /** Called with the running count of compressed bytes read (for progress display). */
  onProgress?(bytesIn: number): void;
}

export interface LayerWalkResult {
  entries: LayerEntry[];
  whiteouts: Whiteout[];
  /** Contents of the claimed files, by path (only when no `onFile` was given). */
  files: Map<string, Buffer>;
  /** Entry names that would resolve outside the image (`../x`): never followed, listed here. */
  unsafe: string[];
  /** Compressed bytes read. */
  bytesIn: number;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * The path of a tar entry inside the image, or undefined when it would escape the image root.
 * Leading `/` and `./` are dropped; `a/../b` resolves inside the image; `../x` does not.
 */
export function safeEntryPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function entryType(h: Header): EntryType {
  switch (h.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Gzip and uncompressed tar are told apart by their first bytes, as container runtimes do. */
async function* decompressed(
  source: AsyncIterable<Buffer>,
  counter: { bytes: number; onProgress?: ((n: number) => void) | undefined },
): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value;
  const rest = async function* (): AsyncGenerator<Buffer> {
    counter.bytes += head.length;
    counter.onProgress?.(counter.bytes);
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      counter.bytes += n.value.length;
      counter.onProgress?.(counter.bytes);
      yield n.value;
    }
  };
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // pipe() does not forward errors: a failing source (a digest mismatch, a read error) must
    // fail the gunzip stream, or it would surface as an unhandled 'error' event.
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const src = Readable.from(rest());
    src.on('error', (e) => gunzip.destroy(e));
    yield* src.pipe(gunzip);
  } else if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    yield* unzstd(rest());
  } else {
    yield* rest();
  }
}

// Node 20's zlib has no zstd (it arrived in Node 22.15), so zstd layers go through fzstd, a
// streaming pure-JavaScript decoder.
async function* unzstd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const state = { ended: false };
  const { Decompress } = await import('fzstd');
  const d = new Decompress((chunk, final) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (final) state.ended = true;
  });
  for await (const chunk of source) {
    d.push(chunk);
    while (out.length > 0) yield out.shift() as Buffer;
  }
  if (!state.ended) d.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift() as Buffer;
  if (!state.ended) throw new Error('unexpected end of zstd data');
}

/** Reads one layer. Corrupt or truncated input is a TARGET_UNREADABLE error naming `label`. */
export async function walkLayer(
  source: AsyncIterable<Buffer>,
  label: string,
  opts: LayerWalkOptions,
): Promise<LayerWalkResult> {
  const result: LayerWalkResult = { entries: [], whiteouts: [], files: new Map(), unsafe: [], bytesIn: 0 };
  const counter = {
    bytes: 0,
    onProgress: opts.onProgress ? (n: number) => opts.onProgress?.(n) : undefined,
  };
  // Loaded on first use: a rescan served from the layer cache reads no tar at all.
  const { extract } = await import('tar-stream');
  const tar = extract();
  const plain = decompressed(source, counter);
  const input = Readable.from(opts.diffId ? verified(plain, opts.diffId, `${label} (uncompressed)`) : plain);
  input.on('error', (e) => {
    tar.destroy(e);
  });
  input.pipe(tar);
  try {
    for await (const entry of tar) {
      const h = entry.header;
      const path = safeEntryPath(h.name);
      if (path === undefined) {
        result.unsafe.push(h.name);
        entry.resume();
        continue;
      }
      const base = posix.basename(path);
      const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      if (base === OPAQUE) {
        result.whiteouts.push({ path: dir, opaque: true });
        entry.resume();
        continue;
      }
      if (base.startsWith(WHITEOUT_PREFIX)) {
        const target = base.slice(WHITEOUT_PREFIX.length);
        result.whiteouts.push({ path: dir ? `${dir}/${target}` : target, opaque: false });
        entry.resume();
        continue;
      }
      const type = entryType(h);
      const e: LayerEntry = { path, type, mode: h.mode, size: h.size, uid: h.uid, gid: h.gid };
      if (type === 'symlink' && h.linkname) e.linkTarget = h.linkname;
      if (type === 'hardlink' && h.linkname) {
        const target = safeEntryPath(h.linkname);
        if (target === undefined) {
          result.unsafe.push(h.name);
          entry.resume();
          continue;
        }
        e.linkTarget = target;
      }
      result.entries.push(e);
      if (type === 'file' && e.size <= opts.maxFileSize && opts.claim(path, e.mode, e.size)) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        if (opts.onFile) opts.onFile(e, bytes);
        else result.files.set(path, bytes);
      } else {
        entry.resume();
      }
    }
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: corrupt or truncated layer (${msg})`,
      'check that the image archive is complete',
      { cause: e },
    );
  }
  result.bytesIn = counter.bytes;
  return result;
}
