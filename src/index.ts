// The public library API of Bulkhead: named exports only.
export type { Severity } from './core/severity.js';
export { SEVERITIES, atOrAbove, parseSeverity, severityRank } from './core/severity.js';
export type { Finding, FindingClass, Location, LayerRef, Mappings, Suppression } from './core/finding.js';
export type { Report, Summary, ArtifactInfo, ArtifactType } from './core/report.js';
export { SCHEMA_VERSION, compareFindings } from './core/report.js';
export { BulkheadError, exitCodeFor, type ErrorCode } from './core/errors.js';
export { buildReport, failsGate, type ReportOptions } from './core/scan.js';
export { parseIgnoreFile, applyIgnoreFile, type IgnoreFile, type IgnoreEntry } from './core/ignore-file.js';
export { parseConfig, emptyConfig, type BulkheadConfig } from './core/config.js';
export { fingerprint } from './core/fingerprint.js';

export { parseDockerfile, decodeDockerfile } from './analyzers/config/dockerfile/parse.js';
export type { DockerfileModel, Instruction, Stage } from './analyzers/config/dockerfile/model.js';
export { parseShell, type ShellCommand, type ShellScript } from './analyzers/config/dockerfile/shell.js';
export { parseImageRef, type ImageRef } from './util/image-ref.js';

export { scanDockerfile, type DockerfileScanOptions } from './scanners/dockerfile.js';
export {
  scanImage,
  type ImageScanOptions,
  type ImageScanResult,
  type LayerStore,
  type ScanProgress,
} from './scanners/image/scan.js';
export { scanFolder, type FolderScanOptions } from './scanners/folder.js';
export type { ImageContext, HistoryEntry } from './scanners/image/context.js';
export { SCANNER_NAMES, type ScannerName, type LayerAnalysis } from './scanners/image/layer-analysis.js';
export { resolveImageTarget, openImageTarget, type ImageTarget } from './artifact/image/target.js';
export type { ImageSource, ImageLayer, ImageConfig } from './artifact/image/types.js';
export { openRegistryImage, headManifest } from './registry/image.js';
export type { RegistryOptions } from './registry/client.js';
export { LayerCache, defaultCacheDir, cleanCache } from './cache/layer-cache.js';
export { findSecrets, redactSecret, redactSecretsIn, SECRET_PATTERNS } from './analyzers/secrets/patterns.js';
export { allRules, findRule } from './rules/registry.js';
export type {
  Rule,
  RuleMeta,
  DockerfileRule,
  ImageRule,
  ImageHit,
  RuleHit,
  RuleSettings,
} from './rules/types.js';
export { DEFAULT_RULE_SETTINGS } from './rules/types.js';

export { renderReport } from './report/render.js';
export { OUTPUT_FORMATS, type OutputFormat, type RenderContext } from './report/context.js';
export { toolVersion } from './version.js';
