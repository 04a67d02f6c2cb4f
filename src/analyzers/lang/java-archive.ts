import type { Package } from '../../core/package.js';
import { errorMessage, guarded, lines, PackageCollector, pkg } from './common.js';
import type { LangResult } from './types.js';
import { listZipEntries, readZipEntry, type InflateBudget, type ZipEntry } from './zip.js';

/** Total bytes inflated for one archive and everything nested in it (zip bombs, deep nesting). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/** Archives inside archives are read this deep: `app.ear!/web.war!/WEB-INF/lib/x.jar` is depth 2. */
export const MAX_NESTING = 3;

export const JAVA_ARCHIVE = /\.(?:jar|war|ear|par|jpi|hpi)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
const MANIFEST = 'META-INF/MANIFEST.MF';

/**
 * A Java archive (jar, war, ear, par; Jenkins jpi/hpi): every `META-INF/maven/**\/pom.properties`
 * (shaded jars carry those of the libraries they absorbed), else the manifest; then the archives
 * nested in it (Spring Boot `BOOT-INF/lib`, `WEB-INF/lib`, ear modules), as `outer.jar!/inner.jar`.
 */
export function parseJavaArchive(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const out = new PackageCollector();
    const warnings: string[] = [];
    readArchive(path, bytes, 0, { remaining: MAX_INFLATED_BYTES }, out, warnings);
    return { packages: out.list(), warnings };
  });
}

function readArchive(
  path: string,
  bytes: Buffer,
  depth: number,
  budget: InflateBudget,
  out: PackageCollector,
  warnings: string[],
): void {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    warnings.push(`${path}: ${errorMessage(err)}`);
    return;
  }
  const read = (entry: ZipEntry): Buffer | undefined => {
    try {
      return readZipEntry(bytes, entry, budget);
    } catch (err) {
      warnings.push(`${path}: ${errorMessage(err)}`);
      return undefined;
    }
  };

  let found = false;
  for (const entry of entries) {
    const match = POM_PROPERTIES.exec(entry.name);
    if (match === null) continue;
    const content = read(entry);
    if (content === undefined) continue;
    const props = parseProperties(content.toString('utf8'));
    const p = mavenPackage(
      path,
      props.get('groupId') ?? match[1],
      props.get('artifactId') ?? match[2],
      props.get('version'),
    );
    if (p !== undefined) {
      out.add(p);
      found = true;
    }
  }
  if (!found) {
    const manifestEntry = entries.find((e) => e.name === MANIFEST);
    const content = manifestEntry === undefined ? undefined : read(manifestEntry);
    if (content !== undefined) {
      const p = manifestPackage(path, parseManifest(content.toString('utf8')));
      if (p !== undefined) out.add(p);
    }
  }

  if (depth >= MAX_NESTING) return;
  for (const entry of entries) {
    if (entry.name.endsWith('/') || !JAVA_ARCHIVE.test(entry.name)) continue;
    if (budget.remaining <= 0 && entry.method !== 0) {
      warnings.push(`${path}: inflated size limit reached, nested archives not read`);
      return;
    }
    const content = read(entry);
    if (content !== undefined)
      readArchive(`${path}!/${entry.name}`, content, depth + 1, budget, out, warnings);
  }
}

function mavenPackage(
  path: string,
  groupId: string | undefined,
  artifactId: string | undefined,
  version: string | undefined,
): Package | undefined {
  // Unfiltered build templates leave `${project.version}` behind: no real version.
  if (
    artifactId === undefined ||
    version === undefined ||
    version.includes('${') ||
    artifactId.includes('${')
  ) {
    return undefined;
  }
  return pkg({ type: 'maven', namespace: groupId, name: artifactId, version, path });
}

/** Java properties: `key=value`, `key: value` or `key value`; `#` and `!` start comments. */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    const value = match?.[2]?.trim();
    if (match?.[1] !== undefined && value !== undefined && value !== '') props.set(match[1], value);
  }
  return props;
}

/** The main section of a manifest; lines are wrapped at 72 bytes, continued after one space. */
export function parseManifest(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines(text)) {
    if (line === '') break;
    if (line.startsWith(' ') && last !== undefined) {
      headers.set(last, (headers.get(last) ?? '') + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return headers;
}

function manifestPackage(path: string, headers: Map<string, string>): Package | undefined {
  const get = (key: string): string | undefined => {
    const v = headers.get(key)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const group = get('Implementation-Vendor-Id');
  const title = get('Implementation-Title');
  const version = get('Implementation-Version');
  if (title !== undefined && version !== undefined) return mavenPackage(path, group, title, version);
  // OSGi bundles: `Bundle-SymbolicName: org.example.core;singleton:=true`.
  const symbolicName = get('Bundle-SymbolicName')?.split(';')[0]?.trim();
  const bundleVersion = get('Bundle-Version');
  if (symbolicName !== undefined && symbolicName !== '' && bundleVersion !== undefined) {
    return mavenPackage(path, group, symbolicName, bundleVersion);
  }
  return undefined;
}
