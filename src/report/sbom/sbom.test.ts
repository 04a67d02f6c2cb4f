import { describe, expect, it } from 'vitest';
import { cycloneDxValidator } from '../../../test/support/schemas.js';
import {
  licenseExpressionProblem,
  spdxLicenseListIds,
  spdxValidator,
} from '../../../test/support/spdx-validator.js';
import type { LayerRef } from '../../core/finding.js';
import type { OsRelease, Package } from '../../core/package.js';
import type { ArtifactInfo } from '../../core/report.js';
import { purlOf } from '../../scanners/inventory.js';
import { dependencyIndex, type SbomInput } from './common.js';
import { renderCycloneDx } from './cyclonedx.js';
import { renderSpdx } from './spdx.js';

const OS: OsRelease = {
  family: 'debian',
  version: '12',
  name: 'Debian GNU/Linux 12 (bookworm)',
  codename: 'bookworm',
};
const LAYERS: LayerRef[] = [
  {
    index: 0,
    digest: 'sha256:8a1e25ce7c4f75e372e9884f8f7b1bedcfe4a7a7d452eb4b0a1c7477c9a90345',
    diffId: 'sha256:1f00ff20147800878a4ebc9c283f79149b0ac5d7e2f9d1b4e0fd1c3b0b6e4a51',
    createdBy: '# debian.sh --arch amd64 out/ bookworm @1713744000',
  },
  {
    index: 1,
    digest: 'sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1',
    diffId: 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
    createdBy: 'RUN /bin/sh -c apt-get install -y python3-six && npm ci # buildkit',
  },
];
const ARTIFACT: ArtifactInfo = {
  name: 'registry.example.com/team/api:1.4.2',
  type: 'container-image',
  digest: 'sha256:2b6a2d3c1e0f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233',
  layers: LAYERS,
};

const withPurl = (p: Package): Package => ({ ...p, purl: purlOf(p, OS) });
const STATUS = 'var/lib/dpkg/status';
const APP_LOCK = 'srv/app/package-lock.json';
const TOOLS_LOCK = 'srv/tools/package-lock.json';

/** What buildInventory gives for a small Debian image with an npm app and some Python. */
const FOUND: Package[] = [
  {
    type: 'deb',
    name: 'base-files',
    version: '12.4+deb12u5',
    arch: 'amd64',
    sourceName: 'base-files',
    sourceVersion: '12.4+deb12u5',
    path: STATUS,
    layer: LAYERS[0],
  },
  {
    type: 'deb',
    name: 'bash',
    version: '5.2.15-2+b7',
    arch: 'amd64',
    sourceName: 'bash',
    sourceVersion: '5.2.15-2',
    dependsOn: ['libc6', 'libtinfo6', 'base-files', 'debianutils'],
    path: STATUS,
    layer: LAYERS[0],
  },
  {
    type: 'deb',
    name: 'bsdutils',
    version: '1:2.38.1-5+deb12u3',
    arch: 'amd64',
    sourceName: 'util-linux',
    sourceVersion: '2.38.1-5+deb12u3',
    dependsOn: ['libc6', 'libsystemd0'],
    path: STATUS,
    layer: LAYERS[0],
  },
  {
    type: 'deb',
    name: 'libc6',
    version: '2.36-9+deb12u7',
    arch: 'amd64',
    sourceName: 'glibc',
    sourceVersion: '2.36-9+deb12u7',
    dependsOn: ['libgcc-s1'],
    path: STATUS,
    layer: LAYERS[0],
  },
  {
    type: 'deb',
    name: 'libgcc-s1',
    version: '12.2.0-14',
    arch: 'amd64',
    sourceName: 'gcc-12',
    sourceVersion: '12.2.0-14',
    dependsOn: ['gcc-12-base', 'libc6'],
    path: STATUS,
    layer: LAYERS[0],
  },
  {
    type: 'deb',
    name: 'python3-six',
    version: '1.16.0-4',
    arch: 'all',
    sourceName: 'six',
    sourceVersion: '1.16.0-4',
    dependsOn: ['python3'],
    path: STATUS,
    layer: LAYERS[1],
  },
  // Two lock files, each with its own `debug`: edges stay inside their file.
  {
    type: 'npm',
    name: 'debug',
    version: '2.6.9',
    path: APP_LOCK,
    licenses: ['MIT'],
    dependsOn: ['ms'],
    layer: LAYERS[1],
  },
  {
    type: 'npm',
    name: 'express',
    version: '4.18.2',
    path: APP_LOCK,
    licenses: ['MIT'],
    dependsOn: ['debug', 'ms', '@types/node'],
    layer: LAYERS[1],
  },
  { type: 'npm', name: 'ms', version: '2.0.0', path: APP_LOCK, licenses: ['MIT'], layer: LAYERS[1] },
  {
    type: 'npm',
    namespace: '@types',
    name: 'node',
    version: '20.11.5',
    path: APP_LOCK,
    licenses: ['MIT'],
    dependsOn: ['undici-types'],
    layer: LAYERS[1],
  },
  {
    type: 'npm',
    name: 'undici-types',
    version: '5.26.5',
    path: APP_LOCK,
    licenses: ['MIT'],
    layer: LAYERS[1],
  },
  {
    type: 'npm',
    name: 'debug',
    version: '4.3.4',
    path: TOOLS_LOCK,
    licenses: ['MIT'],
    dependsOn: ['ms'],
    layer: LAYERS[1],
  },
  {
    type: 'npm',
    name: 'mocha',
    version: '10.2.0',
    path: TOOLS_LOCK,
    licenses: ['MIT'],
    dependsOn: ['debug'],
    dev: true,
    fromLockFile: true,
    layer: LAYERS[1],
  },
  { type: 'npm', name: 'ms', version: '2.1.2', path: TOOLS_LOCK, licenses: ['MIT'], layer: LAYERS[1] },
  {
    type: 'pypi',
    name: 'six',
    version: '1.16.0',
    path: 'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
    licenses: ['MIT'],
    ownedBy: { type: 'deb', name: 'python3-six' },
    layer: LAYERS[1],
  },
  {
    type: 'pypi',
    name: 'cryptography',
    version: '41.0.7',
    path: 'usr/local/lib/python3.11/dist-packages/cryptography-41.0.7.dist-info/METADATA',
    licenses: ['Apache-2.0 OR BSD-3-Clause'],
    layer: LAYERS[1],
  },
  {
    type: 'pypi',
    name: 'certifi',
    version: '2023.11.17',
    path: 'usr/local/lib/python3.11/dist-packages/certifi-2023.11.17.dist-info/METADATA',
    licenses: ['MPL-2.0'],
    layer: LAYERS[1],
  },
];
const PACKAGES = FOUND.map(withPurl);

/** Licences the SPDX writer must not declare as they stand (not SPDX expressions). */
const ODD_LICENCES: Package[] = [
  ['requests', '2.31.0', ['Apache 2.0']],
  ['typo', '1.0.0', ['(MIT OR Apache-2.0']],
  ['inhouse', '3.2.1', ['LicenseRef-Proprietary']],
  ['dual', '0.4.0', ['MIT OR Apache-2.0', 'Unicode-DFS-2016']],
  ['conj', '1.1.0', ['MIT', 'BSD-3-Clause']],
  ['grouped', '2.0.0', ['(MIT OR Apache-2.0)', 'ISC']],
  ['classpath', '17.0.9', ['GPL-2.0-only WITH Classpath-exception-2.0']],
  ['dangling', '0.0.1', ['MIT AND']],
  ['closing', '0.0.2', ['Apache-2.0)']],
].map(([name, version, licenses]) =>
  withPurl({
    type: 'pypi',
    name: name as string,
    version: version as string,
    path: `usr/local/lib/python3.11/dist-packages/${name as string}-${version as string}.dist-info/METADATA`,
    licenses: licenses as string[],
  }),
);

/** A gem found without enough information for a purl. */
const NO_PURL: Package = {
  type: 'gem',
  name: 'bundler',
  version: '2.4.22',
  path: 'usr/local/bundle/specifications/bundler-2.4.22.gemspec',
};

const input = (over: Partial<SbomInput> = {}): SbomInput => ({
  artifact: ARTIFACT,
  os: OS,
  packages: PACKAGES,
  toolVersion: '0.1.0',
  now: '2026-11-24T20:12:30.123Z',
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  ...over,
});

describe('dependencyIndex', () => {
  const edges = dependencyIndex(PACKAGES);
  const at = (name: string, path: string): number =>
    PACKAGES.findIndex((p) => p.name === name && p.path === path);
  const named = (i: number): string => `${PACKAGES[i]?.name ?? '?'}@${PACKAGES[i]?.version ?? '?'}`;
  const depsOf = (name: string, path: string): string[] => (edges.get(at(name, path)) ?? []).map(named);

  it.each([
    // Same file first: each lock file's `debug` and `ms`.
    ['express', APP_LOCK, ['debug@2.6.9', 'ms@2.0.0', 'node@20.11.5']],
    ['debug', APP_LOCK, ['ms@2.0.0']],
    ['mocha', TOOLS_LOCK, ['debug@4.3.4']],
    ['debug', TOOLS_LOCK, ['ms@2.1.2']],
    // Scoped names resolve by `namespace/name`.
    ['node', APP_LOCK, ['undici-types@5.26.5']],
    // Names not in the inventory give no edge; cycles are kept.
    ['bash', STATUS, ['libc6@2.36-9+deb12u7', 'base-files@12.4+deb12u5']],
    ['libc6', STATUS, ['libgcc-s1@12.2.0-14']],
    ['libgcc-s1', STATUS, ['libc6@2.36-9+deb12u7']],
    ['python3-six', STATUS, []],
  ])('%s in %s → %j', (name, path, deps) => {
    expect(depsOf(name, path)).toEqual(deps);
  });

  it('only packages of the same type, found anywhere when not in the same file', () => {
    const pkgs: Package[] = [
      { type: 'npm', name: 'left-pad', version: '1.3.0', path: 'a/node_modules/left-pad/package.json' },
      { type: 'pypi', name: 'left-pad', version: '0.1', path: 'b/METADATA' },
      { type: 'npm', name: 'app', version: '1.0.0', path: 'a/package.json', dependsOn: ['left-pad', 'app'] },
    ];
    expect([...dependencyIndex(pkgs)]).toEqual([[2, [0]]]);
  });
});

describe('CycloneDX 1.6', () => {
  const validate = cycloneDxValidator();
  type Component = {
    'bom-ref': string;
    name: string;
    type: string;
    purl?: string;
    properties?: { name: string; value: string }[];
  } & Record<string, unknown>;
  type Bom = {
    metadata: { component: Component; tools: unknown; timestamp: string };
    components: Component[];
    dependencies: { ref: string; dependsOn: string[] }[];
  } & Record<string, unknown>;
  const render = (over: Partial<SbomInput> = {}): Bom => JSON.parse(renderCycloneDx(input(over))) as Bom;
  const bom = render({ packages: [...PACKAGES, ...ODD_LICENCES, NO_PURL] });
  const refOf = (name: string, version: string): string =>
    bom.components.find((c) => c.name === name && c.version === version)?.['bom-ref'] ??
    `missing ${name}@${version}`;
  const prop = (c: Component | undefined, name: string): string | undefined =>
    c?.properties?.find((p) => p.name === name)?.value;

  it('validates against the official CycloneDX 1.6 schema', () => {
    expect(validate(bom)).toEqual([]);
    expect(validate(render({ os: undefined, packages: [] }))).toEqual([]);
    expect(validate(render({ artifact: { name: 'srv/app', type: 'filesystem' }, os: undefined }))).toEqual(
      [],
    );
  });

  it('the schema validator does reject a broken BOM', () => {
    expect(validate({ ...bom, specVersion: 1.6 })).not.toEqual([]);
    expect(validate({ ...bom, components: [{ name: 'x' }] })).not.toEqual([]);
  });

  it('document header: serial number, timestamp, tool, the image as metadata component', () => {
    expect(bom).toMatchObject({
      $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      version: 1,
    });
    expect(bom.metadata.timestamp).toBe('2026-11-24T20:12:30.123Z');
    expect(bom.metadata.tools).toEqual({
      components: [{ type: 'application', name: 'bulkhead', version: '0.1.0' }],
    });
    expect(bom.metadata.component).toEqual({
      type: 'container',
      'bom-ref': 'artifact',
      name: 'registry.example.com/team/api:1.4.2',
      version: ARTIFACT.digest,
      hashes: [
        { alg: 'SHA-256', content: '2b6a2d3c1e0f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233' },
      ],
    });
  });

  it('the operating system is a component', () => {
    expect(bom.components[0]).toEqual({
      type: 'operating-system',
      'bom-ref': 'os',
      name: 'debian',
      version: '12',
      description: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(render({ os: undefined }).components.some((c) => c.type === 'operating-system')).toBe(false);
  });

  it('every package is a library component with its purl; one without a purl has none', () => {
    const libs = bom.components.filter((c) => c.type === 'library');
    expect(libs).toHaveLength(PACKAGES.length + ODD_LICENCES.length + 1);
    expect(libs.map((c) => c.purl)).toEqual([...PACKAGES, ...ODD_LICENCES, NO_PURL].map((p) => p.purl));
    expect(libs.find((c) => c.name === 'bsdutils')?.purl).toBe(
      'pkg:deb/debian/bsdutils@2.38.1-5+deb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux',
    );
    expect(libs.find((c) => c.name === 'node')).toMatchObject({
      group: '@types',
      purl: 'pkg:npm/%40types/node@20.11.5',
    });
    const gem = libs.find((c) => c.name === 'bundler');
    expect(gem).toMatchObject({ version: '2.4.22' });
    expect(gem).not.toHaveProperty('purl');
  });

  it('bom-refs are unique, even for the same purl found twice', () => {
    const twice = render({
      packages: [
        PACKAGES[3] as Package,
        { ...(PACKAGES[3] as Package), path: 'var/lib/dpkg/status.d/libc6' },
      ],
    });
    for (const b of [bom, twice]) {
      const refs = [b.metadata.component['bom-ref'], ...b.components.map((c) => c['bom-ref'])];
      expect(new Set(refs).size).toBe(refs.length);
    }
  });

  it('dependencies: the image depends on everything; edges resolved by name within the same file first', () => {
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref)).toBe(true);
      for (const r of d.dependsOn) expect(refs.has(r)).toBe(true);
      expect(new Set(d.dependsOn).size).toBe(d.dependsOn.length);
    }
    expect(bom.dependencies.map((d) => d.ref)).toEqual([
      'artifact',
      ...bom.components.slice(1).map((c) => c['bom-ref']),
    ]);
    expect(bom.dependencies[0]?.dependsOn).toEqual(bom.components.map((c) => c['bom-ref']));
    const depsOf = (ref: string): string[] | undefined =>
      bom.dependencies.find((d) => d.ref === ref)?.dependsOn;
    expect(depsOf(refOf('express', '4.18.2'))).toEqual([
      refOf('debug', '2.6.9'),
      refOf('ms', '2.0.0'),
      refOf('node', '20.11.5'),
    ]);
    expect(depsOf(refOf('mocha', '10.2.0'))).toEqual([refOf('debug', '4.3.4')]);
    expect(depsOf(refOf('debug', '4.3.4'))).toEqual([refOf('ms', '2.1.2')]);
    expect(depsOf(refOf('bash', '5.2.15-2+b7'))).toEqual([
      refOf('libc6', '2.36-9+deb12u7'),
      refOf('base-files', '12.4+deb12u5'),
    ]);
    expect(depsOf(refOf('certifi', '2023.11.17'))).toEqual([]);
  });

  it('where a package was found: path, layer index and diff ID, source package, ownership', () => {
    const bash = bom.components.find((c) => c.name === 'bash');
    expect(bash?.properties).toEqual([
      { name: 'bulkhead:package:type', value: 'deb' },
      { name: 'bulkhead:package:path', value: 'var/lib/dpkg/status' },
      { name: 'bulkhead:layer:index', value: '0' },
      { name: 'bulkhead:layer:diffId', value: LAYERS[0]?.diffId },
      { name: 'bulkhead:package:sourceName', value: 'bash' },
      { name: 'bulkhead:package:sourceVersion', value: '5.2.15-2' },
      { name: 'bulkhead:package:arch', value: 'amd64' },
    ]);
    const six = bom.components.find((c) => c.name === 'six');
    expect(prop(six, 'bulkhead:layer:diffId')).toBe(LAYERS[1]?.diffId);
    expect(prop(six, 'bulkhead:package:ownedBy')).toBe('deb/python3-six');
    // Same source version: not repeated.
    expect(
      prop(
        bom.components.find((c) => c.name === 'libc6'),
        'bulkhead:package:sourceVersion',
      ),
    ).toBeUndefined();
    const mocha = bom.components.find((c) => c.name === 'mocha');
    expect(prop(mocha, 'bulkhead:package:fromLockFile')).toBe('true');
    expect(mocha?.scope).toBe('optional');
    expect(
      prop(
        bom.components.find((c) => c.name === 'bundler'),
        'bulkhead:layer:index',
      ),
    ).toBeUndefined();
  });

  it('licences', () => {
    const lic = (name: string): unknown => bom.components.find((c) => c.name === name)?.licenses;
    expect(lic('express')).toEqual([{ license: { name: 'MIT' } }]);
    expect(lic('cryptography')).toEqual([{ license: { name: 'Apache-2.0 OR BSD-3-Clause' } }]);
    expect(lic('conj')).toEqual([{ license: { name: 'MIT' } }, { license: { name: 'BSD-3-Clause' } }]);
    expect(lic('libc6')).toBeUndefined();
  });
});

/** A small valid SPDX 2.3 document, for the validator's own tests. */
function validDoc(): Record<string, unknown> & {
  packages: Record<string, unknown>[];
  relationships: Record<string, unknown>[];
} {
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'glibc-v2.3',
    documentNamespace: 'http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301',
    creationInfo: {
      created: '2010-01-29T18:30:22Z',
      creators: ['Tool: LicenseFind-1.0', 'Organization: ExampleCodeInspect ()', 'Person: Jane Doe ()'],
      licenseListVersion: '3.22',
    },
    hasExtractedLicensingInfos: [{ licenseId: 'LicenseRef-1', extractedText: '...' }],
    packages: [
      {
        SPDXID: 'SPDXRef-Package.glibc-2.11',
        name: 'glibc',
        versionInfo: '2.11.1',
        downloadLocation: 'http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz',
        filesAnalyzed: true,
        packageVerificationCode: { packageVerificationCodeValue: 'd6a770ba38583ed4bb4525bd96e50461655d2758' },
        checksums: [
          {
            algorithm: 'SHA256',
            checksumValue: '11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd',
          },
        ],
        licenseConcluded: '(LGPL-2.0-only OR LicenseRef-1)',
        licenseDeclared: '(LGPL-2.0-only AND LicenseRef-1)',
        licenseInfoFromFiles: ['GPL-2.0-only', 'LicenseRef-1'],
        copyrightText: 'Copyright 2008-2010 John Smith',
        supplier: 'Person: Jane Doe (jane.doe@example.com)',
        primaryPackagePurpose: 'SOURCE',
        externalRefs: [
          {
            referenceCategory: 'SECURITY',
            referenceType: 'cpe23Type',
            referenceLocator: 'cpe:2.3:a:gnu:glibc:2.11.1:*:*:*:*:*:*:*',
          },
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:generic/glibc@2.11.1',
          },
          {
            referenceCategory: 'PERSISTENT-ID',
            referenceType: 'swh',
            referenceLocator: 'swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2',
          },
          {
            referenceCategory: 'OTHER',
            referenceType: 'LocationRef-acmeforge',
            referenceLocator: 'acmecorp/acmenator/4.1.3-alpha',
          },
        ],
      },
      {
        SPDXID: 'SPDXRef-fromDoap-0',
        name: 'Jena',
        versionInfo: '3.12.0',
        downloadLocation: 'git+https://git.myproject.org/MyProject.git@v1.0',
        filesAnalyzed: false,
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NONE',
        copyrightText: 'NOASSERTION',
        primaryPackagePurpose: 'LIBRARY',
      },
    ],
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: 'SPDXRef-Package.glibc-2.11',
      },
      {
        spdxElementId: 'SPDXRef-Package.glibc-2.11',
        relationshipType: 'DEPENDS_ON',
        relatedSpdxElement: 'SPDXRef-fromDoap-0',
      },
      {
        spdxElementId: 'SPDXRef-fromDoap-0',
        relationshipType: 'CONTAINS',
        relatedSpdxElement: 'NOASSERTION',
      },
    ],
  };
}

describe('spdxValidator (written from the SPDX 2.3 specification)', () => {
  const validate = spdxValidator();
  type Doc = ReturnType<typeof validDoc>;
  const pkg = (d: Doc, i = 0): Record<string, unknown> => d.packages[i] as Record<string, unknown>;
  const ci = (d: Doc): Record<string, unknown> => d.creationInfo as Record<string, unknown>;

  it('accepts a valid document', () => {
    expect(validate(validDoc())).toEqual([]);
  });

  it.each<[string, (d: Doc) => void]>([
    [
      'documentDescribes instead of a DESCRIBES relationship',
      (d) => {
        d.relationships.shift();
        d.documentDescribes = ['SPDXRef-Package.glibc-2.11'];
      },
    ],
    ['a licence id in another case', (d) => (pkg(d).licenseDeclared = 'mit')],
    ['GPL-2.0+ and an exception', (d) => (pkg(d).licenseDeclared = 'GPL-2.0+ WITH Classpath-exception-2.0')],
    [
      'nested parentheses',
      (d) => (pkg(d).licenseDeclared = '((MIT OR Apache-2.0) AND (BSD-3-Clause OR ISC))'),
    ],
    [
      'a LicenseRef of an external document',
      (d) => (pkg(d).licenseConcluded = 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2'),
    ],
    [
      'a relationship to NONE',
      (d) =>
        d.relationships.push({
          spdxElementId: 'SPDXRef-fromDoap-0',
          relationshipType: 'DEPENDS_ON',
          relatedSpdxElement: 'NONE',
        }),
    ],
    [
      'an element of a declared external document',
      (d) => {
        d.externalDocumentRefs = [
          {
            externalDocumentId: 'DocumentRef-spdx-tool-1.2',
            spdxDocument: 'http://spdx.org/spdxdocs/spdx-tools-v1.2-3F2504E0-4F89-41D3-9A0C-0305E82C3301',
            checksum: { algorithm: 'SHA1', checksumValue: 'd6a770ba38583ed4bb4525bd96e50461655d2759' },
          },
        ];
        d.relationships.push({
          spdxElementId: 'SPDXRef-DOCUMENT',
          relationshipType: 'AMENDS',
          relatedSpdxElement: 'DocumentRef-spdx-tool-1.2:SPDXRef-DOCUMENT',
        });
      },
    ],
    [
      'download location NONE, no optional fields',
      (d) => {
        d.packages[1] = { SPDXID: 'SPDXRef-min', name: 'min', downloadLocation: 'NONE' };
        d.relationships.splice(1);
      },
    ],
  ])('accepts %s', (_name, change) => {
    const d = validDoc();
    change(d);
    expect(validate(d)).toEqual([]);
  });

  it.each<[string, (d: Doc) => void, string]>([
    // Clause 6.
    ['SPDX 2.2', (d) => (d.spdxVersion = 'SPDX-2.2'), 'spdxVersion: must be "SPDX-2.3"'],
    ['another data licence', (d) => (d.dataLicense = 'CC-BY-4.0'), 'dataLicense: must be "CC0-1.0"'],
    ['another document id', (d) => (d.SPDXID = 'SPDXRef-Doc'), 'SPDXID: must be "SPDXRef-DOCUMENT"'],
    ['no name', (d) => delete d.name, 'name: is required (a single line of text)'],
    ['a name on two lines', (d) => (d.name = 'a\nb'), 'name: is required (a single line of text)'],
    ['no namespace', (d) => delete d.documentNamespace, 'documentNamespace: is required'],
    [
      'a namespace with #',
      (d) => (d.documentNamespace = 'https://example.com/spdx/doc-1#part'),
      'documentNamespace: shall not contain "#"',
    ],
    [
      'a relative namespace',
      (d) => (d.documentNamespace = 'spdxdocs/doc-1'),
      'documentNamespace: is not an absolute URI with a scheme',
    ],
    [
      'a namespace with a space',
      (d) => (d.documentNamespace = 'https://example.com/my doc'),
      'documentNamespace: is not an absolute URI with a scheme',
    ],
    ['no creation info', (d) => delete d.creationInfo, 'creationInfo: is required'],
    [
      'milliseconds in created',
      (d) => (ci(d).created = '2010-01-29T18:30:22.123Z'),
      'creationInfo.created: must be a UTC date',
    ],
    [
      'a local time in created',
      (d) => (ci(d).created = '2010-01-29T18:30:22+02:00'),
      'creationInfo.created: must be a UTC date',
    ],
    ['a date only', (d) => (ci(d).created = '2010-01-29'), 'creationInfo.created: must be a UTC date'],
    [
      'an impossible date',
      (d) => (ci(d).created = '2010-02-30T18:30:22Z'),
      'creationInfo.created: must be a UTC date',
    ],
    ['no creators', (d) => (ci(d).creators = []), 'creationInfo.creators: at least one creator is required'],
    [
      'a creator without its kind',
      (d) => (ci(d).creators = ['bulkhead-0.1.0']),
      'creationInfo.creators[0]: must start with',
    ],
    [
      'a creator without a space',
      (d) => (ci(d).creators = ['Tool:bulkhead-0.1.0']),
      'creationInfo.creators[0]: must start with',
    ],
    [
      'a licence list version that is not M.N',
      (d) => (ci(d).licenseListVersion = 'v3'),
      'creationInfo.licenseListVersion: must be M.N',
    ],
    // Clause 7.
    [
      'an underscore in a package id',
      (d) => (pkg(d).SPDXID = 'SPDXRef-Package_1'),
      'packages[0].SPDXID: must match SPDXRef-[idstring]',
    ],
    [
      'a package id without SPDXRef-',
      (d) => (pkg(d).SPDXID = 'Package-1'),
      'packages[0].SPDXID: must match SPDXRef-[idstring]',
    ],
    [
      'a duplicate package id',
      (d) => (pkg(d, 1).SPDXID = 'SPDXRef-Package.glibc-2.11'),
      'packages[1].SPDXID: "SPDXRef-Package.glibc-2.11" is not unique',
    ],
    [
      'a package with the document id',
      (d) => (pkg(d, 1).SPDXID = 'SPDXRef-DOCUMENT'),
      'packages[1].SPDXID: "SPDXRef-DOCUMENT" is not unique',
    ],
    ['a package without a name', (d) => delete pkg(d).name, 'packages[0].name: is required'],
    [
      'a version on two lines',
      (d) => (pkg(d).versionInfo = '1\n2'),
      'packages[0].versionInfo: must be a single line',
    ],
    [
      'no download location',
      (d) => delete pkg(d, 1).downloadLocation,
      'packages[1].downloadLocation: is required',
    ],
    [
      'a download location that is not a URL',
      (d) => (pkg(d).downloadLocation = 'ftp.gnu.org/glibc'),
      'packages[0].downloadLocation: must be a URL',
    ],
    [
      'filesAnalyzed as a string',
      (d) => (pkg(d, 1).filesAnalyzed = 'false'),
      'packages[1].filesAnalyzed: must be a boolean',
    ],
    [
      'a verification code when files were not analyzed',
      (d) => {
        pkg(d, 1).packageVerificationCode = {
          packageVerificationCodeValue: 'd6a770ba38583ed4bb4525bd96e50461655d2758',
        };
      },
      'packages[1].packageVerificationCode: must be omitted when filesAnalyzed is false',
    ],
    [
      'licences from files when files were not analyzed',
      (d) => (pkg(d, 1).licenseInfoFromFiles = ['MIT']),
      'packages[1].licenseInfoFromFiles: must be omitted',
    ],
    [
      'a short verification code',
      (d) => (pkg(d).packageVerificationCode = { packageVerificationCodeValue: 'd6a770ba' }),
      'packages[0].packageVerificationCode: must hold 40',
    ],
    [
      'an unknown checksum algorithm',
      (d) => (pkg(d).checksums = [{ algorithm: 'SHA-256', checksumValue: 'ab' }]),
      'packages[0].checksums[0]: unknown checksum algorithm',
    ],
    [
      'a SHA256 of 40 digits',
      (d) =>
        (pkg(d).checksums = [
          { algorithm: 'SHA256', checksumValue: 'd6a770ba38583ed4bb4525bd96e50461655d2758' },
        ]),
      'a SHA256 checksum has 64 hex digits',
    ],
    [
      'upper-case hex',
      (d) => (pkg(d).checksums = [{ algorithm: 'MD5', checksumValue: '624C1ABB3664F4B35547E7C73864AD24' }]),
      'checksumValue must be lower-case hex',
    ],
    [
      'a supplier without its kind',
      (d) => (pkg(d).supplier = 'ACME Inc.'),
      'packages[0].supplier: must be NOASSERTION',
    ],
    [
      'lower-case operators',
      (d) => (pkg(d).licenseDeclared = 'MIT and Apache-2.0'),
      '"MIT and Apache-2.0" is not a valid licence expression: unexpected "and"',
    ],
    ['unbalanced parentheses', (d) => (pkg(d).licenseDeclared = '(MIT OR Apache-2.0'), 'unbalanced "("'],
    ['a dangling operator', (d) => (pkg(d).licenseConcluded = 'MIT AND'), 'expected a licence at token 3'],
    [
      'WITH without an exception',
      (d) => (pkg(d).licenseDeclared = 'GPL-2.0-only WITH'),
      'WITH must be followed by an exception identifier',
    ],
    [
      'an operator as a licence',
      (d) => (pkg(d).licenseDeclared = 'MIT AND WITH AND Linux-syscall-note'),
      'expected a licence at token 3 ("WITH")',
    ],
    [
      'free text',
      (d) => (pkg(d).licenseDeclared = 'Apache 2.0'),
      '"Apache 2.0" is not a valid licence expression',
    ],
    [
      'an id not on the licence list',
      (d) => (pkg(d).licenseDeclared = 'BSD'),
      '"BSD" is not on the SPDX License List',
    ],
    [
      'an exception not on the list',
      (d) => (pkg(d).licenseDeclared = 'GPL-2.0-only WITH Acme-exception'),
      '"Acme-exception" is not on the SPDX exceptions list',
    ],
    [
      'an undeclared LicenseRef',
      (d) => (pkg(d).licenseConcluded = 'LicenseRef-Proprietary'),
      '"LicenseRef-Proprietary" is not declared in hasExtractedLicensingInfos',
    ],
    [
      'a licence field that is not a string',
      (d) => (pkg(d).licenseDeclared = ['MIT']),
      'packages[0].licenseDeclared: must be a licence expression, NONE or NOASSERTION',
    ],
    [
      'an empty copyright text',
      (d) => (pkg(d).copyrightText = ''),
      'packages[0].copyrightText: must be text, NONE or NOASSERTION',
    ],
    [
      'an unknown package purpose',
      (d) => (pkg(d).primaryPackagePurpose = 'LIB'),
      'packages[0].primaryPackagePurpose: "LIB" is not a package purpose',
    ],
    [
      'an unknown reference category',
      (d) =>
        (pkg(d).externalRefs = [
          { referenceCategory: 'BUILD', referenceType: 'purl', referenceLocator: 'pkg:npm/x@1' },
        ]),
      'referenceCategory: "BUILD" is not SECURITY',
    ],
    [
      'a type of another category',
      (d) =>
        (pkg(d).externalRefs = [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'cpe23Type',
            referenceLocator: 'cpe:2.3:a:x:y:1:*:*:*:*:*:*:*',
          },
        ]),
      'referenceType: "cpe23Type" is not a PACKAGE-MANAGER type',
    ],
    [
      'a package manager Annex F does not list',
      (d) =>
        (pkg(d).externalRefs = [
          { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'pypi', referenceLocator: 'six==1.16.0' },
        ]),
      'referenceType: "pypi" is not a PACKAGE-MANAGER type',
    ],
    [
      'a purl without pkg:',
      (d) =>
        (pkg(d).externalRefs = [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'npm/express@4.18.2',
          },
        ]),
      '"npm/express@4.18.2" is not a purl locator',
    ],
    [
      'a locator with a space',
      (d) =>
        (pkg(d).externalRefs = [
          {
            referenceCategory: 'OTHER',
            referenceType: 'LocationRef-acmeforge',
            referenceLocator: 'acme corp',
          },
        ]),
      'referenceLocator: must be a string without spaces',
    ],
    [
      'a malformed swh id',
      (d) =>
        (pkg(d).externalRefs = [
          { referenceCategory: 'PERSISTENT-ID', referenceType: 'swh', referenceLocator: 'swh:1:cnt:94a9' },
        ]),
      'is not a swh locator',
    ],
    // Clause 11.
    [
      'an unknown relationship type',
      (d) => (d.relationships[1] = { ...d.relationships[1], relationshipType: 'INCLUDES' }),
      'relationships[1].relationshipType: "INCLUDES" is not a relationship type',
    ],
    [
      'a relationship from a missing element',
      (d) => (d.relationships[1] = { ...d.relationships[1], spdxElementId: 'SPDXRef-gone' }),
      'relationships[1].spdxElementId: "SPDXRef-gone" is not an element of the document',
    ],
    [
      'a relationship to a missing element',
      (d) => (d.relationships[1] = { ...d.relationships[1], relatedSpdxElement: 'SPDXRef-gone' }),
      'relationships[1].relatedSpdxElement: "SPDXRef-gone" is not an element',
    ],
    [
      'NONE on the left',
      (d) => (d.relationships[1] = { ...d.relationships[1], spdxElementId: 'NONE' }),
      'relationships[1].spdxElementId: "NONE" is not an element',
    ],
    [
      'an undeclared external document',
      (d) =>
        d.relationships.push({
          spdxElementId: 'SPDXRef-DOCUMENT',
          relationshipType: 'AMENDS',
          relatedSpdxElement: 'DocumentRef-x:SPDXRef-DOCUMENT',
        }),
      '"DocumentRef-x" is not an external document reference',
    ],
    ['no DESCRIBES', (d) => d.relationships.shift(), 'relationships: the document DESCRIBES nothing'],
    [
      'DESCRIBES from a package only',
      (d) => (d.relationships[0] = { ...d.relationships[0], spdxElementId: 'SPDXRef-fromDoap-0' }),
      'the document DESCRIBES nothing',
    ],
    [
      'DESCRIBES a missing element',
      (d) => (d.relationships[0] = { ...d.relationships[0], relatedSpdxElement: 'SPDXRef-gone' }),
      'the document DESCRIBES nothing',
    ],
  ])('rejects %s', (_name, change, message) => {
    const d = validDoc();
    change(d);
    const problems = validate(d);
    expect(
      problems.some((p) => p.includes(message)),
      `${message} not in ${JSON.stringify(problems)}`,
    ).toBe(true);
  });

  it('rejects what is not a document', () => {
    expect(validate(null)).toEqual(['document: not a JSON object']);
    expect(validate([])).toEqual(['document: not a JSON object']);
  });

  it('licence expressions (Annex D), checked against the SPDX License List', () => {
    const known = spdxLicenseListIds();
    expect(known.has('mit') && known.has('gpl-2.0-only') && known.has('llvm-exception')).toBe(true);
    const ok = (e: string): string | undefined => licenseExpressionProblem(e, known, new Set());
    expect(ok('Apache-2.0 WITH LLVM-exception OR MIT')).toBeUndefined();
    expect(ok('MPL-2.0 AND MIT')).toBeUndefined();
    expect(ok('()')).toBe('expected a licence at token 2 (")")');
    expect(ok('MIT)')).toBe('unexpected ")"');
    expect(ok('')).toBe('is empty');
    // Without a licence list: the syntax only.
    expect(licenseExpressionProblem('Acme-1.0', undefined, new Set())).toBeUndefined();
  });
});

describe('SPDX 2.3', () => {
  const validate = spdxValidator();
  type Doc = {
    name: string;
    documentNamespace: string;
    creationInfo: { created: string; creators: string[] };
    packages: (Record<string, unknown> & { SPDXID: string; name: string })[];
    relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  };
  const render = (over: Partial<SbomInput> = {}): Doc => JSON.parse(renderSpdx(input(over))) as Doc;
  const doc = render({ packages: [...PACKAGES, ...ODD_LICENCES, NO_PURL] });
  const idOf = (name: string, version: string): string =>
    doc.packages.find((p) => p.name === name && p.versionInfo === version)?.SPDXID ??
    `missing ${name}@${version}`;
  const byName = (name: string): Record<string, unknown> | undefined =>
    doc.packages.find((p) => p.name === name);

  it('is a valid SPDX 2.3 document', () => {
    expect(validate(doc)).toEqual([]);
    expect(validate(render({ os: undefined, packages: [] }))).toEqual([]);
    expect(validate(render({ artifact: { name: 'srv/app', type: 'filesystem' }, os: undefined }))).toEqual(
      [],
    );
  });

  it('document creation information', () => {
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
    });
    expect(doc.name).toBe('registry.example.com/team/api:1.4.2');
    expect(doc.documentNamespace).toBe(
      'https://spdx.org/spdxdocs/bulkhead/registry.example.com%2Fteam%2Fapi%3A1.4.2-3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    );
    // Seconds precision, UTC.
    expect(doc.creationInfo).toEqual({ created: '2026-11-24T20:12:30Z', creators: ['Tool: bulkhead-0.1.0'] });
  });

  it('a namespace stays a URI without # for any image name', () => {
    for (const name of [
      'ghcr.io/acme/app@sha256:0123abcd',
      'localhost:5000/app:dev#1',
      'my app/with spaces',
    ]) {
      const d = render({ artifact: { name, type: 'container-image' }, packages: [] });
      expect(validate(d)).toEqual([]);
    }
  });

  it('the image is the described package; the OS and every package are contained in it', () => {
    expect(doc.packages[0]).toEqual({
      SPDXID: 'SPDXRef-Artifact',
      name: 'registry.example.com/team/api:1.4.2',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'CONTAINER',
      versionInfo: ARTIFACT.digest,
      checksums: [
        {
          algorithm: 'SHA256',
          checksumValue: '2b6a2d3c1e0f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233',
        },
      ],
    });
    expect(doc.packages[1]).toMatchObject({
      SPDXID: 'SPDXRef-OperatingSystem',
      name: 'debian',
      versionInfo: '12',
      primaryPackagePurpose: 'OPERATING-SYSTEM',
    });
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Artifact',
    });
    const contained = doc.relationships.filter((r) => r.relationshipType === 'CONTAINS');
    expect(contained.every((r) => r.spdxElementId === 'SPDXRef-Artifact')).toBe(true);
    expect(contained.map((r) => r.relatedSpdxElement)).toEqual(doc.packages.slice(1).map((p) => p.SPDXID));
    const ids = doc.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('purls as PACKAGE-MANAGER external references; none without a purl', () => {
    expect(byName('bsdutils')?.externalRefs).toEqual([
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator:
          'pkg:deb/debian/bsdutils@2.38.1-5+deb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux',
      },
    ]);
    expect(byName('@types/node')).toMatchObject({ versionInfo: '20.11.5', primaryPackagePurpose: 'LIBRARY' });
    expect(byName('bundler')).not.toHaveProperty('externalRefs');
  });

  it('source packages and where each package was found', () => {
    expect(byName('bsdutils')?.summary).toBe('source package util-linux 2.38.1-5+deb12u3');
    expect(byName('bash')).not.toHaveProperty('summary');
    expect(byName('six')?.sourceInfo).toBe(
      `found in usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO (layer 2, ${LAYERS[1]?.diffId ?? ''})`,
    );
    expect(byName('bundler')?.sourceInfo).toBe(
      'found in usr/local/bundle/specifications/bundler-2.4.22.gemspec',
    );
  });

  it('DEPENDS_ON relationships, resolved within the same file first', () => {
    const deps = (id: string): string[] =>
      doc.relationships
        .filter((r) => r.relationshipType === 'DEPENDS_ON' && r.spdxElementId === id)
        .map((r) => r.relatedSpdxElement);
    expect(deps(idOf('express', '4.18.2'))).toEqual([
      idOf('debug', '2.6.9'),
      idOf('ms', '2.0.0'),
      idOf('@types/node', '20.11.5'),
    ]);
    expect(deps(idOf('mocha', '10.2.0'))).toEqual([idOf('debug', '4.3.4')]);
    expect(deps(idOf('libgcc-s1', '12.2.0-14'))).toEqual([idOf('libc6', '2.36-9+deb12u7')]);
    expect(deps(idOf('certifi', '2023.11.17'))).toEqual([]);
  });

  it.each([
    ['express', 'MIT'],
    ['cryptography', 'Apache-2.0 OR BSD-3-Clause'],
    ['conj', 'MIT AND BSD-3-Clause'],
    // A choice among several licences stays a choice next to another licence.
    ['dual', '(MIT OR Apache-2.0) AND Unicode-DFS-2016'],
    ['grouped', '((MIT OR Apache-2.0)) AND ISC'],
    ['classpath', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['requests', 'NOASSERTION'],
    ['dangling', 'NOASSERTION'],
    ['closing', 'NOASSERTION'],
    ['typo', 'NOASSERTION'],
    // The document declares no extracted licences: a LicenseRef would dangle.
    ['inhouse', 'NOASSERTION'],
    ['libc6', 'NOASSERTION'],
  ])('licenseDeclared of %s: %s', (name, declared) => {
    expect(byName(name)?.licenseDeclared).toBe(declared);
    expect(byName(name)?.licenseConcluded).toBe('NOASSERTION');
  });
});
