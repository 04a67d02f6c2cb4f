import type { Package } from '../../core/package.js';

/**
 * What a language parser found in one file. `purl`, `layer` and `ownedBy` are left to the caller,
 * which knows the image and the OS packages. A file that cannot be read gives a warning
 * (`<path>: <what is wrong>`), never an exception: one corrupt lock file must not stop a scan.
 */
export interface LangResult {
  packages: Package[];
  warnings: string[];
}

/** A pure parser: the bytes of one file in, the packages it records out. */
export type LangParse = (path: string, bytes: Buffer) => LangResult;

export interface LangParser {
  id: string;
  /** Part of the layer-cache key: bump it whenever the result for the same bytes could change. */
  version: number;
  /** Decided on the path alone (file name conventions), so it is cheap enough to call for every file. */
  matches(path: string): boolean;
  parse: LangParse;
  /**
   * Lock files and manifests declare what a build would install: they are read when scanning a
   * source folder (`fs`), not in images, where the installed metadata is the truth.
   */
  lockFile: boolean;
}
