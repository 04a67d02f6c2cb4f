import type { Finding } from './finding.js';
import type { Package } from './package.js';
import { applyIgnoreFile, type IgnoreFile } from './ignore-file.js';
import { compareFindings, SCHEMA_VERSION, summarize, type ArtifactInfo, type Report } from './report.js';
import { atOrAbove, type Severity } from './severity.js';

export interface ReportOptions {
  artifact: ArtifactInfo;
  toolVersion: string;
  /** ISO timestamp; the clock belongs to the caller. */
  now: string;
  /** Severities to show; all when undefined. */
  severities?: readonly Severity[];
  /** Per-rule severity overrides from configuration. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  ignoreFile?: IgnoreFile;
  /** Other names a rule id is known by (for ignore entries written with a rule name). */
  ruleAliases?: (ruleId: string) => string[];
  showSuppressed: boolean;
  files: number;
  warnings?: readonly string[];
  /** The package inventory, to include as it is. */
  packages?: readonly Package[];
}

/**
 * Turns raw findings into a Report: severity overrides, ignore file, severity filter, then
 * suppressed findings are counted and (unless asked for) dropped, and the rest sorted.
 */
export function buildReport(raw: readonly Finding[], opts: ReportOptions): Report {
  const warnings = [...(opts.warnings ?? [])];
  let findings = raw.map((f) => {
    const override = opts.severityOverrides?.[f.ruleId];
    return override ? { ...f, severity: override } : f;
  });
  if (opts.ignoreFile) {
    const res = applyIgnoreFile(findings, opts.ignoreFile, opts.now.slice(0, 10), opts.ruleAliases);
    findings = res.findings;
    warnings.push(...res.warnings);
  }
  if (opts.severities) {
    const show = new Set(opts.severities);
    findings = findings.filter((f) => show.has(f.severity));
  }
  const suppressed = findings.filter((f) => f.suppression).length;
  if (!opts.showSuppressed) findings = findings.filter((f) => !f.suppression);
  findings.sort(compareFindings);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'bulkhead', version: opts.toolVersion },
    createdAt: opts.now,
    artifact: opts.artifact,
    findings,
    summary: summarize(findings, suppressed, opts.files),
    warnings,
  };
  if (opts.packages) report.packages = [...opts.packages];
  return report;
}

/** The CI gate: true when a reported, unsuppressed finding is at or above the threshold. */
export function failsGate(report: Report, failOn: Severity | undefined): boolean {
  if (!failOn) return false;
  return report.findings.some((f) => !f.suppression && atOrAbove(f.severity, failOn));
}
