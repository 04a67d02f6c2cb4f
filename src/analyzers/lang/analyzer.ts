import type { Package } from '../../core/package.js';
import type { InventoryRecord } from '../os/index.js';
import type { FileAnalyzer } from '../types.js';
import { isExecutableCandidate, readGoBuildInfoDetailed, type GoBuildInfo } from './go-binary.js';
import { splitModule } from './go-mod.js';
import { LANG_PARSERS } from './index.js';
import { readRustAudit } from './rust-binary.js';

/** Executables larger than this are not read for Go build information or Rust audit data. */
const MAX_BINARY_BYTES = 256 * 1024 * 1024;
/** Part of the cache key: bump it when what executables yield changes (2: Rust audit data). */
const BINARY_READERS_VERSION = 2;
const EXECUTABLE = 0o111;

/** Go writes `go1.22.1`; the Go vulnerability database and purls use `v1.22.1`. */
function goSemver(v: string): string {
  return v.startsWith('go') ? `v${v.slice(2)}` : v;
}

/** The packages a Go binary was built from: the standard library, the main module, its dependencies. */
export function goPackages(path: string, info: GoBuildInfo): Package[] {
  const out: Package[] = [];
  if (/^go\d/.test(info.goVersion))
    out.push({ type: 'golang', name: 'stdlib', version: goSemver(info.goVersion), path });
  const add = (mod: { path: string; version: string }, extra: Partial<Package> = {}): void => {
    if (!mod.version || mod.version === '(devel)') return;
    out.push({ type: 'golang', ...splitModule(mod.path), version: mod.version, path, ...extra });
  };
  if (info.main) add(info.main);
  for (const d of info.deps) add(d.replace ?? d);
  return out;
}

function analyzerFor(lockFiles: boolean): FileAnalyzer<InventoryRecord> {
  const parsers = LANG_PARSERS.filter((p) => lockFiles || !p.lockFile);
  return {
    name: lockFiles ? 'lang-packages+locks' : 'lang-packages',
    version: BINARY_READERS_VERSION + parsers.reduce((n, p) => n + p.version, 0),
    claims(path, mode, size) {
      if (size === 0) return false;
      if (parsers.some((p) => p.matches(path))) return size <= 64 * 1024 * 1024;
      return (mode & EXECUTABLE) !== 0 && size >= 1024 && size <= MAX_BINARY_BYTES;
    },
    analyze(path, bytes) {
      const parser = parsers.find((p) => p.matches(path));
      if (parser) {
        try {
          return [{ kind: 'packages', path, ...parser.parse(path, bytes) }];
        } catch (e) {
          // Parsers report bad input as warnings; an exception here is a bug, still not fatal.
          return [
            {
              kind: 'packages',
              path,
              packages: [],
              warnings: [`${path}: ${e instanceof Error ? e.message : String(e)}`],
            },
          ];
        }
      }
      if (!isExecutableCandidate(bytes)) return [];
      const go = readGoBuildInfoDetailed(path, bytes);
      if (go.problem)
        return [
          {
            kind: 'packages',
            path,
            packages: [],
            warnings: [`${path}: a Go binary whose build information is unreadable (${go.problem})`],
          },
        ];
      if (go.info) return [{ kind: 'packages', path, packages: goPackages(path, go.info), warnings: [] }];
      // Not a Go binary: a Rust one built with `cargo auditable`?
      const rust = readRustAudit(path, bytes);
      if (!rust) return [];
      const warnings = rust.problem
        ? [`${path}: a Rust binary whose cargo-auditable data is unreadable (${rust.problem})`]
        : [];
      return [{ kind: 'packages', path, packages: rust.packages, warnings }];
    },
  };
}

/** Installed language packages and Go binaries (images, root filesystems). */
export const langInstalledAnalyzer = analyzerFor(false);
/** The same plus lock files and manifests (`bulkhead fs` on a source tree). */
export const langAllAnalyzer = analyzerFor(true);
