import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { securitySeverityScore, type Severity } from '../core/severity.js';
import type { Rule } from '../rules/types.js';
import type { RenderContext } from './context.js';

type Level = 'error' | 'warning' | 'note' | 'none';

function level(s: Severity): Level {
  switch (s) {
    case 'CRITICAL':
    case 'HIGH':
      return 'error';
    case 'MEDIUM':
      return 'warning';
    case 'LOW':
    case 'INFO':
    case 'UNKNOWN':
      return 'note';
  }
}

/** SARIF needs a URI reference; stdin has no path, so it gets a stable stand-in. */
function artifactUri(path: string): string {
  if (path === '-') return 'stdin';
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function ruleDescriptor(rule: Rule, ctx: RenderContext): Record<string, unknown> {
  const helpUri = `${ctx.docsBaseUrl}/${rule.id}.md`;
  const markdown = [
    `**${rule.title}** (${rule.severity})`,
    '',
    rule.description,
    '',
    `**Fix:** ${rule.remediation}`,
    '',
    ...rule.references.map((r) => `- ${r}`),
  ].join('\n');
  return {
    id: rule.id,
    name: rule.name
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nFix: ${rule.remediation}`, markdown },
    helpUri,
    defaultConfiguration: { level: level(rule.severity) },
    properties: {
      tags: ['security', rule.target, ...rule.tags],
      precision: 'high',
      'security-severity': securitySeverityScore(rule.severity),
    },
  };
}

function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const region: Record<string, number> = {};
  if (f.location.startLine !== undefined) region.startLine = f.location.startLine;
  if (f.location.endLine !== undefined) region.endLine = f.location.endLine;
  const physicalLocation: Record<string, unknown> = {
    artifactLocation: { uri: artifactUri(f.location.path), uriBaseId: '%SRCROOT%' },
  };
  if (Object.keys(region).length > 0) physicalLocation.region = region;
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    level: level(f.severity),
    message: { text: `${f.message}\nFix: ${f.remediation}` },
    locations: [{ physicalLocation }],
    partialFingerprints: { 'bulkhead/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      class: f.class,
      'security-severity': securitySeverityScore(f.severity),
    },
  };
  if (ruleIndex >= 0) out.ruleIndex = ruleIndex;
  if (f.suppression) {
    const s: Record<string, unknown> = {
      kind: f.suppression.kind === 'inline' ? 'inSource' : 'external',
      status: 'accepted',
    };
    if (f.suppression.reason) s.justification = f.suppression.reason;
    out.suppressions = [s];
  }
  return out;
}

/** SARIF 2.1.0 as GitHub code scanning ingests it. */
export function renderSarif(report: Report, ctx: RenderContext): string {
  const rules = [...ctx.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Bulkhead',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/bulkhead-sec/bulkhead',
            rules: rules.map((r) => ruleDescriptor(r, ctx)),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The directory bulkhead was run from.' } },
        },
        results: report.findings.map((f) => result(f, index.get(f.ruleId) ?? -1)),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.warnings.map((w) => ({
              level: 'warning',
              message: { text: w },
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
