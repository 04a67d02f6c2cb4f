import type { Report } from '../core/report.js';

/** The stable JSON report (schema: docs/report.schema.json). */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
