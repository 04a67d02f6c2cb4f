import { readFile } from 'node:fs/promises';
import { emptyConfig, parseConfig, type BulkheadConfig } from '../core/config.js';
import { BulkheadError } from '../core/errors.js';
import type { Severity } from '../core/severity.js';
import type { Finding } from '../core/finding.js';
import type { Package } from '../core/package.js';
import type { ArtifactInfo } from '../core/report.js';
import { parseIgnoreFile, type IgnoreFile } from '../core/ignore-file.js';
import { buildReport, failsGate } from '../core/scan.js';
import { DOCS_BASE_URL, OUTPUT_FORMATS, type OutputFormat } from '../report/context.js';
import { renderReport } from '../report/render.js';
import type { Rule } from '../rules/types.js';
import { toolVersion } from '../version.js';
import { todayIso, writeOutputFile } from './io.js';
import type { ScanFlags } from './options.js';

/** Reads an optional YAML file: missing is fine when it is only the default name. */
async function readOptional(path: string, explicit: boolean, what: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    throw new BulkheadError(
      'USAGE',
      `${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`,
      `check the --${what} path`,
    );
  }
}

export async function loadConfig(flags: ScanFlags): Promise<BulkheadConfig> {
  const text = await readOptional(flags.config, flags.configExplicit, 'config');
  return text === undefined ? emptyConfig() : parseConfig(flags.config, text);
}

async function loadIgnoreFile(path: string, explicit: boolean): Promise<IgnoreFile | undefined> {
  const text = await readOptional(path, explicit, 'ignore-file');
  return text === undefined ? undefined : parseIgnoreFile(path, text);
}

function resolveFormat(flags: ScanFlags, config: BulkheadConfig): OutputFormat {
  const f = flags.format ?? config.format ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
    throw new BulkheadError(
      'CONFIG_INVALID',
      `format "${f}" is not supported`,
      `use one of ${OUTPUT_FORMATS.join(', ')}`,
    );
  }
  return f as OutputFormat;
}

/** What every scanning command resolves before it scans: configuration, ignore file, format. */
export interface PreparedScan {
  flags: ScanFlags;
  config: BulkheadConfig;
  ignoreFile: IgnoreFile | undefined;
  format: OutputFormat;
  severityOverrides: Record<string, Severity>;
  /** Other names of a rule id, for ignore entries written with a rule name. */
  ruleAliases: (ruleId: string) => string[];
}

export async function prepareScan(flags: ScanFlags): Promise<PreparedScan> {
  const config = await loadConfig(flags);
  // --ignore-file wins over bulkhead.yaml's ignoreFile, which wins over the default name; only
  // the default may be missing.
  const ignorePath = flags.ignoreFileExplicit ? flags.ignoreFile : (config.ignoreFile ?? flags.ignoreFile);
  const ignoreNamed = flags.ignoreFileExplicit || config.ignoreFile !== undefined;
  const ignoreFile = await loadIgnoreFile(ignorePath, ignoreNamed);
  const format = resolveFormat(flags, config);
  // The rule catalogue (with every Dockerfile rule) is loaded only when names must be resolved.
  const named = [...config.rules.disable, ...Object.keys(config.rules.severity)];
  const { findRule } =
    named.length > 0 || ignoreFile ? await import('../rules/registry.js') : { findRule: () => undefined };
  for (const id of named) {
    if (!findRule(id))
      throw new BulkheadError(
        'CONFIG_INVALID',
        `${flags.config}: unknown rule "${id}"`,
        'run `bulkhead rules list` for the rule ids',
      );
  }
  const severityOverrides: Record<string, Severity> = {};
  for (const [id, sev] of Object.entries(config.rules.severity)) {
    const rule = findRule(id);
    if (rule) severityOverrides[rule.id] = sev;
  }
  const ruleAliases = (id: string): string[] => {
    const r = findRule(id);
    return r ? [r.name] : [];
  };
  return { flags, config, ignoreFile, format, severityOverrides, ruleAliases };
}

/**
 * Filters, sorts and renders the findings, writes the report (atomically to --output, or to
 * stdout), prints warnings, and returns the exit code of the CI gate.
 */
export async function emitReport(
  prep: PreparedScan,
  /** The rules the scan ran (SARIF lists them as the tool's rules). */
  rules: readonly Rule[],
  findings: readonly Finding[],
  artifact: ArtifactInfo,
  files: readonly string[],
  warnings: readonly string[],
  packages?: readonly Package[],
): Promise<number> {
  const { flags, config, format } = prep;
  const reportOpts: Parameters<typeof buildReport>[1] = {
    artifact,
    toolVersion: toolVersion(),
    now: todayIso(),
    showSuppressed: flags.showSuppressed,
    files: files.length,
    warnings,
    severityOverrides: prep.severityOverrides,
    ruleAliases: prep.ruleAliases,
  };
  const severities = flags.severity ?? config.severity;
  if (severities) reportOpts.severities = severities;
  if (prep.ignoreFile) reportOpts.ignoreFile = prep.ignoreFile;
  if (packages) reportOpts.packages = packages;
  const report = buildReport(findings, reportOpts);

  const toFile = flags.output !== undefined;
  const color = flags.color && !toFile && process.stdout.isTTY && !process.env.NO_COLOR;
  const text = renderReport(format, report, { rules, color, docsBaseUrl: DOCS_BASE_URL }, files);
  if (flags.output !== undefined) await writeOutputFile(flags.output, text);
  else process.stdout.write(text);
  // The table already shows warnings; other formats on stdout must stay machine-readable.
  if (!flags.quiet && (format !== 'table' || toFile)) {
    for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  }
  return failsGate(report, flags.failOn ?? config.failOn) ? 1 : 0;
}
