import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { EntryType, LayerEntry } from '../image/layer.js';
import { BulkheadError } from '../../core/errors.js';
import { targetError } from './discover.js';

export interface FolderWalkOptions {
  /** Whether an analyzer wants this file's bytes (path relative to the root, forward slashes). */
  claim(path: string, mode: number, size: number): boolean;
  onFile(entry: LayerEntry, bytes: Buffer): void;
  /** Folder names never entered (`.git` for source trees; `proc`, `sys` at a root filesystem's top). */
  skip(path: string, name: string): boolean;
}

function typeOf(st: Stats): EntryType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

/**
 * Walks a folder the way the layer walker reads a layer: every entry listed with its mode and
 * owner (lstat: links are never followed, so a link to / cannot pull the host in), claimed files
 * read one at a time and handed over. Synchronous: many small files, read one after another,
 * were measured faster that way (see scan-files.ts).
 */
export function walkFolder(
  root: string,
  opts: FolderWalkOptions,
): { entries: LayerEntry[]; warnings: string[] } {
  const entries: LayerEntry[] = [];
  const warnings: string[] = [];
  const visit = (abs: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (e) {
      if (rel === '') throw targetError(root, e);
      warnings.push(`${rel}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}, skipped`);
      return;
    }
    names.sort();
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const full = join(abs, name);
      let st: Stats;
      try {
        st = lstatSync(full);
      } catch {
        warnings.push(`${path}: vanished during the scan, skipped`);
        continue;
      }
      const type = typeOf(st);
      const entry: LayerEntry = {
        path,
        type,
        mode: st.mode & 0o7777,
        size: st.size,
        uid: st.uid,
        gid: st.gid,
      };
      if (type === 'symlink') {
        try {
          entry.linkTarget = readlinkSync(full);
        } catch {
          // An unreadable link target changes nothing the rules look at.
        }
      }
      if (type === 'dir') {
        if (opts.skip(path, name)) continue;
        entries.push(entry);
        visit(full, path);
        continue;
      }
      entries.push(entry);
      if (type === 'file' && opts.claim(path, entry.mode, entry.size)) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(full);
        } catch (e) {
          warnings.push(`${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}, skipped`);
          continue;
        }
        opts.onFile(entry, bytes);
      }
    }
  };
  let isDir: boolean;
  try {
    isDir = lstatSync(root).isDirectory();
  } catch (e) {
    const err = targetError(root, e);
    throw err.code === 'TARGET_NOT_FOUND'
      ? new BulkheadError('TARGET_NOT_FOUND', `${root}: no such folder`, 'check the path', { cause: e })
      : err;
  }
  if (!isDir)
    throw new BulkheadError(
      'USAGE',
      `${root}: not a folder`,
      'pass a folder; scan an image archive with `bulkhead image`',
    );
  visit(root, '');
  return { entries, warnings };
}
