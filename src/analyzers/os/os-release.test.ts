import { describe, expect, it } from 'vitest';
import type { OsRelease } from '../../core/package.js';
import { detectOsRelease, parseOsReleaseFile, RELEASE_FILES } from './os-release.js';

// Release files as the distributions ship them (Debian's and Ubuntu's base-files, Alpine's
// alpine-release, SUSE's BCI images, CBL-Mariner's base image, RHEL-family *-release packages).
const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const DEBIAN_SID = `PRETTY_NAME="Debian GNU/Linux trixie/sid"
NAME="Debian GNU/Linux"
VERSION_CODENAME=trixie
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`;

const ALPINE_319 = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.19.1
PRETTY_NAME="Alpine Linux v3.19"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

const MARINER_2 = `NAME="Common Base Linux Mariner"
VERSION="2.0.20240123"
ID=mariner
VERSION_ID="2.0"
PRETTY_NAME="CBL-Mariner/Linux"
ANSI_COLOR="1;34"
HOME_URL="https://aka.ms/cbl-mariner"
BUG_REPORT_URL="https://aka.ms/cbl-mariner"
SUPPORT_URL="https://aka.ms/cbl-mariner"
`;

const SLES_155 = `NAME="SLES"
VERSION="15-SP5"
VERSION_ID="15.5"
PRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"
ID="sles"
ID_LIKE="suse"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:suse:sles:15:sp5"
DOCUMENTATION_URL="https://documentation.suse.com/"
`;

describe('parseOsReleaseFile', () => {
  it.each([
    ['unquoted', 'ID=debian', { ID: 'debian' }],
    ['double quotes', 'NAME="Debian GNU/Linux"', { NAME: 'Debian GNU/Linux' }],
    ['single quotes', "NAME='Alpine Linux'", { NAME: 'Alpine Linux' }],
    ['escaped double quote', 'PRETTY_NAME="Acme \\"Edge\\" 1.0"', { PRETTY_NAME: 'Acme "Edge" 1.0' }],
    ['escaped backslash, dollar, backtick', 'X="a\\\\b \\$HOME \\`id\\`"', { X: 'a\\b $HOME `id`' }],
    ['no escapes inside single quotes', "X='a\\\\b'", { X: 'a\\\\b' }],
    [
      'an `=` inside the value',
      'HOME_URL="https://example.com/?a=b"',
      { HOME_URL: 'https://example.com/?a=b' },
    ],
    ['empty value', 'VARIANT=', { VARIANT: '' }],
    ['empty quoted value', 'VARIANT=""', { VARIANT: '' }],
    ['comment lines', '# This is a comment\n  # indented comment\nID=fedora', { ID: 'fedora' }],
    ['blank lines and surrounding spaces', '\n\n  ID=arch  \n\n', { ID: 'arch' }],
    ['CRLF line ends', 'ID=ubuntu\r\nVERSION_ID="22.04"\r\n', { ID: 'ubuntu', VERSION_ID: '22.04' }],
    ['lines without `=` or key', 'garbage\n=value\nID=rocky', { ID: 'rocky' }],
    ['mismatched quotes are kept verbatim', 'NAME="Acme\'', { NAME: '"Acme\'' }],
    ['the last assignment wins', 'ID=a\nID=b', { ID: 'b' }],
  ])('%s', (_name, text, expected) => {
    expect(parseOsReleaseFile(text)).toEqual(expected);
  });

  it('reads a complete Debian 12 os-release', () => {
    expect(parseOsReleaseFile(DEBIAN_12)).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION: '12 (bookworm)',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
      SUPPORT_URL: 'https://www.debian.org/support',
      BUG_REPORT_URL: 'https://bugs.debian.org/',
    });
  });
});

describe('detectOsRelease', () => {
  it.each<[string, Record<string, string>, OsRelease | undefined]>([
    [
      'Debian 12',
      { 'etc/os-release': DEBIAN_12, 'etc/debian_version': '12.5\n' },
      { family: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)', codename: 'bookworm' },
    ],
    [
      'Debian sid: no VERSION_ID, debian_version says trixie/sid',
      { 'etc/os-release': DEBIAN_SID, 'etc/debian_version': 'trixie/sid\n' },
      { family: 'debian', version: 'trixie/sid', name: 'Debian GNU/Linux trixie/sid', codename: 'trixie' },
    ],
    [
      'Debian sid without debian_version: empty version',
      { 'etc/os-release': DEBIAN_SID },
      { family: 'debian', version: '', name: 'Debian GNU/Linux trixie/sid', codename: 'trixie' },
    ],
    [
      'Ubuntu 22.04 (its debian_version is not used)',
      { 'etc/os-release': UBUNTU_2204, 'etc/debian_version': 'bookworm/sid\n' },
      { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS', codename: 'jammy' },
    ],
    [
      'Alpine 3.19 with os-release and alpine-release',
      { 'etc/os-release': ALPINE_319, 'etc/alpine-release': '3.19.1\n' },
      { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' },
    ],
    [
      'Alpine 3.19 with alpine-release only',
      { 'etc/alpine-release': '3.19.1\n' },
      { family: 'alpine', version: '3.19.1' },
    ],
    [
      'os-release only under usr/lib (etc/os-release a symlink, not read)',
      { 'usr/lib/os-release': DEBIAN_12 },
      { family: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)', codename: 'bookworm' },
    ],
    [
      'etc/os-release wins over usr/lib/os-release',
      { 'etc/os-release': UBUNTU_2204, 'usr/lib/os-release': DEBIAN_12 },
      { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS', codename: 'jammy' },
    ],
    [
      'an os-release without ID falls back to the other files',
      { 'etc/os-release': 'NAME="Custom"\nVERSION_ID=1\n', 'etc/alpine-release': '3.18.6\n' },
      { family: 'alpine', version: '3.18.6' },
    ],
    [
      'CBL-Mariner 2.0 (os-release ID is `mariner`)',
      { 'etc/os-release': MARINER_2 },
      { family: 'mariner', version: '2.0', name: 'CBL-Mariner/Linux' },
    ],
    [
      'SLES 15 SP5 (quoted ID)',
      { 'etc/os-release': SLES_155 },
      { family: 'sles', version: '15.5', name: 'SUSE Linux Enterprise Server 15 SP5' },
    ],
    [
      'RHEL 9 via redhat-release only',
      { 'etc/redhat-release': 'Red Hat Enterprise Linux release 9.4 (Plow)\n' },
      { family: 'rhel', version: '9.4', name: 'Red Hat Enterprise Linux release 9.4 (Plow)' },
    ],
    [
      'RHEL 7 Server via redhat-release only',
      { 'etc/redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n' },
      { family: 'rhel', version: '7.9', name: 'Red Hat Enterprise Linux Server release 7.9 (Maipo)' },
    ],
    [
      'Rocky Linux via redhat-release only',
      { 'etc/redhat-release': 'Rocky Linux release 9.3 (Blue Onyx)\n' },
      { family: 'rocky', version: '9.3', name: 'Rocky Linux release 9.3 (Blue Onyx)' },
    ],
    [
      'CentOS 7 via redhat-release only',
      { 'etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n' },
      { family: 'centos', version: '7.9.2009', name: 'CentOS Linux release 7.9.2009 (Core)' },
    ],
    [
      'CentOS Stream via centos-release only',
      { 'etc/centos-release': 'CentOS Stream release 9\n' },
      { family: 'centos', version: '9', name: 'CentOS Stream release 9' },
    ],
    [
      'AlmaLinux via redhat-release only',
      { 'etc/redhat-release': 'AlmaLinux release 9.3 (Shamrock Pink Serval)\n' },
      { family: 'almalinux', version: '9.3', name: 'AlmaLinux release 9.3 (Shamrock Pink Serval)' },
    ],
    [
      'Amazon Linux 2 via system-release only',
      { 'etc/system-release': 'Amazon Linux release 2 (Karoo)\n' },
      { family: 'amzn', version: '2', name: 'Amazon Linux release 2 (Karoo)' },
    ],
    [
      'Fedora via redhat-release only',
      { 'etc/redhat-release': 'Fedora release 39 (Thirty Nine)\n' },
      { family: 'fedora', version: '39', name: 'Fedora release 39 (Thirty Nine)' },
    ],
    [
      'an unreadable redhat-release falls through to system-release',
      {
        'etc/redhat-release': 'something else entirely\n',
        'etc/system-release': 'Rocky Linux release 8.9 (Green Obsidian)\n',
      },
      { family: 'rocky', version: '8.9', name: 'Rocky Linux release 8.9 (Green Obsidian)' },
    ],
    [
      'distroless: debian_version only (major version kept)',
      { 'etc/debian_version': '12.5\n' },
      { family: 'debian', version: '12' },
    ],
    [
      'debian_version of testing only',
      { 'etc/debian_version': 'trixie/sid\n' },
      { family: 'debian', version: 'trixie/sid' },
    ],
    [
      'alpine-release wins over debian_version',
      { 'etc/alpine-release': '3.19.1', 'etc/debian_version': '12.5' },
      { family: 'alpine', version: '3.19.1' },
    ],
    ['no release files', {}, undefined],
    [
      'empty release files',
      { 'etc/os-release': '', 'etc/alpine-release': '\n', 'etc/debian_version': '  ' },
      undefined,
    ],
    ['unrelated files', { 'etc/hostname': 'box\n', 'etc/lsb-release': 'DISTRIB_ID=Ubuntu\n' }, undefined],
  ])('%s', (_name, files, expected) => {
    expect(detectOsRelease(new Map(Object.entries(files)))).toEqual(expected);
  });

  it('every file detectOsRelease reads is one of RELEASE_FILES (the analyzer claims them)', () => {
    const read: string[] = [];
    const spy = new Map<string, string>();
    spy.get = (key: string) => {
      read.push(key);
      return undefined;
    };
    detectOsRelease(spy);
    expect(read.length).toBeGreaterThan(0);
    for (const path of read) expect(RELEASE_FILES).toContain(path);
  });
});
