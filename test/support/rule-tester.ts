import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/analyzers/config/dockerfile/parse.js';
import type { Severity } from '../../src/core/severity.js';
import { DEFAULT_RULE_SETTINGS, type DockerfileRule, type RuleSettings } from '../../src/rules/types.js';

export interface ExpectedHit {
  line: number;
  endLine?: number;
  severity?: Severity;
  /** A substring the message must contain. */
  message?: string;
}

export interface RuleCase {
  name?: string;
  dockerfile: string;
  settings?: Partial<RuleSettings>;
  /** For invalid cases: the hits expected, in line order. */
  expect?: ExpectedHit[];
}

export interface RuleCases {
  valid: (string | RuleCase)[];
  invalid: RuleCase[];
}

/** Strips the common indentation so cases can be written inline. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

function run(rule: DockerfileRule, c: RuleCase) {
  const df = parseDockerfile('Dockerfile', dedent(c.dockerfile));
  return rule.check(df, { ...DEFAULT_RULE_SETTINGS, ...c.settings });
}

/** The shared table-driven tester every rule's test calls. */
export function testRule(rule: DockerfileRule, cases: RuleCases): void {
  describe(`${rule.id} ${rule.name}`, () => {
    it('has complete metadata', () => {
      expect(rule.id).toMatch(/^DF\d{3}$/);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.references.length).toBeGreaterThan(0);
    });
    expect(cases.invalid.length).toBeGreaterThan(0);
    cases.valid.forEach((v, i) => {
      const c = typeof v === 'string' ? { dockerfile: v } : v;
      it(`valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        expect(run(rule, c)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const hits = run(rule, c);
        const expected = c.expect ?? [];
        expect(hits.map((h) => h.startLine)).toEqual(expected.map((e) => e.line));
        hits.forEach((h, j) => {
          const e = expected[j];
          if (!e) return;
          if (e.endLine !== undefined) expect(h.endLine).toBe(e.endLine);
          expect(h.severity ?? rule.severity).toBe(e.severity ?? rule.severity);
          if (e.message) expect(h.message).toContain(e.message);
          expect(h.endLine).toBeGreaterThanOrEqual(h.startLine);
        });
      });
    });
  });
}
