import {
  decodeText,
  failed,
  guarded,
  isRecord,
  keysOf,
  lines,
  PackageCollector,
  parseYamlFile,
  splitAtVersion,
  splitNpmName,
  str,
  unique,
} from './common.js';
import type { LangResult } from './types.js';

/** `yarn.lock`: yarn classic (v1, its own format) and yarn berry (2+, YAML with `__metadata`). */
export function parseYarnLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const text = decodeText(bytes);
    return /^__metadata:/m.test(text) ? parseBerry(path, text) : parseClassic(path, text);
  });
}

// Ranges that point at local folders or at the project itself, not at published packages; patched
// and virtual (peer-dependent) entries repeat a package that also has its own npm: entry.
const LOCAL_RANGE = /^(?:file|link|portal|workspace|patch|exec|virtual):/;

interface ClassicEntry {
  spec: string;
  line: number;
  version?: string;
  deps: string[];
}

function parseClassic(path: string, text: string): LangResult {
  const entries: ClassicEntry[] = [];
  let current: ClassicEntry | undefined;
  let inDeps = false;
  let unknownLines = 0;
  let firstUnknown = 0;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0 && line.endsWith(':')) {
      // `"@babel/core@^7.0.0", "@babel/core@^7.12.3":` lists every range resolved to this entry.
      const first = line.slice(0, -1).split(',')[0]?.trim() ?? '';
      current = { spec: unquote(first), line: i + 1, deps: [] };
      entries.push(current);
      inDeps = false;
    } else if (current !== undefined && indent === 2) {
      const field = /^ {2}("?[^\s":]+"?):?(?: +(.*))?$/.exec(line);
      if (field === null) {
        unknownLines++;
        firstUnknown ||= i + 1;
        continue;
      }
      const key = unquote(field[1] ?? '');
      const value = field[2];
      inDeps = value === undefined && (key === 'dependencies' || key === 'optionalDependencies');
      if (key === 'version' && value !== undefined) current.version = unquote(value);
    } else if (current !== undefined && indent === 4 && inDeps) {
      const dep = /^ {4}("[^"]+"|\S+)/.exec(line);
      if (dep?.[1] !== undefined) current.deps.push(unquote(dep[1]));
    } else if (current === undefined || indent < 4) {
      unknownLines++;
      firstUnknown ||= i + 1;
    }
  }

  const warnings: string[] = [];
  if (unknownLines > 0) {
    if (entries.length === 0)
      return failed(path, `not a yarn lock file (line ${firstUnknown} not understood)`);
    warnings.push(`${path}: ${unknownLines} line(s) not understood, the first at line ${firstUnknown}`);
  }
  const out = new PackageCollector();
  for (const entry of entries) {
    const parsed = splitAtVersion(entry.spec);
    if (parsed === undefined) {
      warnings.push(`${path}: line ${entry.line}: no version range in "${entry.spec}"`);
      continue;
    }
    if (LOCAL_RANGE.test(parsed.rest)) continue;
    if (entry.version === undefined) {
      warnings.push(`${path}: line ${entry.line}: "${entry.spec}" has no version`);
      continue;
    }
    // An alias (`"alias@npm:real@^1"`) installs the real package under another name.
    const real = parsed.rest.startsWith('npm:') ? splitAtVersion(parsed.rest.slice(4))?.name : undefined;
    out.add({
      type: 'npm',
      ...splitNpmName(real ?? parsed.name),
      version: entry.version,
      path,
      dependsOn: unique(entry.deps),
      fromLockFile: true,
    });
  }
  return { packages: out.list(), warnings };
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function parseBerry(path: string, text: string): LangResult {
  const parsed = parseYamlFile(path, text);
  if (!parsed.ok) return parsed.result;
  const root = parsed.value;
  if (!isRecord(root)) return failed(path, 'not a yarn lock file');
  const out = new PackageCollector();
  for (const [key, entry] of Object.entries(root)) {
    if (key === '__metadata' || !isRecord(entry)) continue;
    // `resolution` names what was installed (`lodash@npm:4.17.21`), aliases resolved.
    const resolution = splitAtVersion(str(entry.resolution) ?? key.split(',')[0]?.trim() ?? '');
    const version = str(entry.version);
    if (resolution === undefined || version === undefined || LOCAL_RANGE.test(resolution.rest)) continue;
    out.add({
      type: 'npm',
      ...splitNpmName(resolution.name),
      version,
      path,
      dependsOn: unique([...keysOf(entry.dependencies), ...keysOf(entry.optionalDependencies)]),
      fromLockFile: true,
    });
  }
  return { packages: out.list(), warnings: [] };
}
