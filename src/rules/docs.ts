import type { Mappings } from '../core/finding.js';
import type { Rule } from './types.js';

const MAPPING_NAMES: Record<keyof Mappings, string> = {
  hadolint: 'hadolint',
  trivy: 'Trivy',
  checkov: 'Checkov',
  dockle: 'Dockle',
  kubescape: 'Kubescape',
  'cis-docker': 'CIS Docker Benchmark',
  'cis-k8s': 'CIS Kubernetes Benchmark',
  pss: 'Pod Security Standards',
  nsa: 'NSA/CISA hardening guide',
};

export function mappingLines(m: Mappings): string[] {
  return (Object.keys(m) as (keyof Mappings)[])
    .filter((k) => (m[k] ?? []).length > 0)
    .map((k) => `${MAPPING_NAMES[k]}: ${(m[k] ?? []).join(', ')}`);
}

/** The generated page for docs/rules/<id>.md. */
export function ruleMarkdown(rule: Rule): string {
  const maps = mappingLines(rule.mappings);
  return [
    `<!-- Generated from src/rules by \`npm run docs\`; do not edit. -->`,
    `# ${rule.id} ${rule.name}`,
    '',
    `**${rule.title}**`,
    '',
    `| | |`,
    `|---|---|`,
    `| Severity | ${rule.severity} |`,
    `| Target | ${rule.target} |`,
    `| Class | ${rule.class} |`,
    `| Tags | ${rule.tags.join(', ')} |`,
    '',
    '## Why it matters',
    '',
    rule.description,
    '',
    '## How to fix',
    '',
    rule.remediation,
    '',
    '## Same check elsewhere',
    '',
    ...(maps.length > 0 ? maps.map((l) => `- ${l}`) : ['None known.']),
    '',
    '## References',
    '',
    ...rule.references.map((r) => `- ${r}`),
    '',
    '## Suppress',
    '',
    suppressText(rule),
    '',
  ].join('\n');
}

function suppressText(rule: Rule): string {
  if (rule.target === 'image')
    return `An entry \`- id: ${rule.id}\` in \`.bulkheadignore\`, with \`paths:\` globs to narrow it to files of the image (\`app/**\`), or \`config\` / \`history\` for findings on the image config.`;
  return (
    `Inline, on the line before the instruction: \`# bulkhead:ignore=${rule.id} <reason>\`; for a whole file: \`# bulkhead:ignore-file=${rule.id}\`; or an entry \`- id: ${rule.id}\` in \`.bulkheadignore\`.` +
    (rule.mappings.hadolint?.length
      ? ` hadolint's \`# hadolint ignore=${rule.mappings.hadolint.join(',')}\` works as well.`
      : '')
  );
}

/** docs/rules/README.md: the catalogue. */
export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  return [
    `<!-- Generated from src/rules by \`npm run docs\`; do not edit. -->`,
    '# Rules',
    '',
    `${rules.length} rules. Ids never change once released; names are accepted wherever an id is.`,
    '',
    '| id | name | severity | title |',
    '|---|---|---|---|',
    ...rules.map(
      (r) => `| [${r.id}](${r.id}.md) | ${r.name} | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ].join('\n');
}

/** Plain-text explanation for `bulkhead rules explain`. */
export function ruleExplainText(rule: Rule): string {
  const maps = mappingLines(rule.mappings);
  return [
    `${rule.id} ${rule.name} (${rule.severity}, ${rule.target})`,
    rule.title,
    '',
    'Why it matters:',
    indent(rule.description),
    '',
    'How to fix:',
    indent(rule.remediation),
    ...(maps.length > 0 ? ['', 'Same check elsewhere:', ...maps.map((l) => `  ${l}`)] : []),
    '',
    'References:',
    ...rule.references.map((r) => `  ${r}`),
    '',
    rule.target === 'image'
      ? `Suppress: an entry "- id: ${rule.id}" in .bulkheadignore (paths: globs narrow it)`
      : `Suppress: # bulkhead:ignore=${rule.id} <reason>   (or an entry "- id: ${rule.id}" in .bulkheadignore)`,
    '',
  ].join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
