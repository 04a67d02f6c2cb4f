import { BulkheadError } from '../../core/errors.js';
import { mappingLines, ruleExplainText } from '../../rules/docs.js';
import { allRules, findRule } from '../../rules/registry.js';
import type { Rule, RuleMeta } from '../../rules/types.js';

/** The metadata of a rule, without its check function. */
function meta(r: Rule): RuleMeta {
  return {
    id: r.id,
    name: r.name,
    target: r.target,
    class: r.class,
    title: r.title,
    severity: r.severity,
    description: r.description,
    remediation: r.remediation,
    references: r.references,
    mappings: r.mappings,
    tags: r.tags,
  };
}

export function runRulesList(format: string): number {
  const rules = allRules();
  if (format === 'json') {
    process.stdout.write(JSON.stringify(rules.map(meta), null, 2) + '\n');
    return 0;
  }
  if (format !== 'table') {
    throw new BulkheadError(
      'USAGE',
      `rules list: format "${format}" is not supported`,
      'use --format table or --format json',
    );
  }
  const idW = Math.max(...rules.map((r) => r.id.length));
  const nameW = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map(
    (r) => `${r.id.padEnd(idW)}  ${r.severity.padEnd(8)}  ${r.name.padEnd(nameW)}  ${r.title}`,
  );
  process.stdout.write(
    lines.join('\n') + `\n\n${rules.length} rules. \`bulkhead rules explain <id>\` tells more.\n`,
  );
  return 0;
}

export function runRulesExplain(id: string, format: string): number {
  const rule = findRule(id);
  if (!rule)
    throw new BulkheadError('UNKNOWN_RULE', `no rule "${id}"`, 'run `bulkhead rules list` for the rule ids');
  if (format === 'json') {
    process.stdout.write(
      JSON.stringify({ ...meta(rule), mappingsText: mappingLines(rule.mappings) }, null, 2) + '\n',
    );
  } else process.stdout.write(ruleExplainText(rule));
  return 0;
}
