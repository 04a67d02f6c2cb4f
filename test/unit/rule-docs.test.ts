import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleMarkdown, rulesIndexMarkdown } from '../../src/rules/docs.js';
import { allRules } from '../../src/rules/registry.js';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'rules');

describe('docs/rules is generated from the rule metadata', () => {
  const rules = allRules();
  it.each(rules.map((r) => [r.id, r] as const))(
    '%s page is current (run `npm run docs` if not)',
    (id, rule) => {
      expect(readFileSync(join(dir, `${id}.md`), 'utf8')).toBe(ruleMarkdown(rule));
    },
  );
  it('the index is current and there are no pages for rules that do not exist', () => {
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(rulesIndexMarkdown(rules));
    const pages = readdirSync(dir).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual(rules.map((r) => `${r.id}.md`).sort());
  });
});

describe('the rule catalogue', () => {
  const rules = allRules();
  it('has at least 35 Dockerfile rules with unique ids and names', () => {
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });
  it('uses the documented id formats in mappings', () => {
    const formats: Record<string, RegExp> = {
      hadolint: /^DL\d{4}$/,
      trivy: /^DS-\d{4}$/,
      checkov: /^CKV2?_DOCKER_\d+$/,
      dockle: /^(CIS-DI|DKL-DI|DKL-LI)-\d{4}$/,
      'cis-docker': /^\d+\.\d+$/,
    };
    for (const r of rules) {
      for (const [tool, ids] of Object.entries(r.mappings)) {
        const re = formats[tool];
        expect(re, `${r.id}: unknown mapping key ${tool}`).toBeDefined();
        for (const id of ids as string[]) expect(id, `${r.id} ${tool}`).toMatch(re ?? /^$/);
      }
    }
  });
});
