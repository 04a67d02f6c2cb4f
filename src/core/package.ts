import type { LayerRef } from './finding.js';

/**
 * Package ecosystems, named by their purl type (https://github.com/package-url/purl-spec):
 * OS package managers, then language ecosystems.
 */
export type PackageType =
  'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven' | 'cargo' | 'gem' | 'composer' | 'nuget';

export const OS_PACKAGE_TYPES: readonly PackageType[] = ['deb', 'apk', 'rpm'];

/** One installed (or locked) package, as the package manager recorded it. */
export interface Package {
  type: PackageType;
  /** For npm scopes (`@types`), Maven group ids, Go module paths and Composer vendors. */
  namespace?: string;
  name: string;
  /** As the package manager writes it: deb `1:2.3-4`, rpm `2.3-4.el9` (epoch separate), npm `1.2.3`. */
  version: string;
  /** rpm epoch (deb epochs stay in `version`, as dpkg writes them). */
  epoch?: number;
  arch?: string;
  /** The source package (deb `Source:`, apk origin, rpm source RPM name) when it differs or is known. */
  sourceName?: string;
  /** The source version when it differs from `version` (binNMUs, rpm source RPMs). */
  sourceVersion?: string;
  licenses?: string[];
  /** Package URL, filled in by the inventory once the OS release is known. */
  purl?: string;
  /** The file the package was found in (`var/lib/dpkg/status`, `app/node_modules/x/package.json`). */
  path: string;
  /** Layer that added or last changed that file (images only). */
  layer?: LayerRef;
  /** Files the package installed, for OS packages: which language packages they own. */
  files?: string[];
  /**
   * Set on a language package whose files an OS package installed (Debian's python3-urllib3 under
   * dist-packages): it is matched against that distribution's advisories, not the language's.
   */
  ownedBy?: { type: PackageType; name: string };
  /** Names (or `namespace/name`) of the packages it depends on, as the source records them. */
  dependsOn?: string[];
  /** Lock files and manifests list packages that are declared, not installed. */
  fromLockFile?: boolean;
  /** Development-only dependency (lock files that say so). */
  dev?: boolean;
}

/** The release an OS package list belongs to (from os-release and friends). */
export interface OsRelease {
  /** os-release `ID`: `debian`, `ubuntu`, `alpine`, `rhel`, `cbl-mariner`, `sles`... */
  family: string;
  /** `VERSION_ID` (`12`, `3.19.1`, `9.4`), or `debian_version` and the like. */
  version: string;
  /** `PRETTY_NAME` when there is one. */
  name?: string;
  /** `VERSION_CODENAME` (`bookworm`). */
  codename?: string;
  /** Set when the release is guessed (distroless `status.d` without os-release). */
  guessed?: boolean;
}
