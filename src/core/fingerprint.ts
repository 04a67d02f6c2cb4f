import { createHash } from 'node:crypto';

/**
 * A fingerprint that survives unrelated edits: it hashes the rule, the file and a normalised
 * form of the offending content (not the line number), plus an occurrence counter so that two
 * identical offending lines in one file stay distinct.
 */
export function fingerprint(ruleId: string, path: string, content: string, occurrence = 0): string {
  const norm = content.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${path}\0${norm}\0${occurrence}`).digest('hex').slice(0, 32);
}
