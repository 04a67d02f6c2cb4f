import { inflateSync } from 'node:zlib';
import type { Package } from '../../core/package.js';
import { errorMessage, isRecord, PackageCollector, unique } from './common.js';
import { parseElf } from './exe/elf.js';
import { parseMacho } from './exe/macho.js';
import { parsePe } from './exe/pe.js';

/**
 * The dependency list that `cargo auditable` embeds in Rust binaries
 * (https://github.com/rust-secure-code/cargo-auditable): a zlib-compressed JSON document in a
 * section of its own, `.dep-v0` in ELF and PE files and `__DATA,.dep-v0` in Mach-O, read from the
 * file's bytes (the binary is never run):
 *
 *     {"packages":[{"name":"adler","version":"1.0.2","source":"crates.io","kind":"build",
 *                   "dependencies":[3],"root":true}, ...]}
 *
 * `dependencies` are indices into `packages`, `kind` ("build" or "runtime") and `root` may be
 * left out. The root package is the binary's own crate and is not listed; every other crate is,
 * whatever its source (crates.io, another registry, git, a local path) or kind.
 */

export interface RustAuditResult {
  packages: Package[];
  /** Set when the file has the section but its contents cannot be read: what is wrong, without the path. */
  problem?: string;
}

const SECTION = '.dep-v0';
const SHT_NOBITS = 8;
/** Real audit data stays in the kilobytes (a few hundred crates: ~20 KiB of JSON). */
export const MAX_AUDIT_JSON_BYTES = 8 * 1024 * 1024;

/**
 * The crates a cargo-auditable binary was built from; undefined when the file is not an executable
 * or has no audit data. Never throws: damaged data gives `problem` and no packages.
 */
export function readRustAudit(path: string, bytes: Buffer): RustAuditResult | undefined {
  try {
    return readAudit(path, bytes);
  } catch (err) {
    // The readers check every offset; this is a bug, reported like damage rather than thrown.
    return { packages: [], problem: errorMessage(err) };
  }
}

function readAudit(path: string, bytes: Buffer): RustAuditResult | undefined {
  const found = auditSection(bytes);
  if (found === undefined) return undefined;
  if (typeof found === 'string') return { packages: [], problem: found };

  let json: string;
  try {
    json = inflateSync(found, { maxOutputLength: MAX_AUDIT_JSON_BYTES }).toString('utf8');
  } catch (err) {
    const tooBig = isRecord(err) && err.code === 'ERR_BUFFER_TOO_LARGE';
    return {
      packages: [],
      problem: tooBig
        ? `audit data inflates to more than ${MAX_AUDIT_JSON_BYTES} bytes`
        : `audit data is not zlib data (${errorMessage(err)})`,
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json) as unknown;
  } catch (err) {
    return { packages: [], problem: `audit data is not JSON (${errorMessage(err)})` };
  }
  const packages = auditPackages(path, doc);
  return typeof packages === 'string' ? { packages: [], problem: packages } : { packages };
}

/** The compressed audit data, what is wrong with the section, or undefined when there is none. */
function auditSection(buf: Buffer): Buffer | string | undefined {
  const slice = (offset: number, size: number): Buffer | string => {
    if (size === 0) return `the ${SECTION} section is empty`;
    if (offset + size > buf.length) return `the ${SECTION} section runs past the end of the file`;
    return buf.subarray(offset, offset + size);
  };

  const elf = parseElf(buf);
  if (elf) {
    const s = elf.sections.find((sec) => sec.name === SECTION);
    if (!s) return undefined;
    if (s.type === SHT_NOBITS) return `the ${SECTION} section has no contents in the file`;
    return slice(s.offset, s.size);
  }

  const machos = parseMacho(buf);
  if (machos) {
    // A universal file holds one image per architecture, each with its own copy: the first will do.
    for (const m of machos) {
      const s = m.sections.find((sec) => sec.segment === '__DATA' && sec.name === SECTION);
      if (!s) continue;
      if (s.offset === 0) return `the ${SECTION} section has no contents in the file`;
      return slice(s.offset, s.size);
    }
    return undefined;
  }

  const pe = parsePe(buf);
  if (pe) {
    const s = pe.sections.find((sec) => sec.name === SECTION);
    if (!s) return undefined;
    // The raw data is padded to the file alignment; the virtual size is the real one.
    const size = s.virtualSize > 0 ? Math.min(s.virtualSize, s.rawSize) : s.rawSize;
    return slice(s.rawOffset, size);
  }
  return undefined;
}

/** The packages of the audit JSON, or what is wrong with its shape. */
function auditPackages(path: string, doc: unknown): Package[] | string {
  if (!isRecord(doc) || !Array.isArray(doc.packages)) return 'audit data has no "packages" list';
  const entries: unknown[] = doc.packages;
  const crates: { name: string; version: string; root: boolean; dependencies: number[] }[] = [];
  for (const [i, e] of entries.entries()) {
    if (!isRecord(e)) return `audit package ${i} is not an object`;
    const { name, version, root = false, dependencies = [] } = e;
    if (typeof name !== 'string' || name === '') return `audit package ${i} has no name`;
    if (typeof version !== 'string' || version === '') return `audit package ${i} has no version`;
    if (typeof root !== 'boolean') return `audit package ${i}: "root" is not true or false`;
    if (!Array.isArray(dependencies)) return `audit package ${i}: "dependencies" is not a list`;
    const indices: number[] = [];
    for (const d of dependencies as unknown[]) {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= entries.length)
        return `audit package ${i}: dependency ${String(d)} is not a package index`;
      indices.push(d);
    }
    crates.push({ name, version, root, dependencies: indices });
  }

  const out = new PackageCollector();
  for (const c of crates) {
    if (c.root) continue;
    const dependsOn = unique(c.dependencies.map((d) => crates[d]?.name ?? ''));
    out.add({ type: 'cargo', name: c.name, version: c.version, path, dependsOn });
  }
  return out.list();
}
