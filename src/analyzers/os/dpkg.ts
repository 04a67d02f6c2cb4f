import type { Package } from '../../core/package.js';

/*
 * dpkg's status database (`var/lib/dpkg/status`) and distroless images' per-package files
 * (`var/lib/dpkg/status.d/<name>`): deb822 paragraphs separated by blank lines. Only packages
 * whose Status says "installed" count (removed packages keep a paragraph with their config files).
 */

export interface DpkgResult {
  packages: Package[];
  warnings: string[];
}

/** deb822 paragraphs: `Field: value`, continuation lines start with a space or tab. */
export function parseDeb822(text: string): Record<string, string>[] {
  const paras: Record<string, string>[] = [];
  let cur: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(cur).length > 0) paras.push(cur);
      cur = {};
      last = undefined;
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      cur[last] = `${cur[last] ?? ''}\n${line.slice(1)}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    cur[last] = line.slice(colon + 1).trim();
  }
  if (Object.keys(cur).length > 0) paras.push(cur);
  return paras;
}

function dependsNames(value: string | undefined): string[] {
  if (!value) return [];
  const names = new Set<string>();
  for (const alt of value.split(',')) {
    // `a (>= 1) | b`: the first alternative is what dpkg resolves in practice for an SBOM edge.
    const first = alt.split('|')[0]?.trim() ?? '';
    const name = /^([a-z0-9][a-z0-9+.-]*)/.exec(first)?.[1];
    if (name) names.add(name);
  }
  return [...names];
}

export function parseDpkgStatus(path: string, bytes: Buffer): DpkgResult {
  const text = bytes.toString('utf8');
  const packages: Package[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  for (const p of parseDeb822(text)) {
    const status = p.Status;
    // status.d files from distroless have no Status field: everything listed is installed.
    if (status !== undefined && !/ installed$/.test(status.trim())) continue;
    const name = p.Package;
    const version = p.Version;
    if (!name || !version) {
      skipped++;
      continue;
    }
    const pkg: Package = { type: 'deb', name, version, path };
    if (p.Architecture) pkg.arch = p.Architecture;
    // `Source: name (version)` when the source version differs (binNMUs), `Source: name` otherwise.
    const src = p.Source ? /^(\S+)(?:\s+\(([^)]+)\))?/.exec(p.Source) : null;
    pkg.sourceName = src?.[1] ?? name;
    pkg.sourceVersion = src?.[2] ?? version;
    const deps = dependsNames([p['Pre-Depends'], p.Depends].filter(Boolean).join(','));
    if (deps.length > 0) pkg.dependsOn = deps;
    packages.push(pkg);
  }
  // A file with no `Package:` field at all is not a status file: say so, not how many entries it lacked.
  const isStatus = /^Package:/m.test(text);
  if (skipped > 0 && isStatus)
    warnings.push(`${path}: ${String(skipped)} entries without Package or Version skipped`);
  if (packages.length === 0 && text.trim() !== '' && !isStatus)
    warnings.push(`${path}: not a dpkg status file`);
  return { packages, warnings };
}

/** `var/lib/dpkg/info/<pkg>[:<arch>].list`: the files a package installed, one per line. */
export function dpkgListOwner(path: string): string | undefined {
  const m = /^var\/lib\/dpkg\/info\/([^/]+?)(?::[a-z0-9-]+)?\.list$/.exec(path);
  return m?.[1];
}

export function parseDpkgList(bytes: Buffer): string[] {
  // Every list starts with `/.`, the root: not a file the package installed.
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('/') && l.length > 1 && l !== '/.')
    .map((l) => l.slice(1));
}
