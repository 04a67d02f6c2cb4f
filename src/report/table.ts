import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { SEVERITIES, type Severity } from '../core/severity.js';

const COLORS: Record<Severity, string> = {
  CRITICAL: '\x1b[1;97;41m',
  HIGH: '\x1b[1;31m',
  MEDIUM: '\x1b[33m',
  LOW: '\x1b[36m',
  INFO: '\x1b[2m',
  UNKNOWN: '\x1b[2m',
};
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

export interface TableOptions {
  color: boolean;
  /** Files scanned, so that clean files are listed too. */
  files: readonly string[];
}

/** The human report: findings grouped by file, then a summary line. */
export function renderTable(report: Report, opts: TableOptions): string {
  const paint = (code: string, s: string): string => (opts.color ? `${code}${s}${RESET}` : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.location.path) ?? [];
    list.push(f);
    byFile.set(f.location.path, list);
  }
  const out: string[] = [];
  if (report.packages) out.push(...packageTable(report, paint), '');
  for (const [file, findings] of byFile) {
    const active = findings.filter((f) => !f.suppression).length;
    out.push(paint(BOLD, file === '-' ? '<stdin>' : file) + paint(DIM, `  (${plural(active, 'finding')})`));
    for (const f of findings) {
      const lines =
        f.location.startLine === undefined
          ? ''
          : f.location.endLine !== undefined && f.location.endLine !== f.location.startLine
            ? `${f.location.startLine}-${f.location.endLine}`
            : String(f.location.startLine);
      const sev = f.severity.padEnd(8);
      const tag = f.suppression ? paint(DIM, ' [suppressed]') : '';
      out.push(
        `  ${lines.padStart(7)}  ${paint(COLORS[f.severity], sev)}  ${paint(BOLD, f.ruleId)}  ${f.title}${tag}`,
      );
      out.push(`${' '.repeat(11)}${f.message}`);
      out.push(`${' '.repeat(11)}${paint(DIM, `fix: ${f.remediation}`)}`);
      if (f.suppression) {
        const why = f.suppression.reason ? `: ${f.suppression.reason}` : '';
        out.push(`${' '.repeat(11)}${paint(DIM, `suppressed by ${f.suppression.source}${why}`)}`);
      }
    }
    out.push('');
  }
  for (const w of report.warnings) out.push(paint(COLORS.MEDIUM, `warning: ${w}`));
  if (report.warnings.length > 0) out.push('');
  out.push(summaryLine(report, opts.files.length, paint));
  return out.join('\n') + '\n';
}

/** The inventory as columns: type, name, version, where it was found (and its layer). */
function packageTable(report: Report, paint: (c: string, s: string) => string): string[] {
  const pkgs = report.packages ?? [];
  const os = report.artifact.os ? ` on ${report.artifact.os.family} ${report.artifact.os.version}` : '';
  const rows = pkgs.map((p) => [
    p.type,
    p.namespace ? `${p.namespace}/${p.name}` : p.name,
    p.version,
    `${p.path}${p.layer ? ` (layer ${String(p.layer.index + 1)})` : ''}${p.ownedBy ? ` [from ${p.ownedBy.type} ${p.ownedBy.name}]` : ''}`,
  ]);
  const head = ['TYPE', 'NAME', 'VERSION', 'FOUND IN'];
  const widths = head.map((h, i) =>
    Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  const title = paint(BOLD, `${plural(pkgs.length, 'package')}${os}`);
  return pkgs.length === 0 ? [title] : [title, paint(DIM, line(head)), ...rows.map(line)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(report: Report, files: number, paint: (c: string, s: string) => string): string {
  const s = report.summary;
  const parts = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0).map((sev) =>
    paint(COLORS[sev], `${sev} ${s.bySeverity[sev]}`),
  );
  const counts = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  const suppressed = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
  const a = report.artifact;
  const scope =
    a.type === 'container-image'
      ? `${a.name}${a.digest ? ` (${a.digest.slice(0, 19)}…)` : ''}, ${plural(a.layers?.length ?? 0, 'layer')}`
      : a.type === 'filesystem' || a.type === 'rootfs'
        ? a.name
        : plural(files, 'file');
  return `${plural(s.total, 'finding')}${counts} in ${scope}${suppressed}`;
}
