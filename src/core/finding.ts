import type { Severity } from './severity.js';

export type FindingClass = 'vulnerability' | 'misconfig' | 'secret' | 'image-config';

/** The image layer a file came from (image targets only). */
export interface LayerRef {
  index: number;
  digest: string;
  diffId: string;
  createdBy?: string;
}

export interface Location {
  /** Path relative to the scan root, with forward slashes (`-` for stdin). */
  path: string;
  startLine?: number;
  endLine?: number;
  layer?: LayerRef;
}

/** The same check's id in other standards and tools. */
export interface Mappings {
  hadolint?: string[];
  trivy?: string[];
  checkov?: string[];
  dockle?: string[];
  kubescape?: string[];
  'cis-docker'?: string[];
  'cis-k8s'?: string[];
  pss?: string[];
  nsa?: string[];
}

export type SuppressionKind = 'inline' | 'ignore-file' | 'config';

export interface Suppression {
  kind: SuppressionKind;
  reason?: string;
  /** ISO date (YYYY-MM-DD) the suppression expires on, when it has one. */
  expires?: string;
  /** Where the suppression was declared (`Dockerfile:4`, `.bulkheadignore`). */
  source: string;
}

export interface Finding {
  ruleId: string;
  class: FindingClass;
  severity: Severity;
  title: string;
  message: string;
  location: Location;
  remediation: string;
  references: string[];
  mappings: Mappings;
  /** Stable across runs and line moves: rule, path and the offending content. */
  fingerprint: string;
  /** Present only on suppressed findings (shown with --show-suppressed). */
  suppression?: Suppression;
}
