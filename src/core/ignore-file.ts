import picomatch from 'picomatch';
import type { Node } from 'yaml';
import { yaml } from '../util/lazy-yaml.js';
import { MAX_YAML_NESTING, yamlNestingBound } from '../util/yaml-depth.js';
import { BulkheadError } from './errors.js';
import type { Finding } from './finding.js';

/** One `.bulkheadignore` entry. */
export interface IgnoreEntry {
  id: string;
  paths?: string[];
  /** YYYY-MM-DD; the entry suppresses up to and including this day. */
  expires?: string;
  reason?: string;
  /** Line of the entry in the ignore file, for messages. */
  line: number;
}

export interface IgnoreFile {
  source: string;
  entries: IgnoreEntry[];
}

const ALLOWED_KEYS = new Set(['id', 'paths', 'expires', 'reason']);

/**
 * Parses a `.bulkheadignore` (YAML): a list of entries, or `{ ignores: [...] }`. Anything else
 * is an error naming the line, never a silent "nothing ignored".
 */
export function parseIgnoreFile(source: string, text: string): IgnoreFile {
  if (yamlNestingBound(text) > MAX_YAML_NESTING)
    throw new BulkheadError(
      'IGNORE_FILE_INVALID',
      `${source}: YAML nested too deeply to be an ignore file`,
      'an ignore file is a flat list of entries; see README "Ignore files"',
    );
  const { isMap, isSeq, LineCounter, parseDocument } = yaml();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const fail = (msg: string, node?: Node | null): never => {
    const line = node?.range ? lc.linePos(node.range[0]).line : undefined;
    throw new BulkheadError(
      'IGNORE_FILE_INVALID',
      `${source}${line ? `:${line}` : ''}: ${msg}`,
      'each entry needs `id`, and may have `paths` (globs), `expires` (YYYY-MM-DD) and `reason`; see README "Ignore files"',
    );
  };
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0].line;
    throw new BulkheadError(
      'IGNORE_FILE_INVALID',
      `${source}${line ? `:${line}` : ''}: invalid YAML: ${err.message.split('\n')[0] ?? ''}`,
      'fix the YAML syntax of the ignore file',
    );
  }
  let list: Node | null = doc.contents;
  if (list === null) return { source, entries: [] };
  if (isMap(list)) {
    const ignores = list.get('ignores', true) as Node | undefined;
    if (!ignores) fail('expected a list of entries or an `ignores:` list', list);
    list = ignores ?? null;
  }
  if (!isSeq(list)) return fail('expected a list of entries', list);
  const entries: IgnoreEntry[] = [];
  for (const item of list.items) {
    const node = item as Node;
    if (!isMap(node)) fail('each entry must be a mapping with an `id`', node);
    const line = node.range ? lc.linePos(node.range[0]).line : 0;
    const obj = node.toJSON() as Record<string, unknown>;
    for (const k of Object.keys(obj)) if (!ALLOWED_KEYS.has(k)) fail(`unknown key "${k}"`, node);
    const id = obj.id;
    if (typeof id !== 'string' || id.trim() === '') fail('entry has no `id`', node);
    const entry: IgnoreEntry = { id: String(id).trim(), line };
    if (obj.paths !== undefined) {
      const paths = typeof obj.paths === 'string' ? [obj.paths] : obj.paths;
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
        fail('`paths` must be a list of globs', node);
      entry.paths = paths as string[];
    }
    if (obj.expires !== undefined) {
      const raw: unknown = obj.expires;
      const s =
        raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'string' ? raw.trim() : '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s)))
        fail('`expires` must be a date (YYYY-MM-DD)', node);
      entry.expires = s;
    }
    if (obj.reason !== undefined)
      entry.reason = typeof obj.reason === 'string' ? obj.reason : JSON.stringify(obj.reason);
    entries.push(entry);
  }
  return { source, entries };
}

export interface IgnoreResult {
  findings: Finding[];
  warnings: string[];
}

/**
 * Marks findings an ignore entry suppresses. `today` is YYYY-MM-DD (the clock is the caller's).
 * `ruleAliases` maps a rule id to its other accepted names.
 */
export function applyIgnoreFile(
  findings: readonly Finding[],
  file: IgnoreFile,
  today: string,
  ruleAliases: (ruleId: string) => string[] = () => [],
): IgnoreResult {
  const warnings: string[] = [];
  const active: { entry: IgnoreEntry; match: ((p: string) => boolean) | null }[] = [];
  for (const entry of file.entries) {
    if (entry.expires && entry.expires < today) {
      warnings.push(
        `${file.source}:${entry.line}: ignore entry for ${entry.id} expired on ${entry.expires} and no longer suppresses`,
      );
      continue;
    }
    active.push({ entry, match: entry.paths ? picomatch(entry.paths, { dot: true }) : null });
  }
  const out = findings.map((f) => {
    if (f.suppression) return f;
    const names = [f.ruleId, ...ruleAliases(f.ruleId)].map((n) => n.toLowerCase());
    const hit = active.find(
      ({ entry, match }) => names.includes(entry.id.toLowerCase()) && (!match || match(f.location.path)),
    );
    if (!hit) return f;
    const suppression: NonNullable<Finding['suppression']> = {
      kind: 'ignore-file',
      source: `${file.source}:${hit.entry.line}`,
    };
    if (hit.entry.reason) suppression.reason = hit.entry.reason;
    if (hit.entry.expires) suppression.expires = hit.entry.expires;
    return { ...f, suppression };
  });
  return { findings: out, warnings };
}
