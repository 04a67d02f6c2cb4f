import { DOCKERFILE_RULES } from './dockerfile/index.js';
import type { Rule } from './types.js';

/** Every rule Bulkhead knows, in id order. */
export function allRules(): readonly Rule[] {
  return DOCKERFILE_RULES;
}

/** Finds a rule by id (`DF001`, case-insensitive) or name (`missing-user`). */
export function findRule(idOrName: string): Rule | undefined {
  const q = idOrName.trim();
  return allRules().find((r) => r.id === q.toUpperCase() || r.name === q.toLowerCase());
}
