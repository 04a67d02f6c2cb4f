import type { LayerRef, Finding } from '../../core/finding.js';
import type { ArtifactInfo } from '../../core/report.js';
import { redactSecretsIn } from '../../analyzers/secrets/patterns.js';
import type { ImageSource } from '../../artifact/image/types.js';
import { checkImage } from '../../rules/check-image.js';
import { IMAGE_RULES, imageRuleScanner } from '../../rules/image/index.js';
import type { ImageRule } from '../../rules/types.js';
import { buildInventory, layerPackagesOf, type Inventory } from '../inventory.js';
import { buildContext } from './context.js';
import {
  analysisKey,
  analyzeLayer,
  analyzersFor,
  type LayerAnalysis,
  type ScannerName,
} from './layer-analysis.js';

/** Where per-layer results are kept between runs (the SQLite layer cache, or nothing). */
export interface LayerStore {
  get(diffId: string, analyzers: string): LayerAnalysis | undefined;
  putAll(rows: readonly { diffId: string; analyzers: string; analysis: LayerAnalysis }[], now: number): void;
}

/** Progress of the layer walk, for a progress bar. */
export interface ScanProgress {
  layerStart(index: number, count: number, size: number, cached: boolean): void;
  layerBytes(bytesIn: number): void;
  layerDone(): void;
}

export interface ImageScanOptions {
  scanners: ReadonlySet<ScannerName>;
  store?: LayerStore;
  /** Rule ids or names to skip. */
  disabled?: readonly string[];
  progress?: ScanProgress;
  /** Milliseconds since the epoch, for cache bookkeeping (the clock belongs to the caller). */
  now: number;
  /** Collect the package inventory (`--list-packages`, `sbom`). */
  packages?: boolean;
}

export interface ImageScanResult {
  findings: Finding[];
  artifact: ArtifactInfo;
  warnings: string[];
  /** Layers whose analysis came from the cache, and layers read. */
  cached: number;
  read: number;
  /** The packages, when asked for. */
  inventory?: Inventory;
}

export function enabledImageRules(
  scanners: ReadonlySet<ScannerName>,
  disabled: readonly string[] = [],
): ImageRule[] {
  const off = new Set(disabled.map((d) => d.toLowerCase()));
  return IMAGE_RULES.filter(
    (r) => scanners.has(imageRuleScanner(r)) && !off.has(r.id.toLowerCase()) && !off.has(r.name),
  );
}

/**
 * Scans one image: each layer is analysed once (or taken from the store), the union filesystem
 * is rebuilt from the results, and the image rules run over it and the config. New results are
 * stored only after every layer was read and verified, so a failed scan caches nothing.
 */
export async function scanImage(image: ImageSource, opts: ImageScanOptions): Promise<ImageScanResult> {
  const slots = analyzersFor(opts.scanners, { packages: opts.packages ?? false });
  const key = analysisKey(slots);
  const layers: LayerRef[] = image.layers.map((l, index) => {
    // Every reader pairs layers with history lines the same way (artifact/image/config.ts).
    const createdBy = l.createdBy;
    const ref: LayerRef = { index, digest: l.digest, diffId: l.diffId };
    if (createdBy) ref.createdBy = redactSecretsIn(createdBy);
    return ref;
  });

  const analyses: LayerAnalysis[] = [];
  const fresh: { diffId: string; analyzers: string; analysis: LayerAnalysis }[] = [];
  let cached = 0;
  for (const [i, layer] of image.layers.entries()) {
    const hit = opts.store?.get(layer.diffId, key);
    opts.progress?.layerStart(i, image.layers.length, layer.size, hit !== undefined);
    if (hit) {
      cached++;
      analyses.push(hit);
    } else {
      const label = `${image.name}: layer ${String(i + 1)} (${layer.digest.slice(0, 19)})`;
      const walkOpts: { diffId?: string; onProgress?: (n: number) => void } = {};
      // A docker save layer is stored uncompressed: its digest already is the diff ID.
      if (layer.diffId && layer.diffId !== layer.digest) walkOpts.diffId = layer.diffId;
      if (opts.progress) walkOpts.onProgress = (n) => opts.progress?.layerBytes(n);
      const a = await analyzeLayer(layer.open(), label, slots, walkOpts);
      analyses.push(a);
      if (layer.diffId) fresh.push({ diffId: layer.diffId, analyzers: key, analysis: a });
    }
    opts.progress?.layerDone();
  }
  if (fresh.length > 0) opts.store?.putAll(fresh, opts.now);

  const ctx = buildContext('image', image.config, analyses);
  const findings = checkImage(ctx, enabledImageRules(opts.scanners, opts.disabled), layers);
  const warnings: string[] = [];
  analyses.forEach((a, i) => {
    for (const name of a.unsafe)
      warnings.push(`layer ${String(i + 1)}: entry "${name}" points outside the image root; ignored`);
  });
  const artifact: ArtifactInfo = { name: image.name, type: 'container-image', layers };
  if (image.manifestDigest) artifact.digest = image.manifestDigest;
  const result: ImageScanResult = {
    findings,
    artifact,
    warnings,
    cached,
    read: image.layers.length - cached,
  };
  if (opts.packages) {
    const inventory = buildInventory(
      analyses.map((a) => layerPackagesOf(a.inventory)),
      ctx.files,
      layers,
    );
    if (inventory.os) artifact.os = { family: inventory.os.family, version: inventory.os.version };
    warnings.push(...inventory.warnings);
    result.inventory = inventory;
  }
  return result;
}
