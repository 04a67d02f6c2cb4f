import type { Finding, LayerRef } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { ImageContext } from '../scanners/image/context.js';
import type { ImageHit, ImageRule } from './types.js';

/**
 * Runs image rules over one image (or folder) and turns their hits into Findings located by path,
 * line and layer. A rule that throws is reported as a finding of its own instead of aborting.
 */
export function checkImage(
  ctx: ImageContext,
  rules: readonly ImageRule[],
  layers: readonly LayerRef[],
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    let hits: ImageHit[];
    try {
      hits = rule.check(ctx);
    } catch (e) {
      hits = [
        {
          path: 'config',
          message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`,
          key: 'rule-failure',
        },
      ];
    }
    const seen = new Map<string, number>();
    for (const hit of hits) {
      const occurrence = seen.get(hit.key) ?? 0;
      seen.set(hit.key, occurrence + 1);
      const f: Finding = {
        ruleId: rule.id,
        class: rule.class,
        severity: hit.severity ?? rule.severity,
        title: rule.title,
        message: hit.message,
        location: { path: hit.path },
        remediation: rule.remediation,
        references: rule.references,
        mappings: rule.mappings,
        fingerprint: fingerprint(rule.id, hit.path, hit.key, occurrence),
      };
      if (hit.line !== undefined) {
        f.location.startLine = hit.line;
        f.location.endLine = hit.line;
      }
      const layer = hit.layer === undefined ? undefined : layers[hit.layer];
      if (layer) f.location.layer = layer;
      findings.push(f);
    }
  }
  return findings;
}
