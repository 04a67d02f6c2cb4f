import {
  decodeText,
  failed,
  guarded,
  isRecord,
  keysOf,
  lines,
  PackageCollector,
  parseJson,
  parseTomlFile,
  pkg,
  str,
  strings,
  unique,
} from './common.js';
import { isTomlTable, tomlPackages, type TomlTable } from './toml-lite.js';
import type { LangResult } from './types.js';

// A distribution name as PEP 508 allows it (names are kept as written: normalising them is the
// purl's job).
const DIST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

/**
 * Installed distribution metadata: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, a single-file
 * `*.egg-info` (distutils), `EGG-INFO/PKG-INFO` inside an egg. RFC 822-style headers.
 */
export function parsePythonMetadata(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const headers = readHeaders(decodeText(bytes));
    if (headers === undefined) return failed(path, 'not a metadata file (no "Name:" header)');
    const name = str(headers.get('name')?.[0]);
    const version = str(headers.get('version')?.[0]);
    if (name === undefined || version === undefined) {
      return failed(path, `no ${name === undefined ? 'Name' : 'Version'} header`);
    }
    const requires: string[] = [];
    for (const req of headers.get('requires-dist') ?? []) {
      // Requirements behind an extra (`pytest; extra == "test"`) are only installed on request.
      const [spec = '', marker = ''] = req.split(';', 2);
      if (/\bextra\s*==/.test(marker)) continue;
      const depName = DIST_NAME.exec(spec.trim())?.[0];
      if (depName !== undefined) requires.push(depName);
    }
    return {
      packages: [
        pkg({
          type: 'pypi',
          name,
          version,
          path,
          licenses: pythonLicenses(headers),
          dependsOn: unique(requires),
        }),
      ],
      warnings: [],
    };
  });
}

/** Header names (lower-cased) to their values, up to the first blank line (the description). */
function readHeaders(text: string): Map<string, string[]> | undefined {
  const headers = new Map<string, string[]>();
  let last: { list: string[]; index: number; value: string } | undefined;
  for (const line of lines(text)) {
    // Only an empty line ends the headers: a whitespace-only line continues a header (a blank line
    // inside a License text), as Python's email parser reads it.
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      // A continuation line (long License texts are written this way).
      last.value += `\n${line.trim()}`;
      last.list[last.index] = last.value;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return headers.size > 0 ? headers : undefined;
    const key = line.slice(0, colon).trim().toLowerCase();
    let list = headers.get(key);
    if (list === undefined) {
      list = [];
      headers.set(key, list);
    }
    const value = line.slice(colon + 1).trim();
    list.push(value);
    last = { list, index: list.length - 1, value };
  }
  return headers.has('name') ? headers : undefined;
}

// License fields that say nothing.
const NO_LICENSE = /^(?:UNKNOWN|none|)$/i;

/**
 * License-Expression (PEP 639) when present; else License, unless it holds a whole license text;
 * else the trove classifiers (`License :: OSI Approved :: MIT License` → `MIT License`).
 */
function pythonLicenses(headers: Map<string, string[]>): string[] | undefined {
  const expression = str(headers.get('license-expression')?.[0]);
  if (expression !== undefined) return [expression];
  const license = str(headers.get('license')?.[0]);
  if (
    license !== undefined &&
    !NO_LICENSE.test(license) &&
    !license.includes('\n') &&
    license.length <= 100
  ) {
    return [license];
  }
  const fromClassifiers: string[] = [];
  for (const classifier of headers.get('classifier') ?? []) {
    const parts = classifier.split('::').map((p) => p.trim());
    if (parts[0] !== 'License' || parts.length < 2) continue;
    const last = parts[parts.length - 1] ?? '';
    if (last !== 'OSI Approved' && last !== '') fromClassifiers.push(last);
  }
  return unique(fromClassifiers);
}

// `name==1.2.3` or `name[extra]==1.2.3`, with an optional environment marker.
const PIN =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9._+!-]+)\s*(?:;.*)?$/;

/**
 * `requirements.txt`: only exact pins (`==`, `===`) name a version; ranges, URLs, editable
 * installs, includes (`-r`) and options are not packages with a known version.
 */
export function parseRequirementsTxt(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const out = new PackageCollector();
    // A trailing backslash continues the line (pip-compile puts --hash options there).
    const logical = decodeText(bytes).replace(/\\\r?\n/g, ' ');
    for (const raw of lines(logical)) {
      // A comment starts at a `#` at the start of the line or after whitespace.
      const line = raw.replace(/(?:^|\s)#.*$/, '').trim();
      if (line === '' || line.startsWith('-')) continue;
      // Per-requirement options (`--hash=sha256:...`) follow the requirement.
      const requirement = line.replace(/\s+--?[A-Za-z].*$/, '');
      const pin = PIN.exec(requirement);
      if (pin?.[1] === undefined || pin[2] === undefined) continue;
      out.add({ type: 'pypi', name: pin[1], version: pin[2], path, fromLockFile: true });
    }
    return { packages: out.list(), warnings: [] };
  });
}

/** `poetry.lock`: `[[package]]` tables; dev from `category` (lock 1.x) or `groups` (Poetry 2). */
export function parsePoetryLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const toml = parseTomlFile(path, bytes);
    if (!toml.ok) return toml.result;
    const out = new PackageCollector();
    for (const entry of tomlPackages(toml.doc)) {
      const name = str(entry.name);
      const version = str(entry.version);
      // A path dependency (`[package.source] type = "directory"`) is local code.
      const local = isTomlTable(entry.source) && entry.source.type === 'directory';
      if (name === undefined || version === undefined || local) continue;
      const groups = strings(entry.groups);
      const dev = entry.category === 'dev' || (groups.length > 0 && !groups.includes('main'));
      out.add({
        type: 'pypi',
        name,
        version,
        path,
        dependsOn: unique(keysOf(entry.dependencies)),
        fromLockFile: true,
        dev: dev ? true : undefined,
      });
    }
    return { packages: out.list(), warnings: [] };
  });
}

/** `Pipfile.lock`: `default` and `develop` sections; versions are written `==1.2.3`. */
export function parsePipfileLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const json = parseJson(path, bytes);
    if (!json.ok) return json.result;
    const lock = json.value;
    if (!isRecord(lock)) return failed(path, 'not a JSON object');
    const out = new PackageCollector();
    // A package in both sections is a runtime one: `default` goes first and wins the dev flag.
    for (const [section, dev] of [
      ['default', false],
      ['develop', true],
    ] as const) {
      const deps = lock[section];
      if (!isRecord(deps)) continue;
      for (const [name, entry] of Object.entries(deps)) {
        // Editable, path and VCS entries have no version.
        const pinned = isRecord(entry) ? str(entry.version) : undefined;
        const version = pinned?.replace(/^===?/, '');
        if (version === undefined || version === '' || version === pinned) continue;
        out.add({ type: 'pypi', name, version, path, fromLockFile: true, dev: dev ? true : undefined });
      }
    }
    return { packages: out.list(), warnings: [] };
  });
}

function uvDependencyNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d) => {
    const name = isTomlTable(d) ? str(d.name) : undefined;
    return name === undefined ? [] : [name];
  });
}

/**
 * `uv.lock`: `[[package]]` tables. The project itself (and workspace members) have an editable
 * or virtual source and are skipped; dependencies reached only from their dev groups are dev.
 */
export function parseUvLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const toml = parseTomlFile(path, bytes);
    if (!toml.ok) return toml.result;
    const entries = tomlPackages(toml.doc);
    const isRoot = (e: TomlTable): boolean =>
      isTomlTable(e.source) && (e.source.editable !== undefined || e.source.virtual !== undefined);

    const depsOf = new Map<string, string[]>();
    for (const e of entries) {
      const name = str(e.name);
      if (name === undefined) continue;
      const optional = isTomlTable(e['optional-dependencies'])
        ? Object.values(e['optional-dependencies']).flatMap(uvDependencyNames)
        : [];
      depsOf.set(name, [...(depsOf.get(name) ?? []), ...uvDependencyNames(e.dependencies), ...optional]);
    }
    const prodRoots: string[] = [];
    const devRoots: string[] = [];
    for (const root of entries.filter(isRoot)) {
      prodRoots.push(...(depsOf.get(str(root.name) ?? '') ?? []));
      const groups = root['dev-dependencies'];
      if (isTomlTable(groups)) devRoots.push(...Object.values(groups).flatMap(uvDependencyNames));
    }
    const prod = reachable(prodRoots, depsOf);
    const dev = reachable(devRoots, depsOf);

    const out = new PackageCollector();
    for (const e of entries) {
      const name = str(e.name);
      const version = str(e.version);
      if (name === undefined || version === undefined || isRoot(e)) continue;
      out.add({
        type: 'pypi',
        name,
        version,
        path,
        dependsOn: unique(uvDependencyNames(e.dependencies)),
        fromLockFile: true,
        dev: dev.has(name) && !prod.has(name) ? true : undefined,
      });
    }
    return { packages: out.list(), warnings: [] };
  });
}

function reachable(roots: string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    for (const next of edges.get(name) ?? []) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}
