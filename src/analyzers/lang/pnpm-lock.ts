import type { Package } from '../../core/package.js';
import {
  decodeText,
  failed,
  guarded,
  isRecord,
  keysOf,
  PackageCollector,
  parseYamlFile,
  splitAtVersion,
  splitNpmName,
  str,
  unique,
} from './common.js';
import type { LangResult } from './types.js';

/**
 * `pnpm-lock.yaml`: lockfile v5 (`/name/1.2.3_peer@1` keys), v6 (`/name@1.2.3(peer@1)`) and v9
 * (`packages` keyed `name@1.2.3`, with the dependency graph in `snapshots`).
 */
export function parsePnpmLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const parsed = parseYamlFile(path, decodeText(bytes));
    if (!parsed.ok) return parsed.result;
    const root = parsed.value;
    const lockfileVersion = isRecord(root) ? str(root.lockfileVersion) : undefined;
    if (!isRecord(root) || lockfileVersion === undefined) {
      return failed(path, 'not a pnpm lock file (no lockfileVersion)');
    }
    const major = Number.parseFloat(lockfileVersion);
    const packages = isRecord(root.packages) ? root.packages : {};
    const found =
      isRecord(root.snapshots) || major >= 9
        ? readV9(path, packages, isRecord(root.snapshots) ? root.snapshots : {}, root.importers)
        : readV5V6(path, packages, major >= 6);
    return { packages: found, warnings: [] };
  });
}

const LOCAL = /^(?:file|link|workspace):/;

function withoutPeers(version: string): string {
  const paren = version.indexOf('(');
  return paren < 0 ? version : version.slice(0, paren);
}

function readV5V6(path: string, packages: Record<string, unknown>, atKeys: boolean): Package[] {
  const out = new PackageCollector();
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry) || LOCAL.test(key)) continue;
    const id = atKeys ? parseAtKey(key) : parseSlashKey(key);
    // Git and tarball dependencies are keyed by URL; their entry holds the name and version.
    const name = str(entry.name) ?? id?.name;
    const version = str(entry.version) ?? id?.version;
    if (name === undefined || version === undefined || LOCAL.test(version)) continue;
    out.add({
      type: 'npm',
      ...splitNpmName(name),
      version,
      path,
      dependsOn: unique([...keysOf(entry.dependencies), ...keysOf(entry.optionalDependencies)]),
      fromLockFile: true,
      dev: entry.dev === 'true' ? true : undefined,
    });
  }
  return out.list();
}

/** v5: `/@babel/core/7.20.0_supports-color@5.5.0`; the peer suffix follows `_`. */
function parseSlashKey(key: string): { name: string; version: string } | undefined {
  if (!key.startsWith('/')) return undefined;
  const parts = key.slice(1).split('/');
  const scoped = parts[0]?.startsWith('@') === true;
  const name = scoped ? `${parts[0] ?? ''}/${parts[1] ?? ''}` : parts[0];
  const version = (scoped ? parts[2] : parts[1])?.split('_')[0];
  if (name === undefined || name === '' || version === undefined || version === '') return undefined;
  return { name, version: withoutPeers(version) };
}

/** v6: `/@babel/core@7.20.0(supports-color@5.5.0)`; v9: the same without the leading slash. */
function parseAtKey(key: string): { name: string; version: string } | undefined {
  const parsed = splitAtVersion(key.startsWith('/') ? key.slice(1) : key);
  if (parsed === undefined) return undefined;
  const version = withoutPeers(parsed.rest);
  return version === '' ? undefined : { name: parsed.name, version };
}

function snapshotDeps(snapshot: unknown): [string, string][] {
  if (!isRecord(snapshot)) return [];
  const deps: [string, string][] = [];
  for (const field of ['dependencies', 'optionalDependencies']) {
    const record = snapshot[field];
    if (!isRecord(record)) continue;
    for (const [name, value] of Object.entries(record)) {
      const version = str(value);
      if (version !== undefined) deps.push([name, version]);
    }
  }
  return deps;
}

/** The snapshot a dependency points at: `name@version`, or the value itself for an alias. */
function snapshotKey(name: string, version: string): string | undefined {
  if (LOCAL.test(version)) return undefined;
  return withoutPeers(version).indexOf('@', 1) > 0 ? version : `${name}@${version}`;
}

function readV9(
  path: string,
  packages: Record<string, unknown>,
  snapshots: Record<string, unknown>,
  importers: unknown,
): Package[] {
  // One package can have several snapshots (one per set of resolved peers).
  const snapshotsOf = new Map<string, string[]>();
  for (const key of Object.keys(snapshots)) {
    const base = withoutPeers(key);
    const list = snapshotsOf.get(base);
    if (list === undefined) snapshotsOf.set(base, [key]);
    else list.push(key);
  }
  const prodRoots: string[] = [];
  const devRoots: string[] = [];
  for (const importer of Object.values(isRecord(importers) ? importers : {})) {
    if (!isRecord(importer)) continue;
    for (const [field, roots] of [
      ['dependencies', prodRoots],
      ['optionalDependencies', prodRoots],
      ['devDependencies', devRoots],
    ] as const) {
      const deps = importer[field];
      if (!isRecord(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        // v9 importers hold `{specifier, version}`; older ones the version alone.
        const version = str(isRecord(spec) ? spec.version : spec);
        const key = version === undefined ? undefined : snapshotKey(name, version);
        if (key !== undefined) roots.push(key);
      }
    }
  }
  // pnpm 9 dropped the per-package `dev` flag: a package is dev-only when only the importers'
  // devDependencies lead to it.
  const reachable = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const queue = [...roots];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      if (seen.has(key)) continue;
      seen.add(key);
      for (const [name, version] of snapshotDeps(snapshots[key])) {
        const next = snapshotKey(name, version);
        if (next !== undefined && !seen.has(next)) queue.push(next);
      }
    }
    return seen;
  };
  const prod = reachable(prodRoots);
  const dev = reachable(devRoots);

  const out = new PackageCollector();
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) continue;
    const id = parseAtKey(key);
    const name = str(entry.name) ?? id?.name;
    const version = str(entry.version) ?? id?.version;
    if (name === undefined || version === undefined || LOCAL.test(version)) continue;
    const snaps = snapshotsOf.get(withoutPeers(key)) ?? [];
    const devOnly = snaps.some((s) => dev.has(s)) && !snaps.some((s) => prod.has(s));
    out.add({
      type: 'npm',
      ...splitNpmName(name),
      version,
      path,
      dependsOn: unique(snaps.flatMap((s) => snapshotDeps(snapshots[s]).map(([dep]) => dep))),
      fromLockFile: true,
      dev: devOnly ? true : undefined,
    });
  }
  return out.list();
}
