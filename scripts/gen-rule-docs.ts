// Regenerates docs/rules/ from the rule metadata: `npm run docs`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleMarkdown, rulesIndexMarkdown } from '../src/rules/docs.js';
import { allRules } from '../src/rules/registry.js';

const dir = join(import.meta.dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.md')) rmSync(join(dir, f));
const rules = allRules();
for (const rule of rules) writeFileSync(join(dir, `${rule.id}.md`), ruleMarkdown(rule));
writeFileSync(join(dir, 'README.md'), rulesIndexMarkdown(rules));
console.log(`wrote ${rules.length} rule pages to docs/rules/`);
