import { failed, guarded, isRecord, keysOf, PackageCollector, parseJson, str, unique } from './common.js';
import type { LangResult } from './types.js';

/** `Newtonsoft.Json/13.0.3` → name and version (NuGet ids hold no slash). */
function splitLibraryKey(key: string): { name: string; version: string } | undefined {
  const slash = key.lastIndexOf('/');
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { name: key.slice(0, slash), version: key.slice(slash + 1) };
}

/**
 * `<app>.deps.json`, written next to a built .NET application: `libraries` of type `package`
 * are the NuGet packages it runs with (`project` entries are the application's own assemblies).
 */
export function parseDepsJson(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const doc = json.value;
    if (!isRecord(doc) || !isRecord(doc.libraries)) return failed(path, 'not a .deps.json (no "libraries")');
    // Dependencies are listed per target framework (and runtime); any target that lists a library
    // tells what it depends on.
    const depsOf = new Map<string, string[]>();
    for (const target of Object.values(isRecord(doc.targets) ? doc.targets : {})) {
      if (!isRecord(target)) continue;
      for (const [key, lib] of Object.entries(target)) {
        if (isRecord(lib)) depsOf.set(key, [...(depsOf.get(key) ?? []), ...keysOf(lib.dependencies)]);
      }
    }
    const out = new PackageCollector();
    for (const [key, lib] of Object.entries(doc.libraries)) {
      const id = splitLibraryKey(key);
      if (id === undefined || !isRecord(lib) || lib.type !== 'package') continue;
      out.add({ type: 'nuget', ...id, path, dependsOn: unique(depsOf.get(key) ?? []) });
    }
    return { packages: out.list(), warnings: [] };
  });
}

/** NuGet's `packages.lock.json`: `dependencies.<framework>.<name>.resolved`. */
export function parseNugetLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const doc = json.value;
    if (!isRecord(doc) || !isRecord(doc.dependencies)) {
      return failed(path, 'not a NuGet packages.lock.json (no "dependencies")');
    }
    const out = new PackageCollector();
    for (const framework of Object.values(doc.dependencies)) {
      if (!isRecord(framework)) continue;
      for (const [name, entry] of Object.entries(framework)) {
        // `Project` entries are other projects of the solution.
        if (!isRecord(entry) || entry.type === 'Project') continue;
        const version = str(entry.resolved);
        if (version === undefined) continue;
        out.add({
          type: 'nuget',
          name,
          version,
          path,
          dependsOn: unique(keysOf(entry.dependencies)),
          fromLockFile: true,
        });
      }
    }
    return { packages: out.list(), warnings: [] };
  });
}
