import { PackageURL } from 'packageurl-js';
import type { LayerRef } from '../core/finding.js';
import type { OsRelease, Package } from '../core/package.js';
import { OS_PACKAGE_TYPES } from '../core/package.js';
import { dpkgListOwner } from '../analyzers/os/dpkg.js';
import { detectOsRelease, RELEASE_FILES } from '../analyzers/os/os-release.js';
import type { InventoryRecord } from '../analyzers/os/index.js';
import type { FileRecord } from '../artifact/image/overlay.js';

/** What one layer (or a folder) yielded for the inventory. */
export interface LayerPackages {
  /** Release files' text by path. */
  releaseFiles: Record<string, string>;
  /** Packages by the database or metadata file they were read from. */
  sources: { path: string; packages: Package[] }[];
  /** Files each OS package installed (dpkg `info/*.list`), by package name. */
  ownedFiles: Record<string, string[]>;
  warnings: string[];
}

/** Groups one layer's inventory records. */
export function layerPackagesOf(records: readonly InventoryRecord[]): LayerPackages {
  const lp: LayerPackages = { releaseFiles: {}, sources: [], ownedFiles: {}, warnings: [] };
  for (const r of records) {
    if (r.kind === 'release') lp.releaseFiles[r.path] = r.text;
    else if (r.kind === 'owned') lp.ownedFiles[r.owner] = r.files;
    else {
      lp.sources.push({ path: r.path, packages: r.packages });
      lp.warnings.push(...r.warnings);
    }
  }
  return lp;
}

export interface Inventory {
  os?: OsRelease;
  packages: Package[];
  warnings: string[];
}

const isOs = (p: Package): boolean => OS_PACKAGE_TYPES.includes(p.type);

/**
 * The packages of the final image: each source file counts in the version a container sees (the
 * layer that wrote it last), OS packages are attributed to the first layer whose database listed
 * them at that version (as `docker history` readers expect: the layer that installed it), language
 * packages whose files an OS package installed are marked as owned by it, and every package gets
 * its purl once the release is known.
 */
export function buildInventory(
  perLayer: readonly LayerPackages[],
  live: ReadonlyMap<string, FileRecord>,
  layers: readonly LayerRef[],
): Inventory {
  const warnings: string[] = [];
  const releaseText = new Map<string, string>();
  for (const path of RELEASE_FILES) {
    const rec = live.get(path);
    const text = rec ? perLayer[rec.layer]?.releaseFiles[path] : undefined;
    if (text !== undefined) releaseText.set(path, text);
  }
  const os = detectOsRelease(releaseText);

  // First layer listing each OS package at its version, per database file.
  const firstSeen = new Map<string, number>();
  perLayer.forEach((lp, layer) => {
    for (const src of lp.sources)
      for (const p of src.packages)
        if (isOs(p)) {
          const key = `${src.path}\0${p.name}\0${p.version}\0${p.arch ?? ''}`;
          if (!firstSeen.has(key)) firstSeen.set(key, layer);
        }
  });

  let packages: Package[] = [];
  const owned = new Map<string, Package>();
  perLayer.forEach((lp, layer) => {
    for (const w of lp.warnings) warnings.push(w);
    for (const src of lp.sources) {
      // Only the version of the file the final view shows (a later layer's rewrite wins).
      const rec = live.get(src.path);
      if (!rec || rec.layer !== layer) continue;
      for (const p of src.packages) {
        const pkg: Package = { ...p };
        const at = isOs(p)
          ? (firstSeen.get(`${src.path}\0${p.name}\0${p.version}\0${p.arch ?? ''}`) ?? layer)
          : layer;
        const ref = layers[at];
        if (ref) pkg.layer = ref;
        packages.push(pkg);
        if (isOs(pkg)) {
          const files = pkg.files ?? lp.ownedFiles[pkg.name] ?? findOwned(perLayer, live, pkg.name);
          for (const f of files) owned.set(f, pkg);
        }
      }
    }
  });

  packages = withoutGoSumDuplicates(packages);
  for (const p of packages) {
    if (isOs(p)) continue;
    const owner = owned.get(p.path) ?? owned.get(p.path.slice(0, p.path.lastIndexOf('/')));
    if (owner) p.ownedBy = { type: owner.type, name: owner.name };
  }
  for (const p of packages) {
    p.purl = purlOf(p, os);
    // File lists served ownership; they would bloat every report and SBOM.
    delete p.files;
  }
  packages.sort(
    (a, b) =>
      cmp(a.type, b.type) ||
      cmp(a.namespace ?? '', b.namespace ?? '') ||
      cmp(a.name, b.name) ||
      cmp(a.version, b.version) ||
      cmp(a.path, b.path),
  );
  const out: Inventory = { packages, warnings };
  if (os) out.os = os;
  return out;
}

/** The folder and file name of a path (`''` for a file at the top). */
function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
}

/**
 * A go.sum lists every module version of a go.mod's requirements again (and more: modules that
 * older go.mod files leave out, test-only dependencies of dependencies): a module read from a
 * go.sum is dropped when the go.mod in the same folder already gave it at that version.
 */
function withoutGoSumDuplicates(packages: Package[]): Package[] {
  const key = (folder: string, p: Package): string =>
    `${folder}\0${p.namespace ?? ''}\0${p.name}\0${p.version}`;
  const fromGoMod = new Set<string>();
  for (const p of packages) {
    if (p.type !== 'golang') continue;
    const [folder, file] = splitPath(p.path);
    if (file === 'go.mod') fromGoMod.add(key(folder, p));
  }
  if (fromGoMod.size === 0) return packages;
  return packages.filter((p) => {
    if (p.type !== 'golang') return true;
    const [folder, file] = splitPath(p.path);
    return file !== 'go.sum' || !fromGoMod.has(key(folder, p));
  });
}

// dpkg list files live in their own layer's results: take the one the final view shows.
function findOwned(
  perLayer: readonly LayerPackages[],
  live: ReadonlyMap<string, FileRecord>,
  name: string,
): string[] {
  for (const [path, rec] of live) {
    // The package's own list file: another package's list in the same layer says nothing about it.
    if (dpkgListOwner(path) !== name) continue;
    const files = perLayer[rec.layer]?.ownedFiles[name];
    if (files) return files;
  }
  return [];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The purl-spec namespace of an OS package: the distribution. */
function distroNamespace(os: OsRelease | undefined, type: Package['type']): string | undefined {
  if (type === 'apk') return os?.family ?? 'alpine';
  if (type === 'deb') return os?.family ?? 'debian';
  if (type === 'rpm') return os?.family === 'rhel' ? 'redhat' : os?.family;
  return undefined;
}

export function purlOf(p: Package, os: OsRelease | undefined): string {
  const qualifiers: Record<string, string> = {};
  let namespace = p.namespace;
  let version = p.version;
  if (isOs(p)) {
    namespace = distroNamespace(os, p.type);
    if (p.arch) qualifiers.arch = p.arch;
    if (p.epoch !== undefined && p.epoch > 0) qualifiers.epoch = String(p.epoch);
    // dpkg writes the epoch into the version (`1:2.38.1-5`); purls carry it as a qualifier, as
    // Trivy and Syft write them, so that the same package has the same purl everywhere.
    const debEpoch = p.type === 'deb' ? /^(\d+):(.+)$/.exec(version) : null;
    if (debEpoch?.[1] && debEpoch[2]) {
      version = debEpoch[2];
      if (debEpoch[1] !== '0') qualifiers.epoch = debEpoch[1];
    }
    if (os) qualifiers.distro = p.type === 'apk' ? os.version : `${os.family}-${os.version}`;
    if (p.sourceName && p.sourceName !== p.name) qualifiers.upstream = p.sourceName;
  }
  if (p.type === 'golang' && !version.startsWith('v') && /^\d/.test(version)) version = `v${version}`;
  try {
    return new PackageURL(
      p.type,
      namespace ?? null,
      p.name,
      version || null,
      Object.keys(qualifiers).length > 0 ? qualifiers : null,
      null,
    ).toString();
  } catch {
    // A name the purl library refuses (empty after normalisation): keep the package, mark the purl.
    return `pkg:${p.type}/${encodeURIComponent(p.name)}${version ? `@${encodeURIComponent(version)}` : ''}`;
  }
}
