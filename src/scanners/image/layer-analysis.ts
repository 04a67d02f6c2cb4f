import { langAllAnalyzer, langInstalledAnalyzer } from '../../analyzers/lang/analyzer.js';
import { osPackageAnalyzer, type InventoryRecord } from '../../analyzers/os/index.js';
import { accountFileAnalyzer, type AccountFact } from '../../analyzers/image/account-files.js';
import { secretFileAnalyzer, type FileSecret } from '../../analyzers/secrets/file-analyzer.js';
import { MAX_ANALYZED_FILE_BYTES, type FileAnalyzer } from '../../analyzers/types.js';
import type { LayerEntry, Whiteout } from '../../artifact/image/layer.js';
import { walkLayer } from '../../artifact/image/layer.js';

/** Which scanners a scan runs (`--scanners`). Vulnerabilities and licences plug in later. */
export type ScannerName = 'secret' | 'misconfig';
export const SCANNER_NAMES: readonly ScannerName[] = ['secret', 'misconfig'];

/**
 * Everything a scan needs from one layer, computed from its bytes alone: the entry list (for the
 * union view, permissions and sensitive file names) and each analyzer's results. It depends on
 * nothing outside the layer, so it is cached by the layer's diff ID.
 */
export interface LayerAnalysis {
  entries: LayerEntry[];
  whiteouts: Whiteout[];
  /** Entry names that would resolve outside the root (`../x`): never followed. */
  unsafe: string[];
  secrets: FileSecret[];
  accounts: AccountFact[];
  /** Release files, package databases and package metadata (only when packages are collected). */
  inventory: InventoryRecord[];
}

/** Bumped when the walk itself (entries, whiteouts) records something new. */
export const WALK_VERSION = 2;

interface AnalyzerSlot<R> {
  analyzer: FileAnalyzer<R>;
  into(a: LayerAnalysis): R[];
}

const SLOTS = {
  secrets: { analyzer: secretFileAnalyzer, into: (a) => a.secrets } satisfies AnalyzerSlot<FileSecret>,
  accounts: { analyzer: accountFileAnalyzer, into: (a) => a.accounts } satisfies AnalyzerSlot<AccountFact>,
  os: { analyzer: osPackageAnalyzer, into: (a) => a.inventory } satisfies AnalyzerSlot<InventoryRecord>,
  lang: { analyzer: langInstalledAnalyzer, into: (a) => a.inventory } satisfies AnalyzerSlot<InventoryRecord>,
  langAll: { analyzer: langAllAnalyzer, into: (a) => a.inventory } satisfies AnalyzerSlot<InventoryRecord>,
};

/** What else an analysis collects besides the scanners' needs. */
export interface AnalysisExtras {
  /** Collect the package inventory (`--list-packages`, `sbom`, vulnerability scans). */
  packages?: boolean;
  /** Also read lock files and manifests (source trees: `bulkhead fs`). */
  lockFiles?: boolean;
}

/** The analyzers a set of scanners needs. */
export function analyzersFor(
  scanners: ReadonlySet<ScannerName>,
  extras: AnalysisExtras = {},
): AnalyzerSlot<unknown>[] {
  const out: AnalyzerSlot<unknown>[] = [];
  if (scanners.has('secret')) out.push(SLOTS.secrets);
  // Docker logins are credentials (IMG007/IMG008) and passwordless accounts a misconfiguration
  // (IMG012): either scanner needs this analyzer.
  out.push(SLOTS.accounts);
  if (extras.packages) out.push(SLOTS.os, extras.lockFiles ? SLOTS.langAll : SLOTS.lang);
  return out;
}

/** What a cached analysis was computed with: reused only when it matches exactly. */
export function analysisKey(slots: readonly AnalyzerSlot<unknown>[]): string {
  return [`walk@${WALK_VERSION}`, ...slots.map((s) => `${s.analyzer.name}@${s.analyzer.version}`)].join(',');
}

export function emptyAnalysis(): LayerAnalysis {
  return { entries: [], whiteouts: [], unsafe: [], secrets: [], accounts: [], inventory: [] };
}

/** Runs each claiming analyzer over one file's bytes. */
export function analyzeFile(
  slots: readonly AnalyzerSlot<unknown>[],
  into: LayerAnalysis,
  entry: Pick<LayerEntry, 'path' | 'mode' | 'size'>,
  bytes: Buffer,
): void {
  for (const s of slots) {
    if (s.analyzer.claims(entry.path, entry.mode, entry.size))
      s.into(into).push(...s.analyzer.analyze(entry.path, bytes));
  }
}

export function claimedBy(
  slots: readonly AnalyzerSlot<unknown>[],
): (path: string, mode: number, size: number) => boolean {
  return (path, mode, size) =>
    size <= MAX_ANALYZED_FILE_BYTES && slots.some((s) => s.analyzer.claims(path, mode, size));
}

/** Streams one layer once, running the analyzers on each claimed file as it passes. */
export async function analyzeLayer(
  source: AsyncIterable<Buffer>,
  label: string,
  slots: readonly AnalyzerSlot<unknown>[],
  opts: { diffId?: string; onProgress?: (bytesIn: number) => void } = {},
): Promise<LayerAnalysis> {
  const analysis = emptyAnalysis();
  const walked = await walkLayer(source, label, {
    ...opts,
    claim: claimedBy(slots),
    maxFileSize: MAX_ANALYZED_FILE_BYTES,
    onFile: (entry, bytes) => {
      analyzeFile(slots, analysis, entry, bytes);
    },
  });
  analysis.entries = walked.entries;
  analysis.whiteouts = walked.whiteouts;
  analysis.unsafe = walked.unsafe;
  return analysis;
}
