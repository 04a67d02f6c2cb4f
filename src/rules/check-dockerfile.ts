import type { DockerfileModel } from '../analyzers/config/dockerfile/model.js';
import type { Finding } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { DockerfileRule, RuleHit, RuleSettings } from './types.js';

/**
 * Runs the rules over one parsed Dockerfile and turns their hits into Findings, marking those an
 * inline `# bulkhead:ignore=` comment suppresses. A rule that throws becomes a parse-style
 * finding instead of aborting the scan: one bad rule must not hide the others' results.
 */
export function checkDockerfile(
  df: DockerfileModel,
  rules: readonly DockerfileRule[],
  settings: RuleSettings,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!df.parsed && rule.id !== 'DF000') continue;
    let hits: RuleHit[];
    try {
      hits = rule.check(df, settings);
    } catch (e) {
      hits = [
        {
          startLine: 1,
          endLine: 1,
          message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`,
        },
      ];
    }
    if (hits.length === 0) continue;
    const seen = new Map<string, number>();
    for (const hit of hits) {
      const key = hit.key ?? df.lines.slice(hit.startLine - 1, hit.endLine).join('\n');
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const finding: Finding = {
        ruleId: rule.id,
        class: rule.class,
        severity: hit.severity ?? rule.severity,
        title: rule.title,
        message: hit.message,
        location: { path: df.path, startLine: hit.startLine, endLine: hit.endLine },
        remediation: rule.remediation,
        references: rule.references,
        mappings: rule.mappings,
        fingerprint: fingerprint(rule.id, df.path, key, occurrence),
      };
      const suppression = inlineSuppression(df, rule, hit);
      if (suppression) finding.suppression = suppression;
      findings.push(finding);
    }
  }
  return findings;
}

/** An ignore names a rule by id, by name, or by its hadolint id (`DL3008`). */
function matches(ids: string[], rule: DockerfileRule): boolean {
  return ids.some(
    (id) =>
      id.toUpperCase() === rule.id ||
      id.toLowerCase() === rule.name ||
      (rule.mappings.hadolint?.includes(id.toUpperCase()) ?? false),
  );
}

function inlineSuppression(df: DockerfileModel, rule: DockerfileRule, hit: RuleHit): Finding['suppression'] {
  for (const f of df.fileIgnores) {
    if (matches(f.ids, rule)) {
      const s: NonNullable<Finding['suppression']> = { kind: 'inline', source: `${df.path}:${f.line}` };
      if (f.reason) s.reason = f.reason;
      return s;
    }
  }
  for (const ig of df.inlineIgnores) {
    if (!matches(ig.ids, rule)) continue;
    if (hit.startLine >= ig.appliesTo.startLine && hit.startLine <= ig.appliesTo.endLine) {
      const s: NonNullable<Finding['suppression']> = { kind: 'inline', source: `${df.path}:${ig.line}` };
      if (ig.reason) s.reason = ig.reason;
      return s;
    }
  }
  return undefined;
}
