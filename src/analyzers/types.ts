/**
 * An analyzer reads files out of an image layer or a folder. It claims the paths it wants (called
 * for every file, so it must be cheap), then turns each claimed file's bytes into results. It is
 * pure: bytes in, JSON-serialisable results out. `version` is part of the layer-cache key: bump it
 * whenever the results for the same bytes could change.
 */
export interface FileAnalyzer<R> {
  name: string;
  version: number;
  /** `path` has no leading slash (`etc/passwd`); `mode` holds the permission bits. */
  claims(path: string, mode: number, size: number): boolean;
  analyze(path: string, bytes: Buffer): R[];
}

/** Files larger than this are never read by any analyzer (they are still listed); each analyzer
 * sets its own, lower cap (secrets: 2 MiB; Go binaries: this). */
export const MAX_ANALYZED_FILE_BYTES = 256 * 1024 * 1024;
