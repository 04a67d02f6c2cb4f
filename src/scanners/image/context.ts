import type { AccountFact } from '../../analyzers/image/account-files.js';
import type { FileSecret } from '../../analyzers/secrets/file-analyzer.js';
import { Overlay, type FileRecord } from '../../artifact/image/overlay.js';
import type { ImageConfig } from '../../artifact/image/types.js';
import type { LayerAnalysis } from './layer-analysis.js';

/** One history entry of the image config, with the layer it created (if it created one). */
export interface HistoryEntry {
  /** 0-based position in `config.history`. */
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  layer?: number;
}

/** Where a file-borne result sits: the layer that added the file, and the one that removed it. */
export interface InLayer {
  layer: number;
  /** Set when a later layer deleted or overwrote the file: hidden, but its bytes are in the image. */
  deletedBy?: number;
}

export type LocatedSecret = FileSecret & InLayer;
export type LocatedAccountFact = AccountFact & InLayer;

/**
 * What the image rules read: the config and history, the union filesystem (the final view, plus
 * the files later layers removed), and the analyzers' results placed in their layers. Folders
 * (`bulkhead fs`, `rootfs`) produce the same shape with one layer and no config.
 */
export interface ImageContext {
  kind: 'image' | 'rootfs' | 'fs';
  config?: ImageConfig;
  history: HistoryEntry[];
  files: ReadonlyMap<string, FileRecord>;
  deleted: readonly FileRecord[];
  secrets: LocatedSecret[];
  accounts: LocatedAccountFact[];
}

/** Pairs history entries with layers the way the runtime does: non-empty entries, in order. */
export function historyEntries(config: ImageConfig | undefined, layerCount: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  let layer = 0;
  (config?.history ?? []).forEach((h, index) => {
    const e: HistoryEntry = {
      index,
      createdBy: h.created_by ?? '',
      emptyLayer: h.empty_layer === true,
    };
    if (!e.emptyLayer && layer < layerCount) e.layer = layer++;
    out.push(e);
  });
  return out;
}

export function buildContext(
  kind: ImageContext['kind'],
  config: ImageConfig | undefined,
  analyses: readonly LayerAnalysis[],
): ImageContext {
  const overlay = new Overlay();
  analyses.forEach((a, i) => {
    overlay.apply(i, a);
  });
  const removedBy = new Map<string, number>();
  for (const rec of overlay.deleted()) {
    if (rec.deletedBy !== undefined) removedBy.set(`${rec.layer}\0${rec.entry.path}`, rec.deletedBy);
  }
  const place = <T extends { path: string }>(layer: number, r: T): T & InLayer => {
    const by = removedBy.get(`${layer}\0${r.path}`);
    return by === undefined ? { ...r, layer } : { ...r, layer, deletedBy: by };
  };
  return {
    kind,
    ...(config ? { config } : {}),
    history: historyEntries(config, analyses.length),
    files: overlay.files(),
    deleted: overlay.deleted(),
    secrets: analyses.flatMap((a, i) => a.secrets.map((s) => place(i, s))),
    accounts: analyses.flatMap((a, i) => a.accounts.map((s) => place(i, s))),
  };
}
