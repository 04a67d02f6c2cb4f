import type { FindingClass, Mappings } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { DockerfileModel } from '../analyzers/config/dockerfile/model.js';
import type { ImageContext } from '../scanners/image/context.js';

export type RuleTarget = 'dockerfile' | 'image';

/** What every rule declares about itself; docs and SARIF rule metadata are generated from it. */
export interface RuleMeta {
  /** Stable id, never changed once released (`DF001`). */
  id: string;
  /** Short kebab-case name, accepted wherever an id is (`root-user`). */
  name: string;
  target: RuleTarget;
  class: FindingClass;
  title: string;
  severity: Severity;
  /** Why it matters, in a few sentences. */
  description: string;
  /** How to fix it. */
  remediation: string;
  references: string[];
  mappings: Mappings;
  /** Categories used for grouping and SARIF tags (`secrets`, `supply-chain`, `privilege`...). */
  tags: string[];
}

/** One problem a rule found. Lines are 1-based and inclusive. */
export interface RuleHit {
  startLine: number;
  endLine: number;
  message: string;
  /** Overrides the rule's severity for this hit (e.g. a known token format is worse than a name). */
  severity?: Severity;
  /** Content the fingerprint is based on; defaults to the source of the lines. */
  key?: string;
}

/** Settings rules read from `bulkhead.yaml`. */
export interface RuleSettings {
  /** Registries FROM may pull from; empty means no restriction. */
  allowedRegistries: string[];
  /** Packages that count as build tooling in a final image. */
  buildTools: string[];
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  allowedRegistries: [],
  buildTools: [
    'gcc',
    'g++',
    'clang',
    'make',
    'cmake',
    'build-essential',
    'build-base',
    'git',
    'autoconf',
    'automake',
    'libtool',
    'pkg-config',
    'pkgconf',
    'musl-dev',
    'libc6-dev',
    'golang',
    'go',
    'rust',
    'cargo',
    'gdb',
  ],
};

export interface DockerfileRule extends RuleMeta {
  target: 'dockerfile';
  check(df: DockerfileModel, settings: RuleSettings): RuleHit[];
}

/**
 * One problem an image rule found: a file (with the layer that added it), a history entry, or a
 * field of the image config.
 */
export interface ImageHit {
  /** File path inside the image (no leading slash), `history`, or `config`. */
  path: string;
  /** 1-based line in the file, or history entry number for `history`. */
  line?: number;
  /** Index of the layer the hit is attributed to. */
  layer?: number;
  message: string;
  severity?: Severity;
  /** Content the fingerprint is based on (never a raw secret). */
  key: string;
}

/** Image rules run on images (`bulkhead image`) and, where they need no config, on folders. */
export interface ImageRule extends RuleMeta {
  target: 'image';
  check(ctx: ImageContext): ImageHit[];
}

export type Rule = DockerfileRule | ImageRule;
