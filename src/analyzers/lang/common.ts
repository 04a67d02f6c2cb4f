import type { Package } from '../../core/package.js';
import { MAX_YAML_NESTING, yamlNestingBound } from '../../util/yaml-depth.js';
import { yaml } from '../../util/lazy-yaml.js';
import { parseToml, type TomlTable } from './toml-lite.js';
import type { LangResult } from './types.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string after trimming, or undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The keys of an object, or nothing when the value is not one. */
export function keysOf(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

/** Non-empty strings of an array; anything else is dropped. */
export function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    const s = str(item);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/**
 * Text of a metadata file. A byte-order mark is dropped, and UTF-16 is decoded: `pip freeze >
 * requirements.txt` in Windows PowerShell writes UTF-16LE.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Lines without their `\r`, so files written on Windows read the same. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

export function failed(path: string, what: string): LangResult {
  return { packages: [], warnings: [`${path}: ${what}`] };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// A damaged file can fail on every entry; a few lines say enough.
const MAX_WARNINGS = 10;

/**
 * Runs a parser body so that nothing escapes: an unexpected shape deep in a file becomes a
 * warning for that file instead of an exception that would end the whole scan.
 */
export function guarded(path: string, parse: () => LangResult): LangResult {
  let result: LangResult;
  try {
    result = parse();
  } catch (err) {
    return failed(path, errorMessage(err));
  }
  const more = result.warnings.length - MAX_WARNINGS;
  if (more > 0) result.warnings.splice(MAX_WARNINGS, more, `${path}: ${more} more problem(s) not listed`);
  return result;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; result: LangResult };

export function parseJson(path: string, bytes: Buffer): JsonParse {
  try {
    return { ok: true, value: JSON.parse(decodeText(bytes)) as unknown };
  } catch (err) {
    return { ok: false, result: failed(path, `invalid JSON (${errorMessage(err)})`) };
  }
}

export function parseTomlFile(
  path: string,
  bytes: Buffer,
): { ok: true; doc: TomlTable } | { ok: false; result: LangResult } {
  try {
    return { ok: true, doc: parseToml(decodeText(bytes)) };
  } catch (err) {
    return { ok: false, result: failed(path, `invalid TOML (${errorMessage(err)})`) };
  }
}

/** A YAML lock file as plain data; every scalar a string (`1.10` stays `1.10`, not 1.1). */
export function parseYamlFile(
  path: string,
  text: string,
): { ok: true; value: unknown } | { ok: false; result: LangResult } {
  if (yamlNestingBound(text) > MAX_YAML_NESTING)
    return { ok: false, result: failed(path, 'YAML nested too deeply') };
  const doc = yaml().parseDocument(text, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error !== undefined)
    return { ok: false, result: failed(path, `invalid YAML (${errorMessage(error)})`) };
  // The alias cap stops a "billion laughs" file from expanding exponentially.
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

/** `@types/node` → namespace `@types`, name `node`; unscoped names have no namespace. */
export function splitNpmName(fullName: string): { namespace?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 1 && slash < fullName.length - 1) {
      return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
    }
  }
  return { name: fullName };
}

/** `name@range` → name, for specs whose name may itself start with `@` (`@babel/core@^7`). */
export function splitAtVersion(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

/** Removes keys whose value is undefined, so results stay small and JSON round-trips exactly. */
export function pkg(fields: Package): Package {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as Package;
}

/** Values in first-seen order, each once; undefined when there are none. */
export function unique(values: Iterable<string>): string[] | undefined {
  const list = [...new Set(values)];
  return list.length > 0 ? list : undefined;
}

/**
 * Collects packages, one per name and version in each file: lock files list a package once per
 * place it is installed (npm's nested node_modules, several target frameworks), and an inventory
 * wants it once. A package is dev-only when every occurrence is; dependencies are merged. Java
 * archives report several files (`app.jar!/lib/x.jar`): each keeps its own entries, since the path
 * is where a fix has to go.
 */
export class PackageCollector {
  private readonly byKey = new Map<string, Package>();

  add(p: Package): void {
    const key = `${p.path}\0${p.namespace ?? ''}\0${p.name}\0${p.version}`;
    const seen = this.byKey.get(key);
    if (seen === undefined) {
      this.byKey.set(key, pkg(p));
      return;
    }
    if (seen.dev === true && p.dev !== true) delete seen.dev;
    // Builds for several platforms (a Gemfile.lock's nokogiri) leave the platform unknown.
    if (seen.arch !== p.arch) delete seen.arch;
    if (p.dependsOn !== undefined) {
      seen.dependsOn = unique([...(seen.dependsOn ?? []), ...p.dependsOn]);
    }
    if (seen.licenses === undefined && p.licenses !== undefined) seen.licenses = p.licenses;
  }

  get size(): number {
    return this.byKey.size;
  }

  list(): Package[] {
    return [...this.byKey.values()];
  }
}
