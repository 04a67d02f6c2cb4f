import { isDockerfileName } from '../artifact/fs/discover.js';
import { walkFolder } from '../artifact/fs/walk-folder.js';
import type { Finding } from '../core/finding.js';
import { checkImage } from '../rules/check-image.js';
import type { RuleSettings } from '../rules/types.js';
import { scanDockerfile } from './dockerfile.js';
import { buildContext } from './image/context.js';
import { buildInventory, layerPackagesOf, type Inventory } from './inventory.js';
import {
  analyzeFile,
  analyzersFor,
  claimedBy,
  emptyAnalysis,
  type ScannerName,
} from './image/layer-analysis.js';
import { enabledImageRules } from './image/scan.js';

export interface FolderScanOptions {
  /** `fs`: a source tree or any folder; `rootfs`: an unpacked root filesystem (permissions count). */
  kind: 'fs' | 'rootfs';
  scanners: ReadonlySet<ScannerName>;
  disabled?: readonly string[];
  settings?: Partial<RuleSettings>;
  /** Collect the package inventory. */
  packages?: boolean;
}

/** Whether a folder looks like a root filesystem (a release file or a package database). */
export function looksLikeRootfs(exists: (path: string) => boolean): boolean {
  return [
    'etc/os-release',
    'usr/lib/os-release',
    'var/lib/dpkg/status',
    'lib/apk/db/installed',
    'var/lib/rpm',
    'usr/lib/sysimage/rpm',
  ].some(exists);
}

// Version-control metadata and virtual file systems hold nothing of the folder's own.
const SKIP_ANYWHERE = new Set(['.git', '.hg', '.svn']);
const SKIP_AT_ROOT = new Set(['proc', 'sys', 'dev']);

/**
 * Scans a folder with the same analyzers and rules as an image layer (secrets, sensitive files,
 * permissions for a root filesystem) and, for `fs`, the Dockerfiles in it.
 */
export function scanFolder(
  root: string,
  opts: FolderScanOptions,
): { findings: Finding[]; files: string[]; warnings: string[]; inventory?: Inventory } {
  const slots = analyzersFor(opts.scanners, {
    packages: opts.packages ?? false,
    lockFiles: opts.kind === 'fs',
  });
  const analysis = emptyAnalysis();
  const claim = claimedBy(slots);
  const wantDockerfiles = opts.kind === 'fs' && opts.scanners.has('misconfig');
  const dockerfiles: Finding[] = [];
  const files: string[] = [];
  const walked = walkFolder(root, {
    claim: (path, mode, size) =>
      claim(path, mode, size) || (wantDockerfiles && isDockerfileName(path.slice(path.lastIndexOf('/') + 1))),
    onFile: (entry, bytes) => {
      analyzeFile(slots, analysis, entry, bytes);
      if (wantDockerfiles && isDockerfileName(entry.path.slice(entry.path.lastIndexOf('/') + 1))) {
        files.push(entry.path);
        dockerfiles.push(...scanDockerfile(entry.path, bytes, opts));
      }
    },
    skip: (path, name) => SKIP_ANYWHERE.has(name) || (opts.kind === 'rootfs' && SKIP_AT_ROOT.has(path)),
  });
  analysis.entries = walked.entries;
  const ctx = buildContext(opts.kind, undefined, [analysis]);
  const findings = [...checkImage(ctx, enabledImageRules(opts.scanners, opts.disabled), []), ...dockerfiles];
  const result: { findings: Finding[]; files: string[]; warnings: string[]; inventory?: Inventory } = {
    findings,
    files,
    warnings: walked.warnings,
  };
  if (opts.packages) {
    result.inventory = buildInventory([layerPackagesOf(analysis.inventory)], ctx.files, []);
    result.warnings.push(...result.inventory.warnings);
  }
  return result;
}
