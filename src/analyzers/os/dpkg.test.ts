import { describe, expect, it } from 'vitest';
import type { Package } from '../../core/package.js';
import { dpkgListOwner, parseDeb822, parseDpkgList, parseDpkgStatus } from './dpkg.js';

const STATUS_PATH = 'var/lib/dpkg/status';
const status = (text: string, path = STATUS_PATH) => parseDpkgStatus(path, Buffer.from(text));

/*
 * Paragraphs copied from a Debian 12 /var/lib/dpkg/status (base-files, bsdutils with an epoch and
 * a source version, libc6, tzdata with alternatives, bash and python3-yaml binNMUs), plus the
 * states dpkg leaves behind for removed, purged and half-installed packages.
 */
const BASE_FILES = `Package: base-files
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 341
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 12.4+deb12u11
Replaces: base, dpkg (<= 1.15.0), miscutils
Provides: base
Pre-Depends: awk
Breaks: debian-security-support (<< 2019.04.25), initscripts (<< 2.88dsf-13.3), sendfile (<< 2.1b.20080616-5.2~)
Conffiles:
 /etc/debian_version 8031d1483ffa9c819e6be94c6c77fd2a
 /etc/dpkg/origins/debian c47b6815f67ad1aeccb0d4529bd0b990
 /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
 /etc/issue 349d61a0e072d678e3e94923f0c3ce0e
 /etc/issue.net 3ae9b9ff69a78d614864f1957778fecb
 /etc/update-motd.d/10-uname 9e1b832b7b06f566156e7c9e0548247b
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system, and
 several important miscellaneous files, such as /etc/debian_version,
 /etc/host.conf, /etc/issue, /etc/motd, /etc/profile, and others,
 and the text of several common licenses in use on Debian systems.
`;

const BSDUTILS = `Package: bsdutils
Essential: yes
Status: install ok installed
Priority: required
Section: utils
Installed-Size: 355
Maintainer: util-linux packagers <util-linux@packages.debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: util-linux (2.38.1-5+deb12u3)
Version: 1:2.38.1-5+deb12u3
Pre-Depends: libc6 (>= 2.34), libsystemd0
Recommends: bsdextrautils
Description: basic utilities from 4.4BSD-Lite
 This package contains the bare minimum of BSD utilities needed for a Debian
 system: logger, renice, script, scriptlive, scriptreplay and wall. The
 remaining standard BSD utilities are provided by bsdextrautils.
Homepage: https://www.kernel.org/pub/linux/utils/util-linux/
`;

const LIBC6 = `Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 13001
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Replaces: libc6-amd64
Depends: libgcc-s1
Recommends: libidn2-0 (>= 2.0.5~)
Suggests: glibc-doc, debconf | debconf-2.0, libc-l10n, locales, libnss-nis, libnss-nisplus
Breaks: aide (<< 0.17.3-4+b3), busybox (<< 1.30.1-6), chrony (<< 4.2-3~), fakechroot (<< 2.19-3.5)
Conffiles:
 /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system. This package includes shared versions of the standard C library
 and the standard math library, as well as many others.
Homepage: https://www.gnu.org/software/libc/libc.html
`;

const TZDATA = `Package: tzdata
Status: install ok installed
Priority: required
Section: localization
Installed-Size: 2565
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: all
Multi-Arch: foreign
Version: 2025b-0+deb12u2
Provides: tzdata-bookworm
Depends: debconf (>= 0.5) | debconf-2.0
Description: time zone and daylight-saving time data
 This package contains data required for the implementation of
 standard local time for many representative locations around the
 globe. It is updated periodically to reflect changes made by
 political bodies to time zone boundaries, UTC offsets, and
 daylight-saving rules.
Homepage: https://www.iana.org/time-zones
`;

const BASH = `Package: bash
Essential: yes
Status: install ok installed
Priority: required
Section: shells
Installed-Size: 7164
Maintainer: Matthias Klose <doko@debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: bash (5.2.15-2)
Version: 5.2.15-2+b8
Replaces: bash-completion (<< 20060301-0), bash-doc (<= 2.05-1)
Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1)
Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)
Recommends: bash-completion (>= 20060301-0)
Suggests: bash-doc
Conflicts: bash-completion (<< 20060301-0)
Conffiles:
 /etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d
 /etc/skel/.bash_logout 22bfb8c1dd94b5f3813a2b25da67463f
 /etc/skel/.bashrc ee35a240758f374832e809ae0ea4883a
 /etc/skel/.profile f4e81ade7d6f9fb342541152d08e7a97
Description: GNU Bourne Again SHell
 Bash is an sh-compatible command language interpreter that executes
 commands read from the standard input or from a file.  Bash also
 incorporates useful features from the Korn and C shells (ksh and csh).
 .
 Bash is ultimately intended to be a conformant implementation of the
 IEEE POSIX Shell and Tools specification (IEEE Working Group 1003.2).
 .
 The Programmable Completion Code, by Ian Macdonald, is now found in
 the bash-completion package.
Homepage: http://tiswww.case.edu/php/chet/bash/bashtop.html
`;

const PYTHON3_YAML = `Package: python3-yaml
Status: install ok installed
Priority: optional
Section: python
Installed-Size: 493
Maintainer: Debian Python Team <team+python@tracker.debian.org>
Architecture: amd64
Multi-Arch: allowed
Source: pyyaml (6.0-3)
Version: 6.0-3+b2
Depends: python3 (<< 3.12), python3 (>= 3.11~), python3:any, libc6 (>= 2.14), libyaml-0-2 (>= 0.2.2~)
Description: YAML parser and emitter for Python3
 Python3-yaml is a complete YAML 1.1 parser and emitter for Python3.  It can
 parse all examples from the specification. The parsing algorithm is simple
 enough to be a reference for YAML parser implementors.
 .
 Note: Version: and Package: lines in a description are text, not fields.
Homepage: https://github.com/yaml/pyyaml
`;

const REMOVED = `Package: libgdbm6
Status: deinstall ok config-files
Priority: optional
Section: libs
Installed-Size: 144
Maintainer: Nicolas Mora <babelouest@debian.org>
Architecture: amd64
Multi-Arch: same
Source: gdbm
Version: 1.23-3
Config-Version: 1.23-3
Depends: libc6 (>= 2.34)
Description: GNU dbm database routines (runtime version)
`;

const PURGED = `Package: apt-transport-https
Status: purge ok not-installed
Priority: optional
Section: admin
Architecture: all
`;

const HALF_INSTALLED = `Package: curl
Status: install reinstreq half-installed
Priority: optional
Section: web
Installed-Size: 493
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Version: 7.88.1-10+deb12u12
Depends: libc6 (>= 2.34), libcurl4 (= 7.88.1-10+deb12u12), zlib1g (>= 1:1.1.4)
Description: command line tool for transferring data with URL syntax
`;

const UNPACKED = `Package: nginx
Status: install ok unpacked
Priority: optional
Section: httpd
Architecture: amd64
Version: 1.22.1-9
Description: small, powerful, scalable web/proxy server
`;

const deb = (p: Omit<Package, 'type' | 'path'>, path = STATUS_PATH): Package => ({ type: 'deb', path, ...p });

const EXPECTED: Record<string, Package> = {
  'base-files': deb({
    name: 'base-files',
    version: '12.4+deb12u11',
    arch: 'amd64',
    sourceName: 'base-files',
    sourceVersion: '12.4+deb12u11',
    dependsOn: ['awk'],
  }),
  bsdutils: deb({
    name: 'bsdutils',
    version: '1:2.38.1-5+deb12u3',
    arch: 'amd64',
    sourceName: 'util-linux',
    sourceVersion: '2.38.1-5+deb12u3',
    dependsOn: ['libc6', 'libsystemd0'],
  }),
  libc6: deb({
    name: 'libc6',
    version: '2.36-9+deb12u14',
    arch: 'amd64',
    sourceName: 'glibc',
    sourceVersion: '2.36-9+deb12u14',
    dependsOn: ['libgcc-s1'],
  }),
  tzdata: deb({
    name: 'tzdata',
    version: '2025b-0+deb12u2',
    arch: 'all',
    sourceName: 'tzdata',
    sourceVersion: '2025b-0+deb12u2',
    dependsOn: ['debconf'],
  }),
  bash: deb({
    name: 'bash',
    version: '5.2.15-2+b8',
    arch: 'amd64',
    sourceName: 'bash',
    sourceVersion: '5.2.15-2',
    dependsOn: ['libc6', 'libtinfo6', 'base-files', 'debianutils'],
  }),
  'python3-yaml': deb({
    name: 'python3-yaml',
    version: '6.0-3+b2',
    arch: 'amd64',
    sourceName: 'pyyaml',
    sourceVersion: '6.0-3',
    dependsOn: ['python3', 'libc6', 'libyaml-0-2'],
  }),
};

describe('parseDeb822', () => {
  it('splits paragraphs on blank lines and joins continuation lines with newlines', () => {
    const paras = parseDeb822(`${BASH}\n${TZDATA}`);
    expect(paras.map((p) => p.Package)).toEqual(['bash', 'tzdata']);
    expect(paras[0]?.Conffiles).toBe(
      [
        '',
        '/etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d',
        '/etc/skel/.bash_logout 22bfb8c1dd94b5f3813a2b25da67463f',
        '/etc/skel/.bashrc ee35a240758f374832e809ae0ea4883a',
        '/etc/skel/.profile f4e81ade7d6f9fb342541152d08e7a97',
      ].join('\n'),
    );
    expect(paras[0]?.Description?.split('\n').slice(0, 5)).toEqual([
      'GNU Bourne Again SHell',
      'Bash is an sh-compatible command language interpreter that executes',
      'commands read from the standard input or from a file.  Bash also',
      'incorporates useful features from the Korn and C shells (ksh and csh).',
      '.',
    ]);
    // The field after a multi-line one starts a new field.
    expect(paras[0]?.Homepage).toBe('http://tiswww.case.edu/php/chet/bash/bashtop.html');
  });

  it.each([
    ['several blank lines between paragraphs', 'Package: a\n\n\n\nPackage: b\n', ['a', 'b']],
    ['whitespace-only separator lines', 'Package: a\n \t \nPackage: b', ['a', 'b']],
    ['no trailing newline', 'Package: a\nVersion: 1', ['a']],
    ['leading blank lines', '\n\nPackage: a\n', ['a']],
    ['a continuation line before any field is dropped', ' stray\nPackage: a\n', ['a']],
  ])('%s', (_name, text, names) => {
    expect(parseDeb822(text).map((p) => p.Package)).toEqual(names);
  });

  it('keeps `:` inside values and trims around the field value', () => {
    expect(parseDeb822('Maintainer:   A <a@b.c>  \nHomepage: https://x.org:8080/a\n')).toEqual([
      { Maintainer: 'A <a@b.c>', Homepage: 'https://x.org:8080/a' },
    ]);
  });
});

describe('parseDpkgStatus', () => {
  it('reads the installed packages of a real multi-paragraph status file, skipping removed ones', () => {
    const text = [
      BASE_FILES,
      REMOVED,
      BSDUTILS,
      LIBC6,
      PURGED,
      TZDATA,
      HALF_INSTALLED,
      BASH,
      UNPACKED,
      PYTHON3_YAML,
    ]
      .map((p) => p.trimEnd())
      .join('\n\n');
    const r = status(`${text}\n`);
    expect(r.warnings).toEqual([]);
    expect(r.packages).toEqual([
      EXPECTED['base-files'],
      EXPECTED.bsdutils,
      EXPECTED.libc6,
      EXPECTED.tzdata,
      EXPECTED.bash,
      EXPECTED['python3-yaml'],
    ]);
  });

  it.each([
    ['install ok installed', true],
    ['hold ok installed', true],
    ['deinstall ok installed', true],
    ['install ok installed ', true],
    ['deinstall ok config-files', false],
    ['purge ok not-installed', false],
    ['install reinstreq half-installed', false],
    ['install ok half-configured', false],
    ['install ok unpacked', false],
    ['install ok triggers-awaited', false],
  ])('Status: %s → listed: %s', (st, listed) => {
    const r = status(
      `Package: zlib1g\nStatus: ${st}\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n`,
    );
    expect(r.packages.map((p) => p.name)).toEqual(listed ? ['zlib1g'] : []);
    expect(r.warnings).toEqual([]);
  });

  it('distroless status.d paragraphs have no Status field: everything listed is installed', () => {
    const path = 'var/lib/dpkg/status.d/libssl3';
    const text = `Package: libssl3
Version: 3.0.15-1~deb12u1
Architecture: amd64
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Installed-Size: 6268
Depends: libc6 (>= 2.34)
Section: libs
Priority: optional
Multi-Arch: same
Homepage: https://www.openssl.org/
Source: openssl
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation of the SSL
 and TLS cryptographic protocols for secure communication over the
 Internet.
`;
    expect(status(text, path)).toEqual({
      packages: [
        deb(
          {
            name: 'libssl3',
            version: '3.0.15-1~deb12u1',
            arch: 'amd64',
            sourceName: 'openssl',
            sourceVersion: '3.0.15-1~deb12u1',
            dependsOn: ['libc6'],
          },
          path,
        ),
      ],
      warnings: [],
    });
  });

  it.each([
    ['version constraints', 'libc6 (>= 2.34), libgcc-s1 (>= 3.0)', ['libc6', 'libgcc-s1']],
    ['alternatives: the first one', 'libc6 (>= 2.34), foo:any | bar', ['libc6', 'foo']],
    ['arch qualifiers', 'python3:any (>= 3.11~), perl:any', ['python3', 'perl']],
    ['duplicates once', 'python3 (<< 3.12), python3 (>= 3.11~)', ['python3']],
    ['names with + and .', 'libstdc++6 (>= 13.1), libgtk-3-0 | libgtk2.0-0', ['libstdc++6', 'libgtk-3-0']],
    ['spacing around commas and pipes', ' a ,b|c ,  d (= 1) ', ['a', 'b', 'd']],
    ['virtual first alternative', 'debconf (>= 0.5) | debconf-2.0', ['debconf']],
  ])('Depends with %s', (_name, depends, names) => {
    const r = status(`Package: x\nStatus: install ok installed\nVersion: 1\nDepends: ${depends}\n`);
    expect(r.packages[0]?.dependsOn).toEqual(names);
  });

  it('Pre-Depends come before Depends; no dependsOn without either', () => {
    const r = status(
      'Package: a\nStatus: install ok installed\nVersion: 1\nDepends: b\nPre-Depends: c\n\nPackage: d\nStatus: install ok installed\nVersion: 1\n',
    );
    expect(r.packages.map((p) => p.dependsOn)).toEqual([['c', 'b'], undefined]);
    expect(r.packages[1]).not.toHaveProperty('dependsOn');
    expect(r.packages[1]).not.toHaveProperty('arch');
  });

  it('counts installed paragraphs without Package or Version in one warning', () => {
    const r = status(
      `${LIBC6}\nPackage: broken\nStatus: install ok installed\n\nStatus: install ok installed\nVersion: 1.0\n`,
    );
    expect(r.packages.map((p) => p.name)).toEqual(['libc6']);
    expect(r.warnings).toEqual(['var/lib/dpkg/status: 2 entries without Package or Version skipped']);
  });

  it.each([
    ['binary garbage', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x0a, 0xff, 0xfe, 0x00])],
    ['a JSON file', Buffer.from('{"name": "not-a-status-file", "version": "1.0.0"}\n')],
    ['an HTML error page', Buffer.from('<html>\n<head><title>404 Not Found</title></head>\n</html>\n')],
  ])('%s gives a warning and no packages', (_name, bytes) => {
    expect(parseDpkgStatus(STATUS_PATH, bytes)).toEqual({
      packages: [],
      warnings: ['var/lib/dpkg/status: not a dpkg status file'],
    });
  });

  it.each([
    ['empty', ''],
    ['only blank lines', '\n\n  \n'],
    ['only removed packages', `${REMOVED}\n${PURGED}`],
  ])('%s status file: no packages and no warning', (_name, text) => {
    expect(status(text)).toEqual({ packages: [], warnings: [] });
  });
});

describe('dpkgListOwner', () => {
  it.each([
    ['var/lib/dpkg/info/libc6:amd64.list', 'libc6'],
    ['var/lib/dpkg/info/bash.list', 'bash'],
    ['var/lib/dpkg/info/libstdc++6:arm64.list', 'libstdc++6'],
    ['var/lib/dpkg/info/libgcc-s1:i386.list', 'libgcc-s1'],
    ['var/lib/dpkg/info/python3-six.list', 'python3-six'],
    ['var/lib/dpkg/info/linux-image-6.1.0-18-amd64.list', 'linux-image-6.1.0-18-amd64'],
    ['var/lib/dpkg/info/libc6:amd64.md5sums', undefined],
    ['var/lib/dpkg/info/bash.postinst', undefined],
    ['var/lib/dpkg/info/format', undefined],
    ['var/lib/dpkg/info/.list', undefined],
    ['var/lib/dpkg/info/sub/bash.list', undefined],
    ['var/lib/dpkg/status', undefined],
    ['srv/var/lib/dpkg/info/bash.list', undefined],
    ['var/lib/dpkg/info/bash.list.bak', undefined],
  ])('%s → %s', (path, owner) => {
    expect(dpkgListOwner(path)).toBe(owner);
  });
});

describe('parseDpkgList', () => {
  it('turns a real file list into image paths (no leading slash, no `/.` root entry)', () => {
    // /var/lib/dpkg/info/python3-six.list from Debian 12.
    const list = `/.
/usr
/usr/lib
/usr/lib/python3
/usr/lib/python3/dist-packages
/usr/lib/python3/dist-packages/six-1.16.0.egg-info
/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO
/usr/lib/python3/dist-packages/six-1.16.0.egg-info/dependency_links.txt
/usr/lib/python3/dist-packages/six-1.16.0.egg-info/top_level.txt
/usr/lib/python3/dist-packages/six.py
/usr/share
/usr/share/doc
/usr/share/doc/python3-six
/usr/share/doc/python3-six/changelog.Debian.gz
/usr/share/doc/python3-six/changelog.gz
/usr/share/doc/python3-six/copyright
/usr/share/python3
/usr/share/python3/dist
/usr/share/python3/dist/python3-six
`;
    expect(parseDpkgList(Buffer.from(list))).toEqual([
      'usr',
      'usr/lib',
      'usr/lib/python3',
      'usr/lib/python3/dist-packages',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info/dependency_links.txt',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info/top_level.txt',
      'usr/lib/python3/dist-packages/six.py',
      'usr/share',
      'usr/share/doc',
      'usr/share/doc/python3-six',
      'usr/share/doc/python3-six/changelog.Debian.gz',
      'usr/share/doc/python3-six/changelog.gz',
      'usr/share/doc/python3-six/copyright',
      'usr/share/python3',
      'usr/share/python3/dist',
      'usr/share/python3/dist/python3-six',
    ]);
  });

  it.each([
    ['empty', '', []],
    ['only the root', '/.\n', []],
    ['relative and blank lines are ignored', 'usr/bin/x\n\n/\n/usr/bin/bash\n', ['usr/bin/bash']],
    ['no trailing newline', '/bin\n/bin/bash', ['bin', 'bin/bash']],
    ['spaces in file names are kept', '/usr/share/doc/a b/README', ['usr/share/doc/a b/README']],
  ])('%s', (_name, text, expected) => {
    expect(parseDpkgList(Buffer.from(text))).toEqual(expected);
  });
});
