import type { OsRelease, Package } from '../../core/package.js';
import type { ArtifactInfo } from '../../core/report.js';

/** What an SBOM writer needs; time and identifiers come from the caller (the core stays pure). */
export interface SbomInput {
  artifact: ArtifactInfo;
  os?: OsRelease;
  packages: readonly Package[];
  toolVersion: string;
  /** ISO timestamp. */
  now: string;
  /** A fresh random UUID for the document. */
  uuid: string;
}

/**
 * Dependency edges by index: a package's `dependsOn` names resolved to packages of the same type
 * found in the same file (a lock file, a status database) first, then anywhere.
 */
export function dependencyIndex(packages: readonly Package[]): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  const key = (type: string, name: string): string => `${type}\0${name}`;
  packages.forEach((p, i) => {
    const full = p.namespace ? `${p.namespace}/${p.name}` : p.name;
    for (const n of new Set([p.name, full])) {
      const list = byKey.get(key(p.type, n)) ?? [];
      list.push(i);
      byKey.set(key(p.type, n), list);
    }
  });
  const out = new Map<number, number[]>();
  packages.forEach((p, i) => {
    if (!p.dependsOn) return;
    const edges: number[] = [];
    for (const d of p.dependsOn) {
      const candidates = byKey.get(key(p.type, d)) ?? [];
      const j = candidates.find((c) => packages[c]?.path === p.path) ?? candidates[0];
      if (j !== undefined && j !== i) edges.push(j);
    }
    if (edges.length > 0) out.set(i, edges);
  });
  return out;
}
