import type { Finding, FindingClass } from './finding.js';
import type { Package } from './package.js';
import { SEVERITIES, severityRank, type Severity } from './severity.js';

/** Bumped only by additions: the schema only grows. */
export const SCHEMA_VERSION = '1.0.0';

export type ArtifactType = 'config' | 'filesystem' | 'rootfs' | 'container-image';

export interface ArtifactInfo {
  name: string;
  type: ArtifactType;
  digest?: string;
  os?: { family: string; version: string };
  layers?: { index: number; digest: string; diffId: string; createdBy?: string }[];
}

export interface Summary {
  total: number;
  bySeverity: Record<Severity, number>;
  byClass: Record<FindingClass, number>;
  suppressed: number;
  /** Files that were scanned (config scans). */
  files: number;
}

export interface Report {
  schemaVersion: string;
  tool: { name: 'bulkhead'; version: string };
  createdAt: string;
  artifact: ArtifactInfo;
  findings: Finding[];
  /** The package inventory, when it was collected (`--list-packages`). */
  packages?: Package[];
  summary: Summary;
  /** Non-fatal notes the user should see: expired ignore entries, skipped files. */
  warnings: string[];
}

export function emptyBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export function summarize(shown: readonly Finding[], suppressed: number, files: number): Summary {
  const bySeverity = emptyBySeverity();
  const byClass: Record<FindingClass, number> = {
    vulnerability: 0,
    misconfig: 0,
    secret: 0,
    'image-config': 0,
  };
  let total = 0;
  for (const f of shown) {
    if (f.suppression) continue;
    total++;
    bySeverity[f.severity]++;
    byClass[f.class]++;
  }
  return { total, bySeverity, byClass, suppressed, files };
}

/** One sort order everywhere: path, line, severity (highest first), rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.path, b.location.path) ||
    (a.location.startLine ?? 0) - (b.location.startLine ?? 0) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
