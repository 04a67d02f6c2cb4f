import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { debootstrapRootfs } from '../support/debootstrap.js';
import { buildGoProgram } from '../support/go-build.js';
import { cycloneDxValidator, reportValidator } from '../support/schemas.js';
import { spdxValidator } from '../support/spdx-validator.js';

/*
 * The inventory end to end on real data: a Debian root filesystem made by debootstrap (with a
 * dpkg-owned Python distribution), then an image built from it with umoci, with a layer of npm packages installed by npm and a layer with
 * a Go binary built by go and a Python distribution outside dpkg. dpkg-query (on the root's own
 * database) and go version -m are the oracles.
 */

interface Pkg {
  type: string;
  namespace?: string;
  name: string;
  version: string;
  purl: string;
  path: string;
  sourceName?: string;
  ownedBy?: { type: string; name: string };
  layer?: { index: number };
}
interface JsonReport {
  artifact: { os?: { family: string; version: string } };
  packages: Pkg[];
}

const validateReport = reportValidator();
const validateCdx = cycloneDxValidator();

let dir: string;
let rootfs: string;
let layout: string;
let goBinary: string;

function sh(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What dpkg itself says is installed in the root filesystem. */
function dpkgInstalled(): string[] {
  return sh('dpkg-query', [
    `--admindir=${join(rootfs, 'var/lib/dpkg')}`,
    '-W',
    '-f',
    '${db:Status-Abbrev}|${Package}|${Version}\\n',
  ])
    .split('\n')
    .filter((l) => l.startsWith('ii'))
    .map((l) => l.split('|').slice(1).join(' '))
    .sort();
}

beforeAll(() => {
  dir = tempDir('bulkhead-packages-e2e-');
  rootfs = debootstrapRootfs();
  // The image: the rootfs as layer 1 (umoci, a real OCI tool), then npm, then Go and pip-style Python.
  layout = join(dir, 'layout');
  const bundle = join(dir, 'bundle');
  sh('umoci', ['init', '--layout', layout]);
  sh('umoci', ['new', '--image', `${layout}:empty`]);
  sh('umoci', ['unpack', '--image', `${layout}:empty`, bundle]);
  sh('cp', ['-a', `${rootfs}/.`, join(bundle, 'rootfs')]);
  sh('umoci', ['repack', '--image', `${layout}:l1`, bundle]);
  // Each layer is the difference to the image the bundle was unpacked from: unpack again.
  rmSync(bundle, { recursive: true, force: true });
  sh('umoci', ['unpack', '--image', `${layout}:l1`, bundle]);

  const app = join(bundle, 'rootfs', 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  sh(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', 'lodash@4.17.21', 'minimist@1.2.8'],
    app,
  );
  sh('umoci', ['repack', '--image', `${layout}:l2`, bundle]);
  rmSync(bundle, { recursive: true, force: true });
  sh('umoci', ['unpack', '--image', `${layout}:l2`, bundle]);

  goBinary = buildGoProgram(join(dir, 'go'));
  mkdirSync(join(bundle, 'rootfs', 'usr/local/bin'), { recursive: true });
  cpSync(goBinary, join(bundle, 'rootfs', 'usr/local/bin', 'app'));
  const site = join(bundle, 'rootfs', 'usr/local/lib/python3.11/site-packages/PyYAML-6.0.dist-info');
  cpSync(join(rootfs, 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info'), site, { recursive: true });
  sh('umoci', ['repack', '--image', `${layout}:app`, bundle]);
}, 420_000);

function inventory(args: string[]): JsonReport {
  const r = runCli([...args, '--list-packages', '-f', 'json', '--scanners', 'secret'], {
    env: { BULKHEAD_CACHE_DIR: join(dir, 'cache') },
  });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as JsonReport;
  expect(validateReport(report)).toEqual([]);
  return report;
}

describe('package inventory of a real Debian package database', () => {
  it('rootfs: exactly what dpkg says is installed, with source packages and ownership', () => {
    const report = inventory(['rootfs', rootfs]);
    expect(report.artifact.os?.family).toBe('debian');
    const debs = report.packages.filter((p) => p.type === 'deb');
    expect(debs.map((p) => `${p.name} ${p.version}`).sort()).toEqual(dpkgInstalled());
    const bsdutils = debs.find((p) => p.name === 'bsdutils');
    if (bsdutils) expect(bsdutils.sourceName).toBe('util-linux');
    expect(debs.every((p) => p.purl.startsWith('pkg:deb/debian/') && p.purl.includes('distro=debian-'))).toBe(
      true,
    );
    const yaml = report.packages.find((p) => p.type === 'pypi');
    expect(yaml).toMatchObject({
      name: 'PyYAML',
      version: '6.0',
      ownedBy: { type: 'deb', name: 'python3-yaml' },
    });
  });

  it('image: every layer attributed, npm and Go and pip-style Python found, dpkg-owned Python marked', () => {
    const report = inventory(['image', `oci:${layout}:app`]);
    const debs = report.packages.filter((p) => p.type === 'deb');
    expect(debs).toHaveLength(dpkgInstalled().length);
    expect(debs.every((p) => p.layer?.index === 0)).toBe(true);
    const npm = report.packages
      .filter((p) => p.type === 'npm')
      .map((p) => `${p.name}@${p.version} L${String(p.layer?.index)}`);
    expect(npm).toEqual(expect.arrayContaining(['lodash@4.17.21 L1', 'minimist@1.2.8 L1']));
    const goVersion = /go(\d+\.\d+(?:\.\d+)?)/.exec(sh('go', ['version', '-m', goBinary]))?.[1] ?? '';
    const go = report.packages.filter((p) => p.type === 'golang');
    expect(go.map((p) => `${p.purl} L${String(p.layer?.index)}`)).toEqual(
      expect.arrayContaining([
        `pkg:golang/stdlib@v${goVersion} L2`,
        'pkg:golang/example.com/greet@v1.2.3 L2',
      ]),
    );
    expect(go.every((p) => p.path === 'usr/local/bin/app')).toBe(true);
    const pypi = report.packages.filter((p) => p.type === 'pypi');
    expect(pypi.map((p) => `${p.path} ${p.ownedBy?.name ?? 'not owned'}`).sort()).toEqual([
      'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA python3-yaml',
      'usr/local/lib/python3.11/site-packages/PyYAML-6.0.dist-info/METADATA not owned',
    ]);
  });

  it('sbom: CycloneDX valid against the official schema, with the same packages', () => {
    const out = join(dir, 'app.cdx.json');
    const r = runCli(['sbom', `oci:${layout}:app`, '-o', out], {
      env: { BULKHEAD_CACHE_DIR: join(dir, 'cache') },
    });
    expect(r.code, r.stderr).toBe(0);
    const bom = JSON.parse(readFileSync(out, 'utf8')) as { components: { purl?: string; type: string }[] };
    expect(validateCdx(bom)).toEqual([]);
    const purls = bom.components.map((c) => c.purl).filter(Boolean);
    expect(purls).toContain('pkg:npm/lodash@4.17.21');
    expect(bom.components.some((c) => c.type === 'operating-system')).toBe(true);
    const report = inventory(['image', `oci:${layout}:app`]);
    expect(purls.length).toBe(report.packages.length);
  });

  it('sbom of a folder: a root filesystem is recognised; SPDX has every package', () => {
    const r = runCli(['sbom', rootfs, '--format', 'spdx']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { spdxVersion: string; packages: { externalRefs?: unknown[] }[] };
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(spdxValidator()(doc)).toEqual([]);
    // The artifact and the OS, then one package per installed package.
    expect(doc.packages.length).toBe(dpkgInstalled().length + 1 + 2);
  });

  it('a corrupt status file is a warning; the rest of the inventory is still produced', () => {
    const bad = join(dir, 'bad-rootfs');
    sh('cp', ['-a', rootfs, bad]);
    writeFileSync(join(bad, 'var/lib/dpkg/status'), Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37]));
    const r = runCli(['rootfs', bad, '--list-packages', '-f', 'json', '--scanners', 'secret']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/var\/lib\/dpkg\/status: not a dpkg status file/);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.packages.filter((p) => p.type === 'pypi')).toHaveLength(1);
  });

  it('rpm: the three real databases (SQLite, Berkeley DB, NDB) in root filesystems', () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'rpmdb');
    const cases = [
      ['cbl-mariner-2.0/rpmdb.sqlite', 'var/lib/rpm/rpmdb.sqlite', 'ID=mariner\nVERSION_ID="2.0"\n', 129],
      ['libuuid/Packages', 'var/lib/rpm/Packages', 'ID="rhel"\nVERSION_ID="8.8"\n', 1],
      ['sle15-bci/Packages.db', 'usr/lib/sysimage/rpm/Packages.db', 'ID="sles"\nVERSION_ID="15.3"\n', 35],
    ] as const;
    for (const [fixture, at, osRelease, count] of cases) {
      const root = join(dir, `rpm-${fixture.split('/')[0] ?? ''}`);
      mkdirSync(join(root, at, '..'), { recursive: true });
      mkdirSync(join(root, 'etc'), { recursive: true });
      cpSync(join(fixtures, fixture), join(root, at));
      writeFileSync(join(root, 'etc/os-release'), osRelease);
      const report = inventory(['rootfs', root]);
      const rpms = report.packages.filter((p) => p.type === 'rpm');
      expect(rpms, fixture).toHaveLength(count);
      expect(rpms.every((p) => p.purl.startsWith('pkg:rpm/'))).toBe(true);
    }
    const uuid = inventory(['rootfs', join(dir, 'rpm-libuuid')]).packages[0];
    expect(uuid).toMatchObject({ name: 'libuuid', version: '2.32.1-42.el8_8', sourceName: 'util-linux' });
    expect(uuid?.purl).toBe(
      'pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8&upstream=util-linux',
    );
  });
});
