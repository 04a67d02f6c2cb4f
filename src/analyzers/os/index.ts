import type { Package } from '../../core/package.js';
import type { FileAnalyzer } from '../types.js';
import { parseApkInstalled } from './apk.js';
import { dpkgListOwner, parseDpkgList, parseDpkgStatus } from './dpkg.js';
import { RELEASE_FILES } from './os-release.js';

/** What the inventory analyzers record per file. */
export type InventoryRecord =
  | { kind: 'release'; path: string; text: string }
  | { kind: 'packages'; path: string; packages: Package[]; warnings: string[] }
  | { kind: 'owned'; path: string; owner: string; files: string[] };

const RELEASE = new Set<string>(RELEASE_FILES);
const DPKG_STATUS = /^var\/lib\/dpkg\/(?:status|status\.d\/[^/]+)$/;
const APK_INSTALLED = /^(?:lib|usr\/lib)\/apk\/db\/installed$/;

/** OS release files and package databases (dpkg, apk), and dpkg's per-package file lists. */
export const osPackageAnalyzer: FileAnalyzer<InventoryRecord> = {
  name: 'os-packages',
  version: 1,
  claims(path, _mode, size) {
    if (size > 256 * 1024 * 1024) return false;
    return (
      RELEASE.has(path) ||
      DPKG_STATUS.test(path) ||
      APK_INSTALLED.test(path) ||
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
    const owner = dpkgListOwner(path);
    if (owner !== undefined) return [{ kind: 'owned', path, owner, files: parseDpkgList(bytes) }];
    return [];
  },
};
