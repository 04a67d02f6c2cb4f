import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { langAllAnalyzer } from '../analyzers/lang/analyzer.js';
import { osPackageAnalyzer, type InventoryRecord } from '../analyzers/os/index.js';
import type { LayerEntry } from '../artifact/image/layer.js';
import { Overlay } from '../artifact/image/overlay.js';
import type { LayerRef } from '../core/finding.js';
import type { OsRelease, Package } from '../core/package.js';
import { buildInventory, layerPackagesOf, purlOf, type Inventory } from './inventory.js';

/*
 * Images built by hand the way the scanner sees them: each layer's files go through the OS
 * package analyzer (language packages are given as the language analyzers would record them), the
 * layers are stacked with the real Overlay (whiteouts included), and buildInventory gets the
 * per-layer results and the final view.
 */

interface LayerSpec {
  createdBy: string;
  /** Regular files and their contents. */
  files?: Record<string, string>;
  /** Symlinks (path → target): listed in the layer, never read. */
  symlinks?: Record<string, string>;
  /** Language packages found in this layer (their `path` is added as a file of the layer). */
  lang?: Package[];
  /** Deleted paths (files or whole folders). */
  whiteouts?: string[];
  /** Extra warnings a language analyzer reported in this layer. */
  warnings?: string[];
}

const sha = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

function layerRefs(specs: readonly LayerSpec[]): LayerRef[] {
  return specs.map((s, index) => ({
    index,
    digest: sha(`blob ${String(index)} ${s.createdBy}`),
    diffId: sha(`tar ${String(index)} ${s.createdBy}`),
    createdBy: s.createdBy,
  }));
}

const entry = (path: string, type: LayerEntry['type'] = 'file', linkTarget?: string): LayerEntry => ({
  path,
  type,
  mode: type === 'symlink' ? 0o777 : 0o644,
  size: 1,
  uid: 0,
  gid: 0,
  ...(linkTarget !== undefined ? { linkTarget } : {}),
});

function build(specs: readonly LayerSpec[]): { inv: Inventory; refs: LayerRef[] } {
  const overlay = new Overlay();
  const perLayer = specs.map((spec, layer) => {
    const records: InventoryRecord[] = [];
    const entries: LayerEntry[] = [];
    for (const [path, text] of Object.entries(spec.files ?? {})) {
      entries.push(entry(path));
      if (osPackageAnalyzer.claims(path, 0o644, text.length))
        records.push(...osPackageAnalyzer.analyze(path, Buffer.from(text)));
    }
    for (const [path, target] of Object.entries(spec.symlinks ?? {}))
      entries.push(entry(path, 'symlink', target));
    const byPath = new Map<string, Package[]>();
    for (const p of spec.lang ?? []) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
    for (const [path, packages] of byPath) {
      entries.push(entry(path));
      records.push({ kind: 'packages', path, packages, warnings: [] });
    }
    if (spec.warnings)
      records.push({ kind: 'packages', path: 'app/Pipfile.lock', packages: [], warnings: spec.warnings });
    overlay.apply(layer, {
      entries,
      whiteouts: (spec.whiteouts ?? []).map((path) => ({ path, opaque: false })),
    });
    return layerPackagesOf(records);
  });
  const refs = layerRefs(specs);
  return { inv: buildInventory(perLayer, overlay.files(), refs), refs };
}

const pypi = (name: string, version: string, path: string): Package => ({
  type: 'pypi',
  name,
  version,
  path,
});

/** A dpkg status paragraph as dpkg writes it (the fields the inventory uses, plus some it does not). */
function dpkg(
  name: string,
  version: string,
  opts: { arch?: string; source?: string; depends?: string; status?: string } = {},
): string {
  return [
    `Package: ${name}`,
    `Status: ${opts.status ?? 'install ok installed'}`,
    'Priority: optional',
    `Architecture: ${opts.arch ?? 'amd64'}`,
    ...(opts.source ? [`Source: ${opts.source}`] : []),
    `Version: ${version}`,
    ...(opts.depends ? [`Depends: ${opts.depends}`] : []),
    `Description: the ${name} package`,
    ' A longer description of the package,',
    ' .',
    ' spread over several lines.',
  ].join('\n');
}
const statusFile = (...paras: string[]): string => `${paras.join('\n\n')}\n`;
const list = (...paths: string[]): string => `/.\n${paths.map((p) => `/${p}`).join('\n')}\n`;

const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

const BASE_FILES = dpkg('base-files', '12.4+deb12u5', { depends: 'awk' });
const BSDUTILS = dpkg('bsdutils', '1:2.38.1-5+deb12u3', {
  source: 'util-linux (2.38.1-5+deb12u3)',
  depends: 'libc6 (>= 2.34), libsystemd0',
});
const BASH = dpkg('bash', '5.2.15-2+b7', {
  source: 'bash (5.2.15-2)',
  depends: 'base-files (>= 2.1.12), debianutils',
});
const LIBC6_OLD = dpkg('libc6', '2.36-9+deb12u4', { source: 'glibc', depends: 'libgcc-s1' });
const LIBC6_NEW = dpkg('libc6', '2.36-9+deb12u7', { source: 'glibc', depends: 'libgcc-s1' });
const SIX = dpkg('python3-six', '1.16.0-4', { arch: 'all', source: 'six', depends: 'python3:any' });
const YAML = dpkg('python3-yaml', '6.0-3+b2', {
  source: 'pyyaml (6.0-3)',
  depends: 'python3 (<< 3.12), python3 (>= 3.11~), python3:any, libc6 (>= 2.14), libyaml-0-2',
});
const YAML_PURGED =
  'Package: python3-yaml\nStatus: purge ok not-installed\nPriority: optional\nArchitecture: amd64';

const SIX_FILES = [
  'usr/lib/python3/dist-packages/six-1.16.0.egg-info',
  'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
  'usr/lib/python3/dist-packages/six-1.16.0.egg-info/top_level.txt',
  'usr/lib/python3/dist-packages/six.py',
];
const YAML_FILES = [
  'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info',
  'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA',
  'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD',
];

describe('buildInventory: a Debian image built in four layers', () => {
  const { inv, refs } = build([
    {
      createdBy: '# debian.sh --arch amd64 out/ bookworm @1713744000',
      files: {
        'usr/lib/os-release': DEBIAN_12,
        'etc/debian_version': '12.5\n',
        'var/lib/dpkg/status': statusFile(BASE_FILES, LIBC6_OLD, BSDUTILS, BASH),
        'var/lib/dpkg/info/base-files.list': list('etc', 'etc/debian_version', 'usr/lib/os-release'),
        'var/lib/dpkg/info/libc6:amd64.list': list('lib/x86_64-linux-gnu/libc.so.6'),
        'var/lib/dpkg/info/bsdutils.list': list('usr/bin/logger'),
        'var/lib/dpkg/info/bash.list': list('bin/bash'),
      },
      symlinks: { 'etc/os-release': '../usr/lib/os-release' },
    },
    {
      createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y python3-six python3-yaml # buildkit',
      files: {
        'var/lib/dpkg/status': statusFile(BASE_FILES, LIBC6_OLD, BSDUTILS, BASH, SIX, YAML),
        'var/lib/dpkg/info/python3-six.list': list(...SIX_FILES),
        'var/lib/dpkg/info/python3-yaml.list': list(...YAML_FILES),
      },
      lang: [
        pypi('six', '1.16.0', 'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO'),
        pypi('PyYAML', '6.0', 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA'),
      ],
    },
    {
      createdBy:
        'RUN /bin/sh -c apt-get install -y --only-upgrade libc6 && apt-get purge -y python3-yaml # buildkit',
      files: {
        'var/lib/dpkg/status': statusFile(BASE_FILES, LIBC6_NEW, BSDUTILS, BASH, SIX, YAML_PURGED),
        'var/lib/dpkg/info/libc6:amd64.list': list(
          'lib/x86_64-linux-gnu/libc.so.6',
          'lib/x86_64-linux-gnu/libm.so.6',
        ),
      },
      whiteouts: [
        'var/lib/dpkg/info/python3-yaml.list',
        'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info',
      ],
    },
    {
      createdBy:
        'RUN /bin/sh -c pip install --break-system-packages requests==2.31.0 && npm i -g @types/node # buildkit',
      lang: [
        pypi(
          'requests',
          '2.31.0',
          'usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/METADATA',
        ),
        {
          type: 'npm',
          namespace: '@types',
          name: 'node',
          version: '20.11.5',
          path: 'usr/local/lib/node_modules/@types/node/package.json',
          licenses: ['MIT'],
        },
      ],
      warnings: ['app/Pipfile.lock: not JSON'],
    },
  ]);
  const byName = (name: string): Package | undefined => inv.packages.find((p) => p.name === name);

  it('reads the release through the os-release symlink target', () => {
    expect(inv.os).toEqual({
      family: 'debian',
      version: '12',
      name: 'Debian GNU/Linux 12 (bookworm)',
      codename: 'bookworm',
    });
  });

  it('lists the final view only, sorted by type, namespace, name and version', () => {
    expect(
      inv.packages.map((p) => `${p.type}:${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`),
    ).toEqual([
      'deb:base-files@12.4+deb12u5',
      'deb:bash@5.2.15-2+b7',
      'deb:bsdutils@1:2.38.1-5+deb12u3',
      'deb:libc6@2.36-9+deb12u7',
      'deb:python3-six@1.16.0-4',
      'npm:@types/node@20.11.5',
      'pypi:requests@2.31.0',
      'pypi:six@1.16.0',
    ]);
  });

  it.each([
    ['base-files', 0],
    ['bash', 0],
    ['bsdutils', 0],
    // Upgraded in layer 3: that layer installed the version the image has.
    ['libc6', 2],
    // Listed again by layers 3 (rewritten status file) at the same version: still layer 2's.
    ['python3-six', 1],
    ['six', 1],
    ['requests', 3],
    ['node', 3],
  ])('%s is attributed to layer index %i', (name, layer) => {
    expect(byName(name)?.layer).toEqual(refs[layer]);
  });

  it('OS packages keep the fields dpkg recorded, with their purl', () => {
    expect(byName('bsdutils')).toEqual({
      type: 'deb',
      name: 'bsdutils',
      version: '1:2.38.1-5+deb12u3',
      arch: 'amd64',
      sourceName: 'util-linux',
      sourceVersion: '2.38.1-5+deb12u3',
      dependsOn: ['libc6', 'libsystemd0'],
      path: 'var/lib/dpkg/status',
      layer: refs[0],
      purl: 'pkg:deb/debian/bsdutils@2.38.1-5+deb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux',
    });
    expect(byName('python3-six')?.purl).toBe(
      'pkg:deb/debian/python3-six@1.16.0-4?arch=all&distro=debian-12&upstream=six',
    );
    expect(byName('libc6')?.purl).toBe(
      'pkg:deb/debian/libc6@2.36-9+deb12u7?arch=amd64&distro=debian-12&upstream=glibc',
    );
  });

  it('a language package installed by an OS package is owned by it; pip and npm installs are not', () => {
    expect(byName('six')).toEqual({
      type: 'pypi',
      name: 'six',
      version: '1.16.0',
      path: 'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
      layer: refs[1],
      ownedBy: { type: 'deb', name: 'python3-six' },
      purl: 'pkg:pypi/six@1.16.0',
    });
    expect(byName('requests')).not.toHaveProperty('ownedBy');
    expect(byName('node')).not.toHaveProperty('ownedBy');
    expect(byName('node')?.purl).toBe('pkg:npm/%40types/node@20.11.5');
  });

  it('packages removed later (python3-yaml and its PyYAML metadata) are gone', () => {
    expect(inv.packages.filter((p) => /yaml/i.test(p.name))).toEqual([]);
  });

  it('no file lists in the output', () => {
    for (const p of inv.packages) expect(p).not.toHaveProperty('files');
  });

  it('passes the analyzers’ warnings through', () => {
    expect(inv.warnings).toEqual(['app/Pipfile.lock: not JSON']);
  });
});

describe('buildInventory: attribution and overwritten databases', () => {
  it('a status file rewritten by a later layer: only the final version counts', () => {
    const { inv, refs } = build([
      {
        createdBy: 'base',
        files: {
          'etc/os-release': DEBIAN_12,
          'var/lib/dpkg/status': statusFile(
            BASE_FILES,
            LIBC6_OLD,
            dpkg('wget', '1.21.3-1+b2', { source: 'wget (1.21.3-1)' }),
          ),
        },
      },
      {
        createdBy: 'RUN apt-get purge -y wget && apt-get install -y curl',
        files: {
          'var/lib/dpkg/status': statusFile(
            BASE_FILES,
            LIBC6_OLD,
            dpkg('wget', '1.21.3-1+b2', { status: 'deinstall ok config-files' }),
            dpkg('curl', '7.88.1-10+deb12u5'),
          ),
        },
      },
    ]);
    expect(inv.packages.map((p) => [p.name, p.version, p.layer?.index])).toEqual([
      ['base-files', '12.4+deb12u5', 0],
      ['curl', '7.88.1-10+deb12u5', 1],
      ['libc6', '2.36-9+deb12u4', 0],
    ]);
    expect(inv.packages.every((p) => p.path === 'var/lib/dpkg/status')).toBe(true);
    expect(refs).toHaveLength(2);
  });

  it('a package downgraded back to an earlier version is attributed to the layer that first had it', () => {
    const { inv } = build([
      { createdBy: 'base', files: { 'var/lib/dpkg/status': statusFile(LIBC6_OLD) } },
      { createdBy: 'upgrade', files: { 'var/lib/dpkg/status': statusFile(LIBC6_NEW) } },
      { createdBy: 'downgrade', files: { 'var/lib/dpkg/status': statusFile(LIBC6_OLD) } },
    ]);
    expect(inv.packages.map((p) => [p.version, p.layer?.index])).toEqual([['2.36-9+deb12u4', 0]]);
  });

  it('a status file deleted by a later layer takes its packages with it', () => {
    const { inv } = build([
      {
        createdBy: 'base',
        files: { 'etc/os-release': DEBIAN_12, 'var/lib/dpkg/status': statusFile(BASE_FILES) },
      },
      { createdBy: 'RUN rm -rf /var/lib/dpkg', whiteouts: ['var/lib/dpkg'] },
    ]);
    expect(inv.packages).toEqual([]);
    expect(inv.os?.family).toBe('debian');
  });

  it('the os-release of the final view wins over an earlier layer’s', () => {
    const { inv } = build([
      {
        createdBy: 'base',
        files: { 'etc/os-release': DEBIAN_12.replace('VERSION_ID="12"', 'VERSION_ID="11"') },
      },
      { createdBy: 'dist-upgrade', files: { 'etc/os-release': DEBIAN_12 } },
    ]);
    expect(inv.os?.version).toBe('12');
  });

  it('the file lists of the final view decide ownership, even when the status file was rewritten later', () => {
    const oldSix = dpkg('python3-six', '1.15.0-2', { arch: 'all', source: 'six' });
    const { inv } = build([
      {
        createdBy: 'base with python3-six 1.15',
        files: {
          'var/lib/dpkg/status': statusFile(BASH, oldSix),
          'var/lib/dpkg/info/bash.list': list('bin/bash'),
          'var/lib/dpkg/info/python3-six.list': list(
            'usr/lib/python3/dist-packages/six-1.15.0.egg-info',
            'usr/lib/python3/dist-packages/six-1.15.0.egg-info/PKG-INFO',
          ),
        },
        lang: [pypi('six', '1.15.0', 'usr/lib/python3/dist-packages/six-1.15.0.egg-info/PKG-INFO')],
      },
      {
        createdBy: 'RUN apt-get install -y --only-upgrade python3-six',
        files: {
          'var/lib/dpkg/status': statusFile(BASH, SIX),
          'var/lib/dpkg/info/python3-six.list': list(...SIX_FILES),
        },
        whiteouts: ['usr/lib/python3/dist-packages/six-1.15.0.egg-info'],
        lang: [pypi('six', '1.16.0', 'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO')],
      },
      {
        createdBy: 'RUN apt-get install -y bzip2',
        files: {
          'var/lib/dpkg/status': statusFile(
            BASH,
            SIX,
            dpkg('bzip2', '1.0.8-5+b1', { source: 'bzip2 (1.0.8-5)' }),
          ),
          'var/lib/dpkg/info/bzip2.list': list('bin/bzip2'),
        },
      },
    ]);
    const six = inv.packages.filter((p) => p.name === 'six');
    expect(six.map((p) => [p.version, p.ownedBy])).toEqual([
      ['1.16.0', { type: 'deb', name: 'python3-six' }],
    ]);
    expect(inv.packages.find((p) => p.name === 'python3-six')?.layer?.index).toBe(1);
  });

  it('a language package in a folder an OS package installed is owned by it', () => {
    const { inv } = build([
      {
        createdBy: 'base',
        files: {
          'var/lib/dpkg/status': statusFile(dpkg('node-semver', '7.5.4+~7.5.0-1', { arch: 'all' })),
          'var/lib/dpkg/info/node-semver.list': list(
            'usr/share/nodejs/semver',
            'usr/share/nodejs/semver/package.json',
          ),
        },
        lang: [
          { type: 'npm', name: 'semver', version: '7.5.4', path: 'usr/share/nodejs/semver/package.json' },
        ],
      },
    ]);
    expect(inv.packages.find((p) => p.type === 'npm')?.ownedBy).toEqual({ type: 'deb', name: 'node-semver' });
  });
});

describe('buildInventory: Alpine', () => {
  const ALPINE_OS = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n';
  const MUSL = 'P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\no:musl\nF:lib\nR:libc.musl-x86_64.so.1\n';
  const CA =
    'P:ca-certificates-bundle\nV:20230506-r0\nA:x86_64\nL:MPL-2.0 AND MIT\no:ca-certificates\nF:etc/ssl/certs\nR:ca-certificates.crt\n';
  const CRYPTO = [
    'P:py3-cryptography',
    'V:41.0.7-r0',
    'A:x86_64',
    'L:Apache-2.0 OR BSD-3-Clause',
    'o:py3-cryptography',
    'D:py3-cffi python3~3.11 so:libc.musl-x86_64.so.1 so:libcrypto.so.3',
    'F:usr/lib/python3.11/site-packages/cryptography-41.0.7.dist-info',
    'R:METADATA',
    'R:RECORD',
    '',
  ].join('\n');
  const METADATA = 'usr/lib/python3.11/site-packages/cryptography-41.0.7.dist-info/METADATA';

  const { inv, refs } = build([
    {
      createdBy: 'ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # buildkit',
      files: {
        'etc/os-release': ALPINE_OS,
        'etc/alpine-release': '3.19.1\n',
        'lib/apk/db/installed': `${MUSL}\n${CA}`,
      },
    },
    {
      createdBy: 'RUN /bin/sh -c apk add --no-cache py3-cryptography && pip install attrs # buildkit',
      files: { 'lib/apk/db/installed': `${MUSL}\n${CA}\n${CRYPTO}\nC:Q1abc=\nP:py3-cff` },
      lang: [
        pypi('cryptography', '41.0.7', METADATA),
        pypi('attrs', '23.1.0', 'usr/lib/python3.11/site-packages/attrs-23.1.0.dist-info/METADATA'),
      ],
    },
  ]);

  it('release, purls with the Alpine release as distro, layers', () => {
    expect(inv.os).toEqual({ family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' });
    expect(inv.packages.map((p) => [p.purl, p.layer?.index])).toEqual([
      [
        'pkg:apk/alpine/ca-certificates-bundle@20230506-r0?arch=x86_64&distro=3.19.1&upstream=ca-certificates',
        0,
      ],
      ['pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1', 0],
      ['pkg:apk/alpine/py3-cryptography@41.0.7-r0?arch=x86_64&distro=3.19.1', 1],
      ['pkg:pypi/attrs@23.1.0', 1],
      ['pkg:pypi/cryptography@41.0.7', 1],
    ]);
    expect(refs[1]?.createdBy).toContain('apk add');
  });

  it('apk file lists give ownership, and are not in the output', () => {
    expect(inv.packages.find((p) => p.name === 'cryptography')?.ownedBy).toEqual({
      type: 'apk',
      name: 'py3-cryptography',
    });
    expect(inv.packages.find((p) => p.name === 'attrs')).not.toHaveProperty('ownedBy');
    for (const p of inv.packages) expect(p).not.toHaveProperty('files');
    expect(inv.packages.find((p) => p.name === 'py3-cryptography')).toMatchObject({
      licenses: ['Apache-2.0 OR BSD-3-Clause'],
      dependsOn: ['py3-cffi', 'python3'],
    });
  });

  it('the truncated entry of the final database is reported', () => {
    expect(inv.warnings).toEqual(['lib/apk/db/installed: 1 entries without P: or V: skipped']);
  });
});

describe('buildInventory: distroless and folders', () => {
  const statusD = (name: string, version: string, source?: string): string =>
    `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\n${source ? `Source: ${source}\n` : ''}Section: libs\n`;

  it('distroless: status.d files without os-release, release from debian_version', () => {
    const { inv } = build([
      {
        createdBy: 'bazel build //base:static_debian12',
        files: {
          'etc/debian_version': '12.5\n',
          'var/lib/dpkg/status.d/base-files': statusD('base-files', '12.4+deb12u5'),
          'var/lib/dpkg/status.d/base-files.md5sums':
            'd41d8cd98f00b204e9800998ecf8427e  etc/debian_version\n',
          'var/lib/dpkg/status.d/tzdata': statusD('tzdata', '2024a-0+deb12u1'),
        },
      },
      {
        createdBy: 'bazel build //base:base_debian12',
        files: {
          'var/lib/dpkg/status.d/libssl3': statusD('libssl3', '3.0.11-1~deb12u2', 'openssl'),
          'var/lib/dpkg/status.d/libssl3.md5sums':
            'd41d8cd98f00b204e9800998ecf8427e  usr/lib/x86_64-linux-gnu/libssl.so.3\n',
        },
      },
    ]);
    expect(inv.os).toEqual({ family: 'debian', version: '12' });
    expect(inv.packages.map((p) => [p.name, p.path, p.layer?.index, p.purl])).toEqual([
      [
        'base-files',
        'var/lib/dpkg/status.d/base-files',
        0,
        'pkg:deb/debian/base-files@12.4+deb12u5?arch=amd64&distro=debian-12',
      ],
      [
        'libssl3',
        'var/lib/dpkg/status.d/libssl3',
        1,
        'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl',
      ],
      [
        'tzdata',
        'var/lib/dpkg/status.d/tzdata',
        0,
        'pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=amd64&distro=debian-12',
      ],
    ]);
    expect(inv.warnings).toEqual([]);
  });

  it('a folder (one pseudo-layer, no layer refs): no layer on packages, no release', () => {
    const records = osPackageAnalyzer.analyze('var/lib/dpkg/status', Buffer.from(statusFile(BASH)));
    const live = new Map([['var/lib/dpkg/status', { layer: 0, entry: entry('var/lib/dpkg/status') }]]);
    const inv = buildInventory([layerPackagesOf(records)], live, []);
    expect(inv).toEqual({
      packages: [
        {
          type: 'deb',
          name: 'bash',
          version: '5.2.15-2+b7',
          arch: 'amd64',
          sourceName: 'bash',
          sourceVersion: '5.2.15-2',
          dependsOn: ['base-files', 'debianutils'],
          path: 'var/lib/dpkg/status',
          purl: 'pkg:deb/debian/bash@5.2.15-2+b7?arch=amd64',
        },
      ],
      warnings: [],
    });
  });

  it('a Go module: go.sum adds only what the go.mod next to it does not list; other folders are left alone', () => {
    const files: Record<string, string> = {
      // A `go 1.16` module: its go.mod lists direct dependencies only; the go.sum has the rest.
      'svc/go.mod': [
        'module example.com/svc',
        '',
        'go 1.16',
        '',
        'require (',
        '\tgithub.com/spf13/cobra v1.8.0',
        '\tgolang.org/x/text v0.14.0 // indirect',
        ')',
        '',
        'replace golang.org/x/text => golang.org/x/text v0.13.0',
        '',
      ].join('\n'),
      'svc/go.sum': [
        'github.com/inconshreveable/mousetrap v1.1.0 h1:wN+x4NVGpMsO7ErUn/mUI3vEoE6Jt13X2s0bqwp9tc8=',
        'github.com/inconshreveable/mousetrap v1.1.0/go.mod h1:vpF70FUmC8bwa3OWnCshd2FqLfsEA9PFc4w1p2J65bw=',
        'github.com/spf13/cobra v1.8.0 h1:7aJaZx1B85qltLMc546zn58BxxfZdR/W22ej9CFoEf0=',
        'github.com/spf13/cobra v1.8.0/go.mod h1:WXLWApfZ71AjXPya3WOlMsY9yMs7YeiHhFVlvLyhcho=',
        'github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=',
        'github.com/spf13/pflag v1.0.5/go.mod h1:McXfInJRrz4CZXVZOBLb0bTZqETkiAhM9Iw0y3An2Bg=',
        'golang.org/x/text v0.13.0 h1:ablQoSUd0tRdKxZewP80B+BaqeKJuVhuRxj/dkrun3k=',
        'golang.org/x/text v0.13.0/go.mod h1:TvPlkZtksWOMsz7fbANvkp4WM8x/WCo/om8BMLbz+aE=',
        '',
      ].join('\n'),
      // A go.sum without a go.mod beside it: kept whole.
      'tools/go.sum': 'github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=\n',
    };
    const records = Object.entries(files).flatMap(([path, text]) =>
      langAllAnalyzer.analyze(path, Buffer.from(text)),
    );
    const live = new Map(Object.keys(files).map((path) => [path, { layer: 0, entry: entry(path) }]));
    const inv = buildInventory([layerPackagesOf(records)], live, []);
    expect(inv.warnings).toEqual([]);
    expect(inv.packages.map((p) => [p.purl, p.path])).toEqual([
      ['pkg:golang/github.com/inconshreveable/mousetrap@v1.1.0', 'svc/go.sum'],
      ['pkg:golang/github.com/spf13/cobra@v1.8.0', 'svc/go.mod'],
      ['pkg:golang/github.com/spf13/pflag@v1.0.5', 'svc/go.sum'],
      ['pkg:golang/github.com/spf13/pflag@v1.0.5', 'tools/go.sum'],
      // The replacement's version, from go.mod; go.sum has it too.
      ['pkg:golang/golang.org/x/text@v0.13.0', 'svc/go.mod'],
    ]);
  });

  it('nothing at all: an empty inventory', () => {
    expect(buildInventory([], new Map(), [])).toEqual({ packages: [], warnings: [] });
  });
});

describe('layerPackagesOf', () => {
  it('groups release texts, package sources, owned files and warnings', () => {
    const six: Package = { type: 'pypi', name: 'six', version: '1.16.0', path: 'a/PKG-INFO' };
    expect(
      layerPackagesOf([
        { kind: 'release', path: 'etc/os-release', text: 'ID=debian\n' },
        { kind: 'packages', path: 'var/lib/dpkg/status', packages: [], warnings: ['w1'] },
        { kind: 'owned', path: 'var/lib/dpkg/info/bash.list', owner: 'bash', files: ['bin/bash'] },
        { kind: 'packages', path: 'a/PKG-INFO', packages: [six], warnings: ['w2', 'w3'] },
      ]),
    ).toEqual({
      releaseFiles: { 'etc/os-release': 'ID=debian\n' },
      sources: [
        { path: 'var/lib/dpkg/status', packages: [] },
        { path: 'a/PKG-INFO', packages: [six] },
      ],
      ownedFiles: { bash: ['bin/bash'] },
      warnings: ['w1', 'w2', 'w3'],
    });
  });
});

describe('purlOf', () => {
  const DEBIAN: OsRelease = { family: 'debian', version: '12', codename: 'bookworm' };
  const UBUNTU: OsRelease = { family: 'ubuntu', version: '22.04', codename: 'jammy' };
  const ALPINE: OsRelease = { family: 'alpine', version: '3.19.1' };
  const RHEL: OsRelease = { family: 'rhel', version: '9.4' };
  const ROCKY: OsRelease = { family: 'rocky', version: '9.3' };
  const p = (x: Omit<Package, 'path'>): Package => ({ path: 'x', ...x });

  it.each<[string, Package, OsRelease | undefined, string]>([
    [
      'deb on Debian, the epoch as a qualifier (as Trivy and Syft write it)',
      p({
        type: 'deb',
        name: 'bsdutils',
        version: '1:2.38.1-5+deb12u3',
        arch: 'amd64',
        sourceName: 'util-linux',
      }),
      DEBIAN,
      'pkg:deb/debian/bsdutils@2.38.1-5+deb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux',
    ],
    [
      'deb on Ubuntu',
      p({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.15', arch: 'amd64', sourceName: 'openssl' }),
      UBUNTU,
      'pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04&upstream=openssl',
    ],
    [
      'deb whose source is itself: no upstream',
      p({ type: 'deb', name: 'bash', version: '5.2.15-2+b7', arch: 'amd64', sourceName: 'bash' }),
      DEBIAN,
      'pkg:deb/debian/bash@5.2.15-2+b7?arch=amd64&distro=debian-12',
    ],
    [
      'deb without a known release',
      p({ type: 'deb', name: 'tzdata', version: '2024a-0+deb12u1', arch: 'all' }),
      undefined,
      'pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all',
    ],
    [
      'apk: distro is the Alpine release',
      p({ type: 'apk', name: 'musl', version: '1.2.4_git20230717-r4', arch: 'x86_64', sourceName: 'musl' }),
      ALPINE,
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1',
    ],
    [
      'apk without a known release',
      p({ type: 'apk', name: 'busybox', version: '1.36.1-r15' }),
      undefined,
      'pkg:apk/alpine/busybox@1.36.1-r15',
    ],
    [
      'rpm on RHEL: redhat namespace, epoch qualifier',
      p({
        type: 'rpm',
        name: 'openssl-libs',
        version: '3.0.7-27.el9',
        epoch: 1,
        arch: 'x86_64',
        sourceName: 'openssl',
      }),
      RHEL,
      'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1&upstream=openssl',
    ],
    [
      'rpm with epoch 0: no epoch qualifier',
      p({ type: 'rpm', name: 'bash', version: '5.1.8-9.el9', epoch: 0, arch: 'x86_64', sourceName: 'bash' }),
      ROCKY,
      'pkg:rpm/rocky/bash@5.1.8-9.el9?arch=x86_64&distro=rocky-9.3',
    ],
    [
      'rpm without a known release: no namespace',
      p({ type: 'rpm', name: 'bash', version: '5.1.8-9.el9', arch: 'x86_64' }),
      undefined,
      'pkg:rpm/bash@5.1.8-9.el9?arch=x86_64',
    ],
    [
      'an OS package’s own namespace is replaced by the distribution',
      p({ type: 'deb', namespace: 'ignored', name: 'curl', version: '7.88.1-10+deb12u5' }),
      DEBIAN,
      'pkg:deb/debian/curl@7.88.1-10+deb12u5?distro=debian-12',
    ],
    [
      'npm scoped',
      p({ type: 'npm', namespace: '@types', name: 'node', version: '20.11.5' }),
      DEBIAN,
      'pkg:npm/%40types/node@20.11.5',
    ],
    [
      'npm unscoped, no OS qualifiers',
      p({ type: 'npm', name: 'express', version: '4.18.2' }),
      ALPINE,
      'pkg:npm/express@4.18.2',
    ],
    [
      'pypi name normalised',
      p({ type: 'pypi', name: 'Typing_Extensions', version: '4.9.0' }),
      undefined,
      'pkg:pypi/typing-extensions@4.9.0',
    ],
    [
      'pypi name lower-cased',
      p({ type: 'pypi', name: 'PyYAML', version: '6.0.1' }),
      undefined,
      'pkg:pypi/pyyaml@6.0.1',
    ],
    [
      'golang version without v',
      p({ type: 'golang', namespace: 'github.com/sirupsen', name: 'logrus', version: '1.9.3' }),
      undefined,
      'pkg:golang/github.com/sirupsen/logrus@v1.9.3',
    ],
    [
      'golang version with v kept',
      p({ type: 'golang', namespace: 'golang.org/x', name: 'net', version: 'v0.17.0' }),
      undefined,
      'pkg:golang/golang.org/x/net@v0.17.0',
    ],
    [
      'golang pseudo-version kept',
      p({
        type: 'golang',
        namespace: 'golang.org/x',
        name: 'crypto',
        version: 'v0.0.0-20220722155217-630584e8d5aa',
      }),
      undefined,
      'pkg:golang/golang.org/x/crypto@v0.0.0-20220722155217-630584e8d5aa',
    ],
    [
      'maven',
      p({ type: 'maven', namespace: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.17.1' }),
      undefined,
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
    ],
    ['no version', p({ type: 'npm', name: 'left-pad', version: '' }), undefined, 'pkg:npm/left-pad'],
  ])('%s', (_name, pkg, os, purl) => {
    expect(purlOf(pkg, os)).toBe(purl);
  });

  it('purls parse back to the package’s version (epoch as a qualifier, + and ~ intact)', () => {
    for (const [version, upstream, epoch] of [
      ['1:2.38.1-5+deb12u3', '2.38.1-5+deb12u3', '1'],
      ['3.0.11-1~deb12u2', '3.0.11-1~deb12u2', undefined],
      ['2:9.0.1378-2+deb12u2', '9.0.1378-2+deb12u2', '2'],
    ] as const) {
      const purl = purlOf(p({ type: 'deb', name: 'x', version, arch: 'amd64' }), DEBIAN);
      const parsed = PackageURL.fromString(purl);
      expect([parsed.type, parsed.namespace, parsed.name, parsed.version]).toEqual([
        'deb',
        'debian',
        'x',
        upstream,
      ]);
      expect(parsed.qualifiers).toEqual({ arch: 'amd64', distro: 'debian-12', ...(epoch ? { epoch } : {}) });
    }
  });
});
