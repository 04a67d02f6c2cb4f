import { unique, guarded, isRecord, keysOf, parseJson, pkg, splitNpmName, str } from './common.js';
import type { LangResult } from './types.js';

// The package folder right under a node_modules folder (scoped or not). Files deeper inside a
// package (`node_modules/x/lib/package.json`, often `{"type": "module"}` markers) describe no package;
// dot folders (`.bin`, `.pnpm`, `.cache`) are npm's and pnpm's own.
const NODE_MODULES_PACKAGE_JSON = /(?:^|\/)node_modules\/(?:@[^/.][^/]*\/)?[^/.@][^/]*\/package\.json$/;

export function isNodeModulesPackageJson(path: string): boolean {
  return NODE_MODULES_PACKAGE_JSON.test(path);
}

/** An installed npm package (`node_modules/**\/package.json`). */
export function parseNpmPackageJson(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const manifest = json.value;
    if (!isRecord(manifest)) return { packages: [], warnings: [`${path}: not a JSON object`] };
    const fullName = str(manifest.name);
    const version = str(manifest.version);
    // Workspace roots and private apps may have neither; they are not installed packages.
    if (fullName === undefined || version === undefined) return { packages: [], warnings: [] };
    const { namespace, name } = splitNpmName(fullName);
    return {
      packages: [
        pkg({
          type: 'npm',
          namespace,
          name,
          version,
          path,
          licenses: npmLicenses(manifest),
          // Optional dependencies are installed whenever they can be; dev dependencies of an
          // installed package never are.
          dependsOn: unique([...keysOf(manifest.dependencies), ...keysOf(manifest.optionalDependencies)]),
        }),
      ],
      warnings: [],
    };
  });
}

/**
 * `license: "MIT"` (SPDX expression), or the forms npm deprecated but old packages still ship:
 * `license: {type, url}` and `licenses: [{type, url}]` or `licenses: ["MIT"]`.
 */
export function npmLicenses(manifest: Record<string, unknown>): string[] | undefined {
  const found: string[] = [];
  const take = (value: unknown): void => {
    const s = str(value) ?? (isRecord(value) ? str(value.type) : undefined);
    if (s !== undefined) found.push(s);
  };
  take(manifest.license);
  if (Array.isArray(manifest.licenses)) for (const l of manifest.licenses) take(l);
  else take(manifest.licenses);
  return unique(found);
}
