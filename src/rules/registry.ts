import { DOCKERFILE_RULES } from './dockerfile/index.js';
import { IMAGE_RULES } from './image/index.js';
import type { Rule } from './types.js';

const ALL: readonly Rule[] = [...DOCKERFILE_RULES, ...IMAGE_RULES];

/** Every rule Bulkhead knows: Dockerfile rules, then image rules, each in id order. */
export function allRules(): readonly Rule[] {
  return ALL;
}

/** Finds a rule by id (`DF001`, case-insensitive) or name (`missing-user`). */
export function findRule(idOrName: string): Rule | undefined {
  const q = idOrName.trim();
  return allRules().find((r) => r.id === q.toUpperCase() || r.name === q.toLowerCase());
}
