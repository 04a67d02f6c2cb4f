import {
  guarded,
  isRecord,
  keysOf,
  PackageCollector,
  parseJson,
  splitNpmName,
  str,
  unique,
} from './common.js';
import type { LangResult } from './types.js';

/** `package-lock.json` and `npm-shrinkwrap.json`, lockfile versions 1, 2 and 3. */
export function parseNpmLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const lock = json.value;
    if (!isRecord(lock)) return { packages: [], warnings: [`${path}: not a JSON object`] };
    const collector = new PackageCollector();
    // v2 carries both layouts for old npm versions; `packages` is the complete one.
    if (isRecord(lock.packages)) readPackages(path, lock.packages, collector);
    else if (isRecord(lock.dependencies)) readDependencies(path, lock.dependencies, collector, 0);
    else if (lock.lockfileVersion === undefined) {
      return { packages: [], warnings: [`${path}: not an npm lock file (no lockfileVersion)`] };
    }
    return { packages: collector.list(), warnings: [] };
  });
}

const NODE_MODULES = 'node_modules/';

/** v2/v3: `packages` keyed by install path (`node_modules/a/node_modules/@s/b`). */
function readPackages(path: string, packages: Record<string, unknown>, out: PackageCollector): void {
  for (const [key, entry] of Object.entries(packages)) {
    // "" is the project itself; paths outside node_modules are workspace folders (local code);
    // `link: true` entries point at those folders.
    const at = key.lastIndexOf(NODE_MODULES);
    if (at < 0 || !isRecord(entry) || entry.link === true) continue;
    const version = str(entry.version);
    if (version === undefined) continue;
    // Aliases (`"x": "npm:real@1"`) are installed under the alias; `name` holds the real package.
    const { namespace, name } = splitNpmName(str(entry.name) ?? key.slice(at + NODE_MODULES.length));
    out.add({
      type: 'npm',
      namespace,
      name,
      version,
      path,
      dependsOn: unique([...keysOf(entry.dependencies), ...keysOf(entry.optionalDependencies)]),
      fromLockFile: true,
      dev: entry.dev === true ? true : undefined,
    });
  }
}

// npm nests v1 `dependencies` as deep as node_modules folders go; real trees stay far below this.
const MAX_V1_DEPTH = 64;

/** v1: `dependencies` nested like the node_modules tree, with `requires` for dependencies. */
function readDependencies(
  path: string,
  deps: Record<string, unknown>,
  out: PackageCollector,
  depth: number,
): void {
  if (depth > MAX_V1_DEPTH) return;
  for (const [fullName, entry] of Object.entries(deps)) {
    if (!isRecord(entry)) continue;
    const version = str(entry.version);
    // `file:` and `link:` versions are local folders, not published packages.
    if (version !== undefined && !/^(?:file|link):/.test(version)) {
      const { namespace, name } = splitNpmName(aliasTarget(version) ?? fullName);
      out.add({
        type: 'npm',
        namespace,
        name,
        version: aliasTarget(version) === undefined ? version : aliasVersion(version),
        path,
        dependsOn: unique(keysOf(entry.requires)),
        fromLockFile: true,
        dev: entry.dev === true ? true : undefined,
      });
    }
    if (isRecord(entry.dependencies)) readDependencies(path, entry.dependencies, out, depth + 1);
  }
}

// v1 records an alias as `"version": "npm:real-name@1.2.3"`.
function aliasTarget(version: string): string | undefined {
  if (!version.startsWith('npm:')) return undefined;
  const spec = version.slice(4);
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : undefined;
}

function aliasVersion(version: string): string {
  const spec = version.slice(4);
  return spec.slice(spec.indexOf('@', 1) + 1);
}
