import { BulkheadError } from '../../core/errors.js';
import type { ImageConfig, ImageLayer } from './types.js';

const isStringArray = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every((s) => typeof s === 'string');

/**
 * Parses and validates an image config (untrusted: from a registry or an archive). Only the
 * fields the scanners read are checked for shape; a wrong shape is an unreadable image, never a
 * crash in a rule. Every reader (registry, OCI layout and archive, docker save) goes through here.
 */
export function parseImageConfig(bytes: Buffer, label: string, hint: string): ImageConfig {
  const bad = (msg: string): never => {
    throw new BulkheadError('TARGET_UNREADABLE', `${label}: ${msg}`, hint);
  };
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    return bad('the config is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('the config is not a JSON object');
  const c = v as Record<string, unknown>;
  const rootfs: unknown = c.rootfs;
  if (
    typeof rootfs !== 'object' ||
    rootfs === null ||
    !isStringArray((rootfs as Record<string, unknown>).diff_ids)
  )
    bad('the config has no rootfs.diff_ids list');
  if (c.history !== undefined && c.history !== null) {
    if (!Array.isArray(c.history) || !c.history.every((h) => typeof h === 'object' && h !== null))
      bad('the config history is not a list of entries');
  }
  const inner = c.config;
  if (inner !== undefined && inner !== null) {
    if (typeof inner !== 'object' || Array.isArray(inner)) bad('config.config is not an object');
    const o = inner as Record<string, unknown>;
    for (const key of ['Env', 'Entrypoint', 'Cmd'] as const) {
      if (o[key] !== undefined && o[key] !== null && !isStringArray(o[key]))
        bad(`config.${key} is not a list of strings`);
    }
    for (const key of ['User', 'WorkingDir'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'string') bad(`config.${key} is not a string`);
    }
    for (const key of ['ExposedPorts', 'Healthcheck'] as const) {
      if (o[key] !== undefined && o[key] !== null && (typeof o[key] !== 'object' || Array.isArray(o[key])))
        bad(`config.${key} is not an object`);
    }
  }
  return c;
}

/** The history line of each layer: history entries marked `empty_layer` made none. */
export function layerHistory(config: ImageConfig): (string | undefined)[] {
  return (config.history ?? [])
    .filter((h) => !h.empty_layer)
    .map((h) => (typeof h.created_by === 'string' ? h.created_by : undefined));
}

/** A layer as a manifest (or `docker save`'s manifest.json) lists it. */
export interface LayerBlob {
  digest: string;
  mediaType: string;
  size: number;
}

/**
 * Pairs a manifest's layers with the config's diff IDs and history lines, the same way for every
 * reader (registry, OCI layout and archive, docker save). `fail` reports a malformed image in the
 * reader's own words; `open` streams a layer's verified bytes.
 */
export function imageLayers<B extends LayerBlob>(
  config: ImageConfig,
  blobs: readonly B[],
  open: (blob: B, index: number) => AsyncIterable<Buffer>,
  fail: (msg: string) => never,
): ImageLayer[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== blobs.length)
    fail(`${String(blobs.length)} layers but ${String(diffIds.length)} diff_ids in the config`);
  const history = layerHistory(config);
  return blobs.map((b, i) => {
    const layer: ImageLayer = {
      digest: b.digest,
      diffId: diffIds[i] ?? '',
      mediaType: b.mediaType,
      size: b.size,
      open: () => open(b, i),
    };
    const createdBy = history[i];
    if (createdBy !== undefined) layer.createdBy = createdBy;
    return layer;
  });
}
