import { yaml } from '../util/lazy-yaml.js';
import { MAX_YAML_NESTING, yamlNestingBound } from '../util/yaml-depth.js';
import { BulkheadError } from './errors.js';
import { parseSeverity, type Severity } from './severity.js';

/** `bulkhead.yaml`: defaults for flags plus rule settings. Flags given on the command line win. */
export interface BulkheadConfig {
  format?: string;
  severity?: Severity[];
  failOn?: Severity;
  ignoreFile?: string;
  rules: {
    disable: string[];
    severity: Record<string, Severity>;
  };
  dockerfile: {
    allowedRegistries?: string[];
    buildTools?: string[];
  };
}

export function emptyConfig(): BulkheadConfig {
  return { rules: { disable: [], severity: {} }, dockerfile: {} };
}

const TOP_KEYS = new Set([
  'format',
  'severity',
  'failOn',
  'fail-on',
  'ignoreFile',
  'ignore-file',
  'rules',
  'dockerfile',
]);

/** Parses and validates `bulkhead.yaml`. Unknown keys are errors: a typo must not silently do nothing. */
export function parseConfig(source: string, text: string): BulkheadConfig {
  const fail = (msg: string): never => {
    throw new BulkheadError(
      'CONFIG_INVALID',
      `${source}: ${msg}`,
      'see README "Configuration" for the keys bulkhead.yaml accepts',
    );
  };
  if (yamlNestingBound(text) > MAX_YAML_NESTING) fail('YAML nested too deeply to be a configuration file');
  const doc = yaml().parseDocument(text, { prettyErrors: false });
  const err = doc.errors[0];
  if (err) fail(`invalid YAML at line ${err.linePos?.[0].line ?? '?'}: ${err.message.split('\n')[0] ?? ''}`);
  const raw: unknown = doc.toJSON();
  const cfg = emptyConfig();
  if (raw === null || raw === undefined) return cfg;
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('expected a mapping at the top level');
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!TOP_KEYS.has(k)) fail(`unknown key "${k}"`);

  const strList = (v: unknown, what: string): string[] => {
    const list = typeof v === 'string' ? v.split(',') : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
      return fail(`${what} must be a list of strings`);
    return list.map((s) => s.trim()).filter(Boolean);
  };
  const sev = (v: unknown, what: string): Severity => {
    const s = typeof v === 'string' ? parseSeverity(v) : undefined;
    return s ?? fail(`${what} must be one of CRITICAL, HIGH, MEDIUM, LOW, INFO, UNKNOWN`);
  };

  if (obj.format !== undefined)
    cfg.format = typeof obj.format === 'string' ? obj.format : fail('format must be a string');
  if (obj.severity !== undefined)
    cfg.severity = strList(obj.severity, 'severity').map((s) => sev(s, 'severity'));
  const failOn = obj.failOn ?? obj['fail-on'];
  if (failOn !== undefined) cfg.failOn = sev(failOn, 'failOn');
  const ignoreFile = obj.ignoreFile ?? obj['ignore-file'];
  if (ignoreFile !== undefined)
    cfg.ignoreFile = typeof ignoreFile === 'string' ? ignoreFile : fail('ignoreFile must be a string');

  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null) fail('rules must be a mapping');
    const rules = obj.rules as Record<string, unknown>;
    for (const k of Object.keys(rules))
      if (k !== 'disable' && k !== 'severity') fail(`unknown key "rules.${k}"`);
    if (rules.disable !== undefined) cfg.rules.disable = strList(rules.disable, 'rules.disable');
    if (rules.severity !== undefined) {
      if (typeof rules.severity !== 'object' || rules.severity === null)
        fail('rules.severity must map rule ids to severities');
      for (const [id, s] of Object.entries(rules.severity as Record<string, unknown>)) {
        cfg.rules.severity[id] = sev(s, `rules.severity.${id}`);
      }
    }
  }
  if (obj.dockerfile !== undefined) {
    if (typeof obj.dockerfile !== 'object' || obj.dockerfile === null) fail('dockerfile must be a mapping');
    const d = obj.dockerfile as Record<string, unknown>;
    for (const k of Object.keys(d)) {
      if (k !== 'allowedRegistries' && k !== 'buildTools') fail(`unknown key "dockerfile.${k}"`);
    }
    if (d.allowedRegistries !== undefined)
      cfg.dockerfile.allowedRegistries = strList(d.allowedRegistries, 'dockerfile.allowedRegistries');
    if (d.buildTools !== undefined)
      cfg.dockerfile.buildTools = strList(d.buildTools, 'dockerfile.buildTools');
  }
  return cfg;
}
