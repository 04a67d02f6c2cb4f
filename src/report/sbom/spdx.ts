import type { Package } from '../../core/package.js';
import { dependencyIndex, type SbomInput } from './common.js';

/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/). The artifact is the described package,
 * the OS and every package are packages it CONTAINS, with purls as PACKAGE-MANAGER external refs
 * and DEPENDS_ON relationships where the source records dependencies.
 */
export function renderSpdx(input: SbomInput): string {
  const { artifact, packages, os } = input;
  const rootId = 'SPDXRef-Artifact';
  const ids = packages.map((_, i) => `SPDXRef-Package-${String(i + 1)}`);
  const spdxPackages: Record<string, unknown>[] = [];
  const root: Record<string, unknown> = {
    SPDXID: rootId,
    name: artifact.name,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: artifact.type === 'container-image' ? 'CONTAINER' : 'SOURCE',
  };
  if (artifact.digest) {
    root.versionInfo = artifact.digest;
    const [alg, hex] = artifact.digest.split(':');
    if (alg === 'sha256' && hex) root.checksums = [{ algorithm: 'SHA256', checksumValue: hex }];
  }
  spdxPackages.push(root);
  const relationships: Record<string, string>[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
  ];
  if (os) {
    spdxPackages.push({
      SPDXID: 'SPDXRef-OperatingSystem',
      name: os.family,
      versionInfo: os.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING-SYSTEM',
    });
    relationships.push({
      spdxElementId: rootId,
      relationshipType: 'CONTAINS',
      relatedSpdxElement: 'SPDXRef-OperatingSystem',
    });
  }
  packages.forEach((p, i) => {
    spdxPackages.push(spdxPackage(p, ids[i] ?? ''));
    relationships.push({
      spdxElementId: rootId,
      relationshipType: 'CONTAINS',
      relatedSpdxElement: ids[i] ?? '',
    });
  });
  for (const [i, deps] of dependencyIndex(packages)) {
    for (const j of new Set(deps))
      relationships.push({
        spdxElementId: ids[i] ?? '',
        relationshipType: 'DEPENDS_ON',
        relatedSpdxElement: ids[j] ?? '',
      });
  }
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: artifact.name,
    documentNamespace: `https://spdx.org/spdxdocs/bulkhead/${encodeURIComponent(artifact.name)}-${input.uuid}`,
    creationInfo: {
      // SPDX wants seconds precision: YYYY-MM-DDThh:mm:ssZ.
      created: `${input.now.slice(0, 19)}Z`,
      creators: [`Tool: bulkhead-${input.toolVersion}`],
    },
    packages: spdxPackages,
    relationships,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// An SPDX license expression made of plain ids joined by AND/OR/WITH; anything else (`GPL-2+`
// written freely, `see LICENSE`) cannot be declared as an expression.
const EXPRESSION =
  /^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?(?:\s+(?:AND|OR|WITH)\s+\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$/;

function spdxPackage(p: Package, id: string): Record<string, unknown> {
  const licenses = p.licenses ?? [];
  const expr = licenses.length > 0 ? licenses.join(' AND ') : undefined;
  const out: Record<string, unknown> = {
    SPDXID: id,
    name: p.namespace ? `${p.namespace}/${p.name}` : p.name,
    versionInfo: p.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: expr !== undefined && EXPRESSION.test(expr) ? expr : 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'LIBRARY',
    sourceInfo: `found in ${p.path}${p.layer ? ` (layer ${String(p.layer.index + 1)}, ${p.layer.diffId})` : ''}`,
  };
  if (p.sourceName && p.sourceName !== p.name)
    out.summary = `source package ${p.sourceName}${p.sourceVersion ? ` ${p.sourceVersion}` : ''}`;
  if (p.purl)
    out.externalRefs = [
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
    ];
  return out;
}
