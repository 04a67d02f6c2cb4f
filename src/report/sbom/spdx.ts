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

// An SPDX licence expression (Annex D) of listed-looking ids: `id`, `id+`, `id WITH exception`,
// joined by AND/OR and grouped by balanced parentheses. Free text (`Apache 2.0`, `see LICENSE`) is
// not one, nor is a LicenseRef: the document declares no extracted licence text it could point to.
const LICENSE_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*\+?$/;
const OPERATORS = new Set(['AND', 'OR', 'WITH']);

function isExpression(text: string): boolean {
  const tokens = text.replace(/[()]/g, ' $& ').trim().split(/\s+/);
  let depth = 0;
  let operand = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (operand) {
      if (t === '(') {
        depth++;
        continue;
      }
      if (!LICENSE_ID.test(t) || OPERATORS.has(t) || t.startsWith('LicenseRef-')) return false;
      if (tokens[i + 1] === 'WITH') {
        const exception = tokens[i + 2] ?? '';
        if (!LICENSE_ID.test(exception) || exception.endsWith('+') || OPERATORS.has(exception)) return false;
        i += 2;
      }
      operand = false;
    } else if (t === ')') {
      if (--depth < 0) return false;
    } else if (t === 'AND' || t === 'OR') operand = true;
    else return false;
  }
  return !operand && depth === 0;
}

function spdxPackage(p: Package, id: string): Record<string, unknown> {
  const licenses = p.licenses ?? [];
  // Each listed licence applies; one that is itself an expression (`MIT OR Apache-2.0`) is grouped,
  // or AND would bind to its last operand.
  const expr =
    licenses.length > 1
      ? licenses.map((l) => (/\s/.test(l.trim()) ? `(${l})` : l)).join(' AND ')
      : licenses[0];
  const out: Record<string, unknown> = {
    SPDXID: id,
    name: p.namespace ? `${p.namespace}/${p.name}` : p.name,
    versionInfo: p.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: expr !== undefined && isExpression(expr) ? expr : 'NOASSERTION',
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
