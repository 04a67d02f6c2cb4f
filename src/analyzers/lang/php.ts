import type { Package } from '../../core/package.js';
import {
  failed,
  guarded,
  isRecord,
  keysOf,
  PackageCollector,
  parseJson,
  str,
  strings,
  unique,
} from './common.js';
import type { LangResult } from './types.js';

function composerPackage(path: string, entry: unknown, lockFile: boolean, dev: boolean): Package | undefined {
  if (!isRecord(entry)) return undefined;
  const fullName = str(entry.name);
  const version = str(entry.version);
  if (fullName === undefined || version === undefined) return undefined;
  const slash = fullName.indexOf('/');
  const license = str(entry.license);
  return {
    type: 'composer',
    namespace: slash > 0 ? fullName.slice(0, slash) : undefined,
    name: slash > 0 ? fullName.slice(slash + 1) : fullName,
    version,
    path,
    licenses: license === undefined ? unique(strings(entry.license)) : [license],
    // Platform requirements (`php`, `ext-json`, `composer-plugin-api`) have no vendor and are no
    // packages.
    dependsOn: unique(keysOf(entry.require).filter((n) => n.includes('/'))),
    fromLockFile: lockFile ? true : undefined,
    dev: dev ? true : undefined,
  };
}

/** `composer.lock`: `packages` and `packages-dev`. */
export function parseComposerLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const lock = json.value;
    if (!isRecord(lock)) return failed(path, 'not a JSON object');
    if (!Array.isArray(lock.packages)) return failed(path, 'not a composer.lock (no "packages" list)');
    const out = new PackageCollector();
    for (const entry of lock.packages) {
      const p = composerPackage(path, entry, true, false);
      if (p !== undefined) out.add(p);
    }
    for (const entry of Array.isArray(lock['packages-dev']) ? lock['packages-dev'] : []) {
      const p = composerPackage(path, entry, true, true);
      if (p !== undefined) out.add(p);
    }
    return { packages: out.list(), warnings: [] };
  });
}

/**
 * `vendor/composer/installed.json`: what Composer installed. Composer 1 writes an array of
 * packages; Composer 2 writes `{packages, dev, dev-package-names}`.
 */
export function parseComposerInstalled(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const doc = json.value;
    const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc.packages : undefined;
    if (!Array.isArray(list)) return failed(path, 'not a Composer installed.json (no package list)');
    const devNames = new Set(isRecord(doc) ? strings(doc['dev-package-names']) : []);
    const out = new PackageCollector();
    for (const entry of list) {
      const name = isRecord(entry) ? str(entry.name) : undefined;
      const p = composerPackage(path, entry, false, name !== undefined && devNames.has(name));
      if (p !== undefined) out.add(p);
    }
    return { packages: out.list(), warnings: [] };
  });
}
