import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';

function xml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry most control characters, even escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?')
  );
}

/** JUnit XML: one test suite per file, one failing test case per finding. */
export function renderJunit(report: Report, files: readonly string[]): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of files) byFile.set(f, []);
  for (const f of report.findings) {
    if (f.suppression) continue;
    const list = byFile.get(f.location.path) ?? [];
    list.push(f);
    byFile.set(f.location.path, list);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [file, findings] of byFile) {
    const cases: string[] = [];
    if (findings.length === 0) {
      cases.push(`    <testcase classname="${xml(file)}" name="no findings"/>`);
      tests++;
    }
    for (const f of findings) {
      tests++;
      failures++;
      const where = f.location.startLine !== undefined ? `${file}:${f.location.startLine}` : file;
      cases.push(
        `    <testcase classname="${xml(file)}" name="${xml(`[${f.severity}] ${f.ruleId} ${f.title} (${where})`)}">\n` +
          `      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${f.message}\n\nFix: ${f.remediation}\n${f.references.join('\n')}`)}</failure>\n` +
          `    </testcase>`,
      );
    }
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${Math.max(findings.length, 1)}" failures="${findings.length}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="bulkhead" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}
