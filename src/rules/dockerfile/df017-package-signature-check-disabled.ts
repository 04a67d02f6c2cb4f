import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { withHeredocConfigHits, writtenTexts } from './lib/written-config.js';

const RPM_FRONTENDS = /^(?:yum|dnf|dnf5|tdnf|microdnf|yum-config-manager)$/;
const OFF = /^["']?(?:0|false|no|off)["']?$/i;
/**
 * `gpgcheck=0` in a repo file or `--setopt`; `repo_gpgcheck` and `localpkg_gpgcheck` are off by default,
 * so setting them to 0 weakens nothing and is not matched.
 */
const GPGCHECK_OFF_TEXT = /(?<![\w.])gpgcheck\s*=\s*["']?(?:0|false|no|off)\b/im;

function rpmFrontendIssues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--nogpgcheck') out.push(a);
    let opt: string | undefined;
    if (a === '--setopt') opt = args[++i];
    else if (a.startsWith('--setopt=')) opt = a.slice('--setopt='.length);
    if (opt === undefined) continue;
    const [key = '', value = ''] = opt.split('=', 2);
    // `gpgcheck` or `<repo>.gpgcheck`, not repo_gpgcheck / localpkg_gpgcheck
    if (/^(?:[^=]*\.)?gpgcheck$/i.test(key) && OFF.test(value)) out.push(`--setopt=${opt}`);
  }
  return out;
}

function zypperIssues(args: string[]): string[] {
  const out: string[] = [];
  const sub = args.find((a) => !a.startsWith('-'));
  const repoCommand = sub !== undefined && ['ar', 'addrepo', 'mr', 'modifyrepo'].includes(sub);
  for (const a of args) {
    if (a === '--no-gpg-checks' || a === '--allow-unsigned-rpm') out.push(a);
    else if (repoCommand && (a === '--no-gpgcheck' || (/^-[A-Za-z]+$/.test(a) && a.includes('G'))))
      out.push(a);
  }
  return out;
}

/** Only installs: `rpm -qi` (query info) and `rpm -K --nosignature` (digest check) are not. */
function rpmIssues(args: string[]): string[] {
  const installs = args.some(
    (a) => /^-[iUF][A-Za-z]*$/.test(a) || ['--install', '--upgrade', '--freshen', '--reinstall'].includes(a),
  );
  if (!installs) return [];
  return args.filter((a) => ['--nosignature', '--nodigest', '--noverify', '--nofiledigest'].includes(a));
}

function apkIssues(args: string[]): string[] {
  return args.filter((a) => a === '--allow-untrusted');
}

function detect(cmd: ShellCommand): string[] {
  let flags: string[] = [];
  if (RPM_FRONTENDS.test(cmd.name)) flags = rpmFrontendIssues(cmd.args);
  else if (cmd.name === 'zypper') flags = zypperIssues(cmd.args);
  else if (cmd.name === 'rpm') flags = rpmIssues(cmd.args);
  else if (cmd.name === 'apk') flags = apkIssues(cmd.args);
  else if (writtenTexts(cmd).some((t) => GPGCHECK_OFF_TEXT.test(t)))
    return ['gpgcheck=0 written to a repository file'];
  return flags.map((f) => `${cmd.name} ${f}`);
}

export const packageSignatureCheckDisabled: DockerfileRule = {
  id: 'DF017',
  name: 'package-signature-check-disabled',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Package manager signature verification disabled (yum/dnf/zypper/rpm/apk)',
  severity: 'HIGH',
  description:
    'Options such as `--nogpgcheck` (yum, dnf, tdnf, microdnf), `--no-gpg-checks` (zypper), `--nosignature`/`--nodigest` (rpm), `--allow-untrusted` (apk) or `gpgcheck=0` in a repository file make the package manager install packages whose signatures were never checked. A compromised mirror, proxy or man-in-the-middle can then substitute packages whose install scripts run as root in the build and whose files ship in the image; the option also covers every dependency pulled in alongside.',
  remediation:
    "Remove the option and import the vendor's signing key instead (`rpm --import https://vendor.example.com/RPM-GPG-KEY`, `gpgkey=` in the .repo file with `gpgcheck=1`, or the key in `/etc/apk/keys/` for apk). For a package you built yourself, sign it or copy its files in rather than disabling checks for the whole transaction.",
  references: [
    'https://dnf.readthedocs.io/en/latest/command_ref.html#options',
    'https://man7.org/linux/man-pages/man5/yum.conf.5.html',
    'https://rpm-software-management.github.io/rpm/man/rpm.8.html',
    'https://doc.opensuse.org/documentation/leap/reference/html/book-reference/cha-sw-cl.html',
    'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper',
  ],
  mappings: { checkov: ['CKV2_DOCKER_7', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10'] },
  tags: ['supply-chain', 'integrity'],
  check(df) {
    const hits = hitsPerRun(
      df,
      detect,
      (details) => `Package signature checks disabled: ${details.join('; ')}.`,
    );
    // `cat > /etc/yum.repos.d/x.repo <<EOF ... gpgcheck=0` and `COPY <<EOF /etc/yum.repos.d/x.repo`.
    return withHeredocConfigHits(
      df,
      hits,
      (t) => GPGCHECK_OFF_TEXT.test(t),
      (l) => `Package signature checks disabled: "${l}" written to a repository file.`,
    );
  },
};
