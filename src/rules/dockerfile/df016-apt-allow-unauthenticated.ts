import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { withHeredocConfigHits, writtenTexts } from './lib/written-config.js';

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const FLAGS = ['--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes'];

/** apt options (`-o Key=value`) that switch off signature or TLS checks, with the value that does it. */
const TRUE_RE = /^"?(?:1|true|yes|on|with|enable)"?$/i;
const FALSE_RE = /^"?(?:0|false|no|off|without|disable)"?$/i;
function aptOptionDisablesChecks(key: string, value: string): boolean {
  const k = key.toLowerCase();
  if (
    k === 'apt::get::allowunauthenticated' ||
    k === 'acquire::allowinsecurerepositories' ||
    k === 'acquire::allowdowngradetoinsecurerepositories' ||
    k === 'apt::get::force-yes'
  ) {
    return TRUE_RE.test(value);
  }
  if (/^acquire::https(?:::[^:]+)?::verify-(?:peer|host)$/.test(k)) return FALSE_RE.test(value);
  return false;
}

function aptIssues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (FLAGS.some((f) => a === f || a.startsWith(`${f}=`))) {
      out.push(a);
      continue;
    }
    let opt: string | undefined;
    if (a === '-o' || a === '--option') opt = args[++i];
    else if (a.startsWith('--option=')) opt = a.slice('--option='.length);
    else if (a.startsWith('-o')) opt = a.slice(2).replace(/^=/, '');
    if (opt === undefined) continue;
    const eq = opt.indexOf('=');
    if (eq > 0 && aptOptionDisablesChecks(opt.slice(0, eq), opt.slice(eq + 1))) out.push(`-o ${opt}`);
  }
  return out;
}

/**
 * A repository apt reads from the local filesystem (`file:`, `copy:`): typically a directory of .debs
 * the same build just compiled and indexed with `dpkg-scanpackages`. Nothing is fetched, so there is
 * no mirror or network to tamper with, and sources.list(5) keeps `trusted=yes` for such a "local and
 * trusted context".
 */
function isLocalRepoUri(uri: string): boolean {
  return /^"?(?:file|copy):/i.test(uri);
}

/** apt.conf lines (`APT::Get::AllowUnauthenticated "true";`) and remote sources entries marked trusted. */
function aptConfigDisablesChecks(text: string): boolean {
  for (const m of text.matchAll(/([A-Za-z][\w-]*(?:::[\w.-]+)+)\s+("?[\w-]+"?)\s*;/g)) {
    if (aptOptionDisablesChecks(m[1] ?? '', m[2] ?? '')) return true;
  }
  // one-line sources.list `deb [trusted=yes] URI ...`
  for (const m of text.matchAll(/\bdeb(?:-src)?\s+\[([^\]]*)\]\s*(\S*)/g)) {
    if (/\b(?:trusted|allow-insecure)=yes\b/.test(m[1] ?? '') && !isLocalRepoUri(m[2] ?? '')) return true;
  }
  // deb822 `.sources` `Trusted: yes`, unless every `URIs:` is local
  if (!/^\s*Trusted:\s*yes\s*$/im.test(text)) return false;
  const uris = [...text.matchAll(/^\s*URIs:(.*)$/gim)].flatMap((m) => (m[1] ?? '').trim().split(/\s+/));
  return uris.length === 0 || !uris.every(isLocalRepoUri);
}

function detect(cmd: ShellCommand): string[] {
  if (APT.has(cmd.name)) return aptIssues(cmd.args).map((f) => `${cmd.name} ${f}`);
  if (writtenTexts(cmd).some(aptConfigDisablesChecks))
    return ['apt configuration written that trusts unsigned sources'];
  return [];
}

export const aptAllowUnauthenticated: DockerfileRule = {
  id: 'DF016',
  name: 'apt-allow-unauthenticated',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt installs packages without signature verification',
  severity: 'HIGH',
  description:
    "apt verifies every package against the repository's signed Release file; `--allow-unauthenticated`, `--allow-insecure-repositories`, `--force-yes`, `-o APT::Get::AllowUnauthenticated=true` or a `[trusted=yes]` source switch that off. A mirror, proxy or network attacker can then serve modified .deb packages, whose maintainer scripts run as root during the build and whose files ship in the image.",
  remediation:
    'Remove the option and import the repository\'s signing key instead: download it over HTTPS, verify its fingerprint, store it in `/etc/apt/keyrings/` and reference it with `signed-by`, e.g. `echo "deb [signed-by=/etc/apt/keyrings/vendor.gpg] https://repo.example.com stable main" > /etc/apt/sources.list.d/vendor.list`.',
  references: [
    'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html',
    'https://manpages.debian.org/bookworm/apt/sources.list.5.en.html',
    'https://wiki.debian.org/SecureApt',
  ],
  mappings: { checkov: ['CKV2_DOCKER_8', 'CKV2_DOCKER_11'] },
  tags: ['supply-chain', 'integrity'],
  check(df) {
    const hits = hitsPerRun(
      df,
      detect,
      (details) => `Package signature checks disabled: ${details.join('; ')}.`,
    );
    // `RUN cat > /etc/apt/sources.list.d/x.list <<EOF` and `COPY <<EOF /etc/apt/...` bodies.
    return withHeredocConfigHits(
      df,
      hits,
      aptConfigDisablesChecks,
      (l) => `Package signature checks disabled: apt configuration "${l}".`,
    );
  },
};
