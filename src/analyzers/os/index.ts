import type { Package } from '../../core/package.js';
import type { FileAnalyzer } from '../types.js';
import { parseApkInstalled } from './apk.js';
import { dpkgListOwner, parseDpkgList, parseDpkgStatus } from './dpkg.js';
import { RELEASE_FILES } from './os-release.js';
import { readRpmDatabase } from './rpm/index.js';

/** What the inventory analyzers record per file. */
export type InventoryRecord =
  | { kind: 'release'; path: string; text: string }
  | { kind: 'packages'; path: string; packages: Package[]; warnings: string[] }
  | { kind: 'owned'; path: string; owner: string; files: string[] };

const RELEASE = new Set<string>(RELEASE_FILES);
const DPKG_STATUS = /^var\/lib\/dpkg\/(?:status|status\.d\/[^/]+)$/;
const APK_INSTALLED = /^(?:lib|usr\/lib)\/apk\/db\/installed$/;
const RPM_DB = /^(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/(?:Packages|Packages\.db|rpmdb\.sqlite)$/;

/** `openssl-3.0.7-25.el9.src.rpm` → name `openssl`, version `3.0.7-25.el9`. */
export function splitSourceRpm(srpm: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+-[^-]+)\.(?:no)?src\.rpm$/.exec(srpm);
  return m?.[1] && m[2] ? { name: m[1], version: m[2] } : undefined;
}

function rpmPackages(path: string, bytes: Buffer): { packages: Package[]; warnings: string[] } {
  let db: ReturnType<typeof readRpmDatabase>;
  try {
    db = readRpmDatabase(path, bytes);
  } catch (e) {
    // A damaged database is reported, and the rest of the inventory still produced.
    return { packages: [], warnings: [e instanceof Error ? e.message : `${path}: unreadable rpm database`] };
  }
  const packages = db.packages.map((r) => {
    const p: Package = { type: 'rpm', name: r.name, version: `${r.version}-${r.release}`, path };
    if (r.epoch !== undefined) p.epoch = r.epoch;
    if (r.arch) p.arch = r.arch;
    const src = r.sourceRpm ? splitSourceRpm(r.sourceRpm) : undefined;
    p.sourceName = src?.name ?? r.name;
    p.sourceVersion = src?.version ?? p.version;
    if (r.license) p.licenses = [r.license];
    p.files = r.files.map((f) => f.replace(/^\/+/, ''));
    const deps = (r.requires ?? []).filter(
      (d) => !d.includes('(') && !d.startsWith('/') && !d.includes('.so'),
    );
    if (deps.length > 0) p.dependsOn = [...new Set(deps)];
    return p;
  });
  return { packages, warnings: db.warnings };
}

/** OS release files and package databases (dpkg, apk), and dpkg's per-package file lists. */
export const osPackageAnalyzer: FileAnalyzer<InventoryRecord> = {
  name: 'os-packages',
  version: 3,
  claims(path, _mode, size) {
    if (size > 256 * 1024 * 1024) return false;
    return (
      RELEASE.has(path) ||
      DPKG_STATUS.test(path) ||
      APK_INSTALLED.test(path) ||
      RPM_DB.test(path) ||
      dpkgListOwner(path) !== undefined
    );
  },
  analyze(path, bytes) {
    if (RELEASE.has(path)) return [{ kind: 'release', path, text: bytes.toString('utf8').slice(0, 8192) }];
    if (DPKG_STATUS.test(path)) {
      // status.d also holds `<name>.md5sums` files next to each package's status paragraph.
      if (path.endsWith('.md5sums')) return [];
      return [{ kind: 'packages', path, ...parseDpkgStatus(path, bytes) }];
    }
    if (APK_INSTALLED.test(path)) return [{ kind: 'packages', path, ...parseApkInstalled(path, bytes) }];
    if (RPM_DB.test(path)) return [{ kind: 'packages', path, ...rpmPackages(path, bytes) }];
    const owner = dpkgListOwner(path);
    if (owner !== undefined) return [{ kind: 'owned', path, owner, files: parseDpkgList(bytes) }];
    return [];
  },
};
