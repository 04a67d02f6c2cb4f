import { describe, expect, it } from 'vitest';
import type { Package } from '../../core/package.js';
import { parseApkInstalled } from './apk.js';

const DB_PATH = 'lib/apk/db/installed';
const parse = (text: string) => parseApkInstalled(DB_PATH, Buffer.from(text));

// lib/apk/db/installed as apk-tools 2.14 writes it on Alpine 3.19 (checksums shortened only where
// they do not matter to the parser).
const MUSL = `C:Q1/H2LcRhBW4aL2pZHZtPdnVqEHpE=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:667648
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
t:1700838297
c:c0a9a4ff6ac8bfae0a4c1cd3fc8eafd6dc3a1c9e
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1KoFSGnSgqx6xX7B0JrTbUxTMg+4=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=
`;

const BUSYBOX = `C:Q1nY1BszbYBAoPQPVk8sZ5kMVOl3g=
P:busybox
V:1.36.1-r15
A:x86_64
S:509868
I:955392
T:Size optimized toolbox of many common UNIX utilities
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1701341113
c:d5cbdf9b1a3a5a14f01e4eb1e6a31cb0fe1b7e8e
D:so:libc.musl-x86_64.so.1
p:cmd:busybox=1.36.1-r15
r:busybox-initscripts
F:bin
R:busybox
a:0:0:755
Z:Q1nGmuCYtzkQhLh0N0RE5Bm8dEmZw=
F:etc
R:securetty
Z:Q1mB95Hq2NUTZ599RDiSsj9w5FrOU=
R:udhcpd.conf
Z:Q1EgLFjj67ou3eMqp4m3r2ZjnQ7QU=
F:etc/logrotate.d
R:acpid
Z:Q1TylyCINVmnS+A/Tead4vZhE7Bks=
F:etc/network
F:usr
F:usr/sbin
F:usr/share
F:usr/share/udhcpc
R:default.script
a:0:0:755
Z:Q1HWpG3eQD8Uoi4mks2E3SSvOAUhY=
`;

const ALPINE_BASELAYOUT = `C:Q1Sy8B2r4h2VS2xhz7uXq5Jb3Sk2k=
P:alpine-baselayout
V:3.4.3-r2
A:x86_64
S:8789
I:331776
T:Alpine base dir structure and init scripts
U:https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout
L:GPL-2.0-only
o:alpine-baselayout
m:Natanael Copa <ncopa@alpinelinux.org>
t:1700738484
c:7749273a5aa0e3a1b0ea0d7e1fa70ea5fec3a1e3
D:alpine-baselayout-data=3.4.3-r2 /bin/sh
r:alpine-baselayout
q:1000
F:dev
F:etc
R:motd
Z:Q1SLkS9hBidUbPwwrw+XR0Whv3ww8=
F:etc/crontabs
R:root
a:0:0:600
Z:Q1vfk1apUWI4yLJGhhNRd0kJixfvY=
`;

const CA_BUNDLE = `C:Q1qLQmsbYF9GRxVbI/3p1o0R3pVPk=
P:ca-certificates-bundle
V:20230506-r0
A:x86_64
S:126472
I:233472
T:Pre generated bundle of Mozilla certificates
U:https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/
L:MPL-2.0 AND MIT
o:ca-certificates
m:Natanael Copa <ncopa@alpinelinux.org>
t:1683622380
c:59dd1e5c7e6f4d1d2a3e6ab4bc5d8a8e2b8a34b2
r:ca-certificates-cacert
p:ca-certificates-cacert=20230506-r0
F:etc
F:etc/ssl
F:etc/ssl/certs
R:ca-certificates.crt
Z:Q1fmJQZm9SRmfW+JEm2yl8nrAD/as=
F:etc/ssl1.1
R:cert.pem
a:0:0:777
Z:Q1Nj6gTBdkZpTFW/obJGdpfvK0StA=
F:etc/ssl1.1/certs
a:0:0:777
Z:Q1yL2Y4qwJrZiUuYzlpJwaHDuKlXs=
`;

const APK_TOOLS = `C:Q1fy4gQQl4ohONlHG5oTH+jbqNTbw=
P:apk-tools
V:2.14.0-r5
A:x86_64
S:121047
I:307200
T:Alpine Package Keeper - package manager for alpine
U:https://gitlab.alpinelinux.org/alpine/apk-tools
L:GPL-2.0-only
o:apk-tools
m:Natanael Copa <ncopa@alpinelinux.org>
t:1700838297
c:4aa5fcbaa5f4d6a6e1f4a2b1e1d3c1d2ee0b7a2e
D:musl>=1.2.3_git20230424 ca-certificates-bundle so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libssl.so.3 so:libz.so.1
p:so:libapk.so.2.14.0=2.14.0 cmd:apk=2.14.0-r5
F:etc
F:etc/apk
F:etc/apk/keys
F:etc/apk/protected_paths.d
F:lib
R:libapk.so.2.14.0
a:0:0:755
Z:Q1MSDuJjUjh5QY0C6v1zN2KmaC5ws=
F:sbin
R:apk
a:0:0:755
Z:Q1KsR9ixLHyY3MFbRLG0HzrnK1jQU=
`;

const PY3_CRYPTOGRAPHY = `C:Q1X2mJ2d1XbKGmI2hOQ1Zz8K0Kx5c=
P:py3-cryptography
V:41.0.7-r0
A:x86_64
S:1006232
I:4153344
T:Cryptographic recipes and primitives for Python
U:https://cryptography.io/
L:Apache-2.0 OR BSD-3-Clause
o:py3-cryptography
m:Natanael Copa <ncopa@alpinelinux.org>
t:1701361118
c:5bb64f4a9e8c1f62a4d3f4c1df8f4a7d0a8c9e32
D:py3-cffi python3~3.11 so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libgcc_s.so.1 so:libssl.so.3
F:usr
F:usr/lib
F:usr/lib/python3.11
F:usr/lib/python3.11/site-packages
F:usr/lib/python3.11/site-packages/cryptography-41.0.7.dist-info
R:METADATA
Z:Q1jE5dDQsCc4z6c0Q0KBkq4f0N2yQ=
R:RECORD
Z:Q1lGNJ5dD4G4Z9V3ESEYgR1Ws7d7g=
`;

const LLVM_LIBS = `P:llvm17-libs
V:17.0.5-r0
A:x86_64
L:Apache-2.0 WITH LLVM-exception
o:llvm17
D:so:libc.musl-x86_64.so.1 so:libffi.so.8 so:libgcc_s.so.1 so:libstdc++.so.6 so:libxml2.so.2 so:libz.so.1 so:libzstd.so.1
F:usr/lib
R:libLLVM-17.so
`;

const apk = (p: Omit<Package, 'type' | 'path'>): Package => ({ type: 'apk', path: DB_PATH, ...p });

describe('parseApkInstalled', () => {
  it('reads a real-shaped Alpine 3.19 installed database', () => {
    const r = parse([MUSL, BUSYBOX, ALPINE_BASELAYOUT, CA_BUNDLE, APK_TOOLS].join('\n'));
    expect(r.warnings).toEqual([]);
    expect(r.packages).toEqual([
      apk({
        name: 'musl',
        version: '1.2.4_git20230717-r4',
        arch: 'x86_64',
        sourceName: 'musl',
        licenses: ['MIT'],
        files: ['lib/ld-musl-x86_64.so.1', 'lib/libc.musl-x86_64.so.1'],
      }),
      apk({
        name: 'busybox',
        version: '1.36.1-r15',
        arch: 'x86_64',
        sourceName: 'busybox',
        licenses: ['GPL-2.0-only'],
        files: [
          'bin/busybox',
          'etc/securetty',
          'etc/udhcpd.conf',
          'etc/logrotate.d/acpid',
          'usr/share/udhcpc/default.script',
        ],
      }),
      apk({
        name: 'alpine-baselayout',
        version: '3.4.3-r2',
        arch: 'x86_64',
        sourceName: 'alpine-baselayout',
        licenses: ['GPL-2.0-only'],
        // `/bin/sh` is a file dependency (whatever provides it), not a package name.
        dependsOn: ['alpine-baselayout-data'],
        files: ['etc/motd', 'etc/crontabs/root'],
      }),
      apk({
        name: 'ca-certificates-bundle',
        version: '20230506-r0',
        arch: 'x86_64',
        sourceName: 'ca-certificates',
        licenses: ['MPL-2.0', 'MIT'],
        files: ['etc/ssl/certs/ca-certificates.crt', 'etc/ssl1.1/cert.pem'],
      }),
      apk({
        name: 'apk-tools',
        version: '2.14.0-r5',
        arch: 'x86_64',
        sourceName: 'apk-tools',
        licenses: ['GPL-2.0-only'],
        dependsOn: ['musl', 'ca-certificates-bundle'],
        files: ['lib/libapk.so.2.14.0', 'sbin/apk'],
      }),
    ]);
  });

  it.each([
    ['one licence', 'MIT', ['MIT']],
    ['AND: the licences that all apply', 'MPL-2.0 AND MIT', ['MPL-2.0', 'MIT']],
    ['three ANDs', 'BSD-2-Clause AND BSD-3-Clause AND ISC', ['BSD-2-Clause', 'BSD-3-Clause', 'ISC']],
    ['pre-SPDX space-separated list', 'GPL2+ LGPL2.1', ['GPL2+', 'LGPL2.1']],
    // A choice or an exception is a single expression: listing its parts would change its meaning.
    ['OR: a choice, kept whole', 'Apache-2.0 OR BSD-3-Clause', ['Apache-2.0 OR BSD-3-Clause']],
    ['WITH: an exception, kept whole', 'Apache-2.0 WITH LLVM-exception', ['Apache-2.0 WITH LLVM-exception']],
    [
      'parentheses, kept whole',
      '(MIT OR Apache-2.0) AND Unicode-DFS-2016',
      ['(MIT OR Apache-2.0) AND Unicode-DFS-2016'],
    ],
  ])('L: with %s', (_name, value, licenses) => {
    const r = parse(`P:x\nV:1-r0\nL:${value}\n`);
    expect(r.packages[0]?.licenses).toEqual(licenses);
  });

  it('reads the licences and dependencies of packages with choices and exceptions', () => {
    const r = parse(`${PY3_CRYPTOGRAPHY}\n${LLVM_LIBS}`);
    expect(r.packages).toEqual([
      apk({
        name: 'py3-cryptography',
        version: '41.0.7-r0',
        arch: 'x86_64',
        sourceName: 'py3-cryptography',
        licenses: ['Apache-2.0 OR BSD-3-Clause'],
        dependsOn: ['py3-cffi', 'python3'],
        files: [
          'usr/lib/python3.11/site-packages/cryptography-41.0.7.dist-info/METADATA',
          'usr/lib/python3.11/site-packages/cryptography-41.0.7.dist-info/RECORD',
        ],
      }),
      apk({
        name: 'llvm17-libs',
        version: '17.0.5-r0',
        arch: 'x86_64',
        sourceName: 'llvm17',
        licenses: ['Apache-2.0 WITH LLVM-exception'],
        files: ['usr/lib/libLLVM-17.so'],
      }),
    ]);
  });

  it.each([
    [
      'version constraints',
      'musl>=1.2.3_git20230424 zlib<2 libcrypto3=3.1.4-r5 python3~3.11',
      ['musl', 'zlib', 'libcrypto3', 'python3'],
    ],
    ['shared-object and command provides', 'so:libc.musl-x86_64.so.1 cmd:sh pc:zlib', []],
    ['conflicts', '!busybox-suid musl', ['musl']],
    ['file dependencies', '/bin/sh alpine-baselayout-data=3.4.3-r2', ['alpine-baselayout-data']],
    ['extra spaces', '  musl   zlib ', ['musl', 'zlib']],
  ])('D: with %s', (_name, value, names) => {
    const r = parse(`P:x\nV:1-r0\nD:${value}\n`);
    if (names.length === 0) expect(r.packages[0]).not.toHaveProperty('dependsOn');
    else expect(r.packages[0]?.dependsOn).toEqual(names);
  });

  it('R: lines before any F: are files at the root; F: without R: adds nothing', () => {
    const r = parse('P:x\nV:1-r0\nR:top-level\nF:etc\nF:etc/empty\nF:usr/bin\nR:tool\n');
    expect(r.packages[0]?.files).toEqual(['top-level', 'usr/bin/tool']);
  });

  it('the folder does not carry over to the next package', () => {
    const r = parse('P:a\nV:1-r0\nF:usr/lib\nR:liba.so\n\nP:b\nV:1-r0\nR:b-at-root\n');
    expect(r.packages.map((p) => p.files)).toEqual([['usr/lib/liba.so'], ['b-at-root']]);
  });

  it('a truncated last entry with P: and V: still counts', () => {
    const r = parse(`${MUSL}\nC:Q1Eef0ehFhmW6hNRYL0RVi8h1fgSA=\nP:zlib\nV:1.3.1-r0\nA:x86_64\nS:53`);
    expect(r.warnings).toEqual([]);
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      'musl@1.2.4_git20230717-r4',
      'zlib@1.3.1-r0',
    ]);
    expect(r.packages[1]).toEqual(
      apk({ name: 'zlib', version: '1.3.1-r0', arch: 'x86_64', sourceName: 'zlib', files: [] }),
    );
  });

  it('a last entry cut before its V: line is skipped with a warning', () => {
    const r = parse(`${MUSL}\n${BUSYBOX}\nC:Q1Eef0ehFhmW6hNRYL0RVi8h1fgSA=\nP:zli`);
    expect(r.packages.map((p) => p.name)).toEqual(['musl', 'busybox']);
    expect(r.warnings).toEqual(['lib/apk/db/installed: 1 entries without P: or V: skipped']);
  });

  it('counts every entry missing P: or V:', () => {
    const r = parse('V:1-r0\nA:x86_64\n\nP:musl\nV:1.2.4-r2\n\nP:nameonly\n\nC:Q1abc=\nA:x86_64\n');
    expect(r.packages.map((p) => p.name)).toEqual(['musl']);
    expect(r.warnings).toEqual(['lib/apk/db/installed: 2 entries without P: or V: skipped']);
  });

  it.each([
    ['empty', ''],
    ['blank lines', '\n\n\n'],
    ['binary garbage', '\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe'],
    ['prose', 'This is not an apk database.\nIt has lines: but no one-letter keys.\n'],
    ['JSON', '{"P": "musl", "V": "1.2.4"}'],
  ])('%s: no packages', (_name, text) => {
    const r = parse(text);
    expect(r.packages).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});
