import { describe, expect, it } from 'vitest';
import { osPackageAnalyzer, splitSourceRpm, type InventoryRecord } from './index.js';

const analyze = (path: string, text: string | Buffer): InventoryRecord[] =>
  osPackageAnalyzer.analyze(path, typeof text === 'string' ? Buffer.from(text) : text);

const STATUS = `Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Depends: libgcc-s1

Package: libgdbm6
Status: deinstall ok config-files
Architecture: amd64
Source: gdbm
Version: 1.23-3
`;

const APK_DB = `C:Q1/H2LcRhBW4aL2pZHZtPdnVqEHpE=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
L:MIT
o:musl
F:lib
R:ld-musl-x86_64.so.1
R:libc.musl-x86_64.so.1
`;

describe('osPackageAnalyzer.claims', () => {
  it.each([
    // Release files.
    ['etc/os-release', true],
    ['usr/lib/os-release', true],
    ['etc/alpine-release', true],
    ['etc/debian_version', true],
    ['etc/redhat-release', true],
    ['etc/centos-release', true],
    ['etc/system-release', true],
    // dpkg.
    ['var/lib/dpkg/status', true],
    ['var/lib/dpkg/status.d/libc6', true],
    ['var/lib/dpkg/status.d/libc6.md5sums', true],
    ['var/lib/dpkg/info/libc6:amd64.list', true],
    ['var/lib/dpkg/info/bash.list', true],
    // apk.
    ['lib/apk/db/installed', true],
    ['usr/lib/apk/db/installed', true],
    // rpm.
    ['var/lib/rpm/Packages', true],
    ['var/lib/rpm/rpmdb.sqlite', true],
    ['usr/lib/sysimage/rpm/Packages.db', true],
    // Not package databases.
    ['var/lib/dpkg/status-old', false],
    ['var/lib/dpkg/available', false],
    ['var/lib/dpkg/status.d', false],
    ['var/lib/dpkg/status.d/sub/libc6', false],
    ['var/lib/dpkg/info/libc6:amd64.md5sums', false],
    ['var/lib/dpkg/info/bash.postinst', false],
    ['lib/apk/db/triggers', false],
    ['lib/apk/db/scripts.tar', false],
    ['etc/lsb-release', false],
    ['etc/issue', false],
    ['app/etc/os-release', false],
    ['/etc/os-release', false],
    ['chroot/var/lib/dpkg/status', false],
    ['usr/share/doc/libc6/copyright', false],
    ['app/package.json', false],
  ])('%s: %s', (path, claimed) => {
    expect(osPackageAnalyzer.claims(path, 0o644, 4096)).toBe(claimed);
  });

  it('database files above 256 MiB are not read', () => {
    expect(osPackageAnalyzer.claims('var/lib/dpkg/status', 0o644, 256 * 1024 * 1024)).toBe(true);
    expect(osPackageAnalyzer.claims('var/lib/dpkg/status', 0o644, 256 * 1024 * 1024 + 1)).toBe(false);
    expect(osPackageAnalyzer.claims('var/lib/rpm/rpmdb.sqlite', 0o644, 300 * 1024 * 1024)).toBe(false);
  });
});

describe('osPackageAnalyzer.analyze', () => {
  it('a release file: its text', () => {
    const text = 'ID=alpine\nVERSION_ID=3.19.1\n';
    expect(analyze('etc/os-release', text)).toEqual([{ kind: 'release', path: 'etc/os-release', text }]);
    expect(analyze('etc/debian_version', '12.5\n')).toEqual([
      { kind: 'release', path: 'etc/debian_version', text: '12.5\n' },
    ]);
  });

  it('a release file is kept to its first 8 KiB', () => {
    const text = `ID=debian\n${'#'.repeat(20000)}\n`;
    const [rec] = analyze('etc/os-release', text);
    expect(rec).toMatchObject({ kind: 'release', path: 'etc/os-release' });
    expect(rec?.kind === 'release' ? rec.text : '').toBe(text.slice(0, 8192));
  });

  it('the dpkg status file: its installed packages', () => {
    expect(analyze('var/lib/dpkg/status', STATUS)).toEqual([
      {
        kind: 'packages',
        path: 'var/lib/dpkg/status',
        packages: [
          {
            type: 'deb',
            name: 'libc6',
            version: '2.36-9+deb12u14',
            arch: 'amd64',
            sourceName: 'glibc',
            sourceVersion: '2.36-9+deb12u14',
            dependsOn: ['libgcc-s1'],
            path: 'var/lib/dpkg/status',
          },
        ],
        warnings: [],
      },
    ]);
  });

  it('a distroless status.d file: its package, recorded under its own path', () => {
    const text = 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\nSource: tzdata\n';
    expect(analyze('var/lib/dpkg/status.d/tzdata', text)).toEqual([
      {
        kind: 'packages',
        path: 'var/lib/dpkg/status.d/tzdata',
        packages: [
          {
            type: 'deb',
            name: 'tzdata',
            version: '2024a-0+deb12u1',
            arch: 'all',
            sourceName: 'tzdata',
            sourceVersion: '2024a-0+deb12u1',
            path: 'var/lib/dpkg/status.d/tzdata',
          },
        ],
        warnings: [],
      },
    ]);
  });

  it('status.d md5sums files are claimed with the folder but give nothing', () => {
    const md5sums =
      '0d9e2ba8d7c4f5a1e3b6c9f2a8d7e4b1  usr/share/zoneinfo/UTC\n4fa5d8a7c3b2e1f09a8b7c6d5e4f3a2b  usr/share/doc/tzdata/copyright\n';
    expect(analyze('var/lib/dpkg/status.d/tzdata.md5sums', md5sums)).toEqual([]);
  });

  it('a garbage status file: a packages record with a warning', () => {
    expect(analyze('var/lib/dpkg/status', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]))).toEqual([
      {
        kind: 'packages',
        path: 'var/lib/dpkg/status',
        packages: [],
        warnings: ['var/lib/dpkg/status: not a dpkg status file'],
      },
    ]);
  });

  it('a dpkg file list: the owner and its files', () => {
    const list = '/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n';
    expect(analyze('var/lib/dpkg/info/libc6:amd64.list', list)).toEqual([
      {
        kind: 'owned',
        path: 'var/lib/dpkg/info/libc6:amd64.list',
        owner: 'libc6',
        files: ['lib', 'lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu/libc.so.6'],
      },
    ]);
    expect(analyze('var/lib/dpkg/info/bash.list', '/.\n/bin\n/bin/bash\n')).toEqual([
      { kind: 'owned', path: 'var/lib/dpkg/info/bash.list', owner: 'bash', files: ['bin', 'bin/bash'] },
    ]);
  });

  it.each(['lib/apk/db/installed', 'usr/lib/apk/db/installed'])(
    'the apk database at %s: its packages',
    (path) => {
      expect(analyze(path, APK_DB)).toEqual([
        {
          kind: 'packages',
          path,
          packages: [
            {
              type: 'apk',
              name: 'musl',
              version: '1.2.4_git20230717-r4',
              arch: 'x86_64',
              sourceName: 'musl',
              licenses: ['MIT'],
              files: ['lib/ld-musl-x86_64.so.1', 'lib/libc.musl-x86_64.so.1'],
              path,
            },
          ],
          warnings: [],
        },
      ]);
    },
  );

  it('a damaged rpm database: a warning, not an exception', () => {
    const records = analyze('var/lib/rpm/rpmdb.sqlite', 'SQLite format 3\0 but cut short');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'packages', path: 'var/lib/rpm/rpmdb.sqlite', packages: [] });
    expect(records[0]?.kind === 'packages' ? records[0].warnings : []).toHaveLength(1);
  });

  it.each(['etc/hostname', 'app/package.json', 'var/lib/dpkg/info/bash.md5sums'])(
    '%s (not claimed): nothing',
    (path) => {
      expect(analyze(path, 'Package: bash\nVersion: 1\n')).toEqual([]);
    },
  );

  it('results depend on the bytes and path only (the layer cache relies on it)', () => {
    expect(analyze('var/lib/dpkg/status', STATUS)).toEqual(analyze('var/lib/dpkg/status', STATUS));
    expect(JSON.parse(JSON.stringify(analyze('lib/apk/db/installed', APK_DB)))).toEqual(
      analyze('lib/apk/db/installed', APK_DB),
    );
  });
});

describe('splitSourceRpm', () => {
  it.each([
    ['openssl-3.0.7-25.el9.src.rpm', { name: 'openssl', version: '3.0.7-25.el9' }],
    ['glibc-2.34-100.el9_4.2.src.rpm', { name: 'glibc', version: '2.34-100.el9_4.2' }],
    ['python3.11-3.11.7-1.el9.src.rpm', { name: 'python3.11', version: '3.11.7-1.el9' }],
    ['util-linux-2.37.4-18.el9.src.rpm', { name: 'util-linux', version: '2.37.4-18.el9' }],
    ['kernel-5.15.153.1-2.cm2.nosrc.rpm', { name: 'kernel', version: '5.15.153.1-2.cm2' }],
    ['openssl-3.0.7-25.el9.x86_64.rpm', undefined],
    ['openssl.src.rpm', undefined],
    ['', undefined],
  ])('%s', (srpm, expected) => {
    expect(splitSourceRpm(srpm)).toEqual(expected);
  });
});
