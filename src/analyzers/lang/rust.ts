import { guarded, PackageCollector, parseTomlFile, str, strings, unique } from './common.js';
import { tomlPackages } from './toml-lite.js';
import type { LangResult } from './types.js';

/**
 * `Cargo.lock`: `[[package]]` tables. Packages without a `source` are the workspace's own crates
 * (local code, not from a registry or git) and are skipped.
 */
export function parseCargoLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const toml = parseTomlFile(path, bytes);
    if (!toml.ok) return toml.result;
    const out = new PackageCollector();
    for (const entry of tomlPackages(toml.doc)) {
      const name = str(entry.name);
      const version = str(entry.version);
      if (name === undefined || version === undefined || str(entry.source) === undefined) continue;
      out.add({
        type: 'cargo',
        name,
        version,
        path,
        // `"serde"`, `"serde 1.0.188"` or `"serde 1.0.188 (registry+https://...)"` (lock v1/v2).
        dependsOn: unique(strings(entry.dependencies).map((d) => d.split(' ')[0] ?? d)),
        fromLockFile: true,
      });
    }
    return { packages: out.list(), warnings: [] };
  });
}
