import type { Report } from '../core/report.js';
import type { OutputFormat, RenderContext } from './context.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

/** Renders a report in one of the output formats. `files` lists every scanned file. */
export function renderReport(
  format: OutputFormat,
  report: Report,
  ctx: RenderContext,
  files: readonly string[],
): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, ctx);
    case 'junit':
      return renderJunit(report, files);
    case 'table':
      return renderTable(report, { color: ctx.color, files });
  }
}
