import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { BulkheadError } from '../../core/errors.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile` (and `Containerfile.*`), any case. */
export function isDockerfileName(name: string): boolean {
  if (/\.dockerignore$/i.test(name)) return false;
  return /^(dockerfile|containerfile)(\..+)?$/i.test(name) || /^.+\.(dockerfile|containerfile)$/i.test(name);
}

export interface Discovered {
  /** Absolute path to read. */
  abs: string;
  /** Path shown in reports: relative to the working directory, forward slashes. */
  display: string;
}

export interface DiscoverResult {
  files: Discovered[];
  warnings: string[];
}

function display(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const p = rel === '' ? basename(abs) : rel.startsWith('..') ? abs : rel;
  return p.split(sep).join('/');
}

/**
 * Finds Dockerfiles under the given paths. A file named explicitly is always scanned; folders
 * are walked recursively without following directory symlinks (no loops), skipping VCS and
 * node_modules folders. A path that does not exist or cannot be read is a TARGET error.
 */
export async function discoverDockerfiles(paths: readonly string[], cwd: string): Promise<DiscoverResult> {
  const files = new Map<string, Discovered>();
  const warnings: string[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : join(cwd, p);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      throw targetError(p, e);
    }
    if (st.isFile()) files.set(abs, { abs, display: display(abs, cwd) });
    else if (st.isDirectory()) await walk(abs, cwd, files, warnings);
    else
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${p}: not a regular file or folder`,
        'pass Dockerfiles or folders that hold them',
      );
  }
  return {
    files: [...files.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0)),
    warnings,
  };
}

async function walk(
  dir: string,
  cwd: string,
  out: Map<string, Discovered>,
  warnings: string[],
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw targetError(display(dir, cwd), e);
  }
  for (const ent of entries) {
    const abs = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (!SKIP_DIRS.has(ent.name)) await walk(abs, cwd, out, warnings);
      continue;
    }
    if (!isDockerfileName(ent.name)) continue;
    if (ent.isSymbolicLink()) {
      try {
        const st = await stat(abs);
        if (!st.isFile()) continue;
      } catch {
        warnings.push(`${display(abs, cwd)}: broken symbolic link, skipped`);
        continue;
      }
    } else if (!ent.isFile()) {
      const st = await lstat(abs);
      if (!st.isFile()) continue;
    }
    out.set(abs, { abs, display: display(abs, cwd) });
  }
}

export function targetError(path: string, e: unknown): BulkheadError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new BulkheadError(
      'TARGET_NOT_FOUND',
      `${path}: no such file or folder`,
      'check the path; pass `-` to read a Dockerfile from stdin',
      { cause: e },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new BulkheadError(
      'TARGET_UNREADABLE',
      `${path}: permission denied`,
      'run with a user that can read it',
      { cause: e },
    );
  }
  if (code === 'ELOOP') {
    return new BulkheadError(
      'TARGET_UNREADABLE',
      `${path}: too many levels of symbolic links`,
      'fix the symbolic link',
      { cause: e },
    );
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new BulkheadError(
    'TARGET_UNREADABLE',
    `${path}: cannot read (${code ?? msg})`,
    'check that the path is a readable file or folder',
    { cause: e },
  );
}
