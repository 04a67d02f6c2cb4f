import {
  decodeDockerfile,
  parseDockerfile,
  unparsedDockerfile,
} from '../analyzers/config/dockerfile/parse.js';
import type { Finding } from '../core/finding.js';
import { checkDockerfile } from '../rules/check-dockerfile.js';
import { DOCKERFILE_RULES } from '../rules/dockerfile/index.js';
import { DEFAULT_RULE_SETTINGS, type DockerfileRule, type RuleSettings } from '../rules/types.js';

/** Dockerfiles larger than this are not Dockerfiles; they are reported, not parsed. */
export const MAX_DOCKERFILE_BYTES = 4 * 1024 * 1024;

export interface DockerfileScanOptions {
  settings?: Partial<RuleSettings>;
  /** Rule ids or names to skip. */
  disabled?: readonly string[];
}

/** Scans one Dockerfile's bytes: decode, parse, run every enabled rule. Pure. */
export function scanDockerfile(path: string, bytes: Uint8Array, opts: DockerfileScanOptions = {}): Finding[] {
  const settings: RuleSettings = { ...DEFAULT_RULE_SETTINGS, ...opts.settings };
  const rules = enabledRules(opts.disabled ?? []);
  if (bytes.length > MAX_DOCKERFILE_BYTES) {
    const mib = (bytes.length / 1024 / 1024).toFixed(1);
    const model = unparsedDockerfile(path, [
      { line: 1, endLine: 1, message: `file too large (${mib} MiB) to be a Dockerfile; not parsed` },
    ]);
    return checkDockerfile(model, rules, settings);
  }
  const decoded = decodeDockerfile(bytes);
  const model = decoded.isText
    ? parseDockerfile(path, decoded.text, decoded.problems)
    : unparsedDockerfile(path, decoded.problems);
  return checkDockerfile(model, rules, settings);
}

function enabledRules(disabled: readonly string[]): DockerfileRule[] {
  if (disabled.length === 0) return [...DOCKERFILE_RULES];
  const off = new Set(disabled.map((d) => d.toLowerCase()));
  return DOCKERFILE_RULES.filter((r) => !off.has(r.id.toLowerCase()) && !off.has(r.name));
}
