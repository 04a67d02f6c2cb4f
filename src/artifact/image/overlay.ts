import type { LayerEntry, LayerWalkResult } from './layer.js';

/** A file of the image and the layer that added it (its last writer). */
export interface FileRecord {
  layer: number;
  entry: LayerEntry;
  /** Set when a later layer deleted it: gone from the running container, still in the image. */
  deletedBy?: number;
}

function under(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/**
 * The union filesystem of an image, built layer by layer as the container runtime would:
 * a layer's whiteouts hide what lower layers added (a file, or a whole folder), then its own
 * entries are added on top. Deleted files are kept aside with the layer that deleted them, since
 * their bytes remain in the image and a secret in them is still exposed.
 */
export class Overlay {
  private readonly live = new Map<string, FileRecord>();
  private readonly gone: FileRecord[] = [];

  apply(layer: number, result: Pick<LayerWalkResult, 'entries' | 'whiteouts'>): void {
    for (const w of result.whiteouts) {
      // Deleting one file is the common case (`rm x`): a direct lookup, not a scan of every path.
      const exact = this.live.get(w.path);
      if (!w.opaque && exact && exact.entry.type !== 'dir') {
        this.live.delete(w.path);
        this.gone.push({ ...exact, deletedBy: layer });
        continue;
      }
      for (const [path, rec] of this.live) {
        const hit = w.opaque ? path !== w.path && under(path, w.path) : under(path, w.path);
        if (!hit) continue;
        this.live.delete(path);
        this.gone.push({ ...rec, deletedBy: layer });
      }
    }
    for (const entry of result.entries) {
      const prev = this.live.get(entry.path);
      // A file replaced by a later layer is no longer readable in the final view either.
      if (prev && prev.layer !== layer && prev.entry.type === 'file')
        this.gone.push({ ...prev, deletedBy: layer });
      this.live.set(entry.path, { layer, entry });
    }
  }

  /** The final view: every path and the layer whose version of it a container sees. */
  files(): ReadonlyMap<string, FileRecord> {
    return this.live;
  }

  /** Files added by one layer and deleted or overwritten by a later one. */
  deleted(): readonly FileRecord[] {
    return this.gone;
  }
}
