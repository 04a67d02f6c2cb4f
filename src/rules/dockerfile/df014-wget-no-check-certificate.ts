import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { writtenTexts } from './lib/written-config.js';

/** `check_certificate = off` as wgetrc / `wget -e` spell it (wget ignores `_` and `-` in names). */
const WGETRC_OFF = /(?:^|[\s;])check[_-]?certificate\s*=\s*(?:off|no|0|false)\b/im;

function wgetIssues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    if (a === '--no-check-certificate' || /^--check-certificate=(?:off|no|0|false)$/i.test(a)) out.push(a);
    else if (a === '--execute' || /^-[a-zA-Z]*e$/.test(a)) {
      const v = args[i + 1] ?? '';
      if (WGETRC_OFF.test(v)) out.push(`${a} ${v}`);
      i++;
    } else if (a.startsWith('--execute=') || a.startsWith('-e')) {
      if (WGETRC_OFF.test(a.replace(/^(?:--execute=|-e)/, ''))) out.push(a);
    }
  }
  return out;
}

export const wgetNoCheckCertificate: DockerfileRule = {
  id: 'DF014',
  name: 'wget-no-check-certificate',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'wget run with TLS certificate verification disabled (--no-check-certificate)',
  severity: 'HIGH',
  description:
    '`--no-check-certificate` (or `check_certificate = off` in a wgetrc or via `-e`) makes wget accept any certificate, so whoever can intercept the build traffic can substitute the downloaded file over a forged TLS connection. The tampered installer, binary or key is then baked into the image.',
  remediation:
    'Remove `--no-check-certificate`. For a server with a private CA, install the CA in the build (`update-ca-certificates`) or pass `--ca-certificate=/path/ca.pem`, and verify the download with a checksum: `wget -qO app.tgz https://example.com/app.tgz && echo "<sha256>  app.tgz" | sha256sum -c -`.',
  references: [
    'https://www.gnu.org/software/wget/manual/wget.html#HTTPS-_0028SSL_002fTLS_0029-Options',
    'https://www.gnu.org/software/wget/manual/wget.html#Wgetrc-Commands',
  ],
  mappings: { checkov: ['CKV2_DOCKER_3'] },
  tags: ['supply-chain', 'tls'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd) => {
        if (cmd.name === 'wget' || (cmd.name === 'busybox' && cmd.args[0] === 'wget')) {
          const args = cmd.name === 'busybox' ? cmd.args.slice(1) : cmd.args;
          return wgetIssues(args).map((f) => `wget ${f}`);
        }
        // `echo check_certificate = off >> ~/.wgetrc` turns verification off for every later wget.
        return writtenTexts(cmd).some((t) => WGETRC_OFF.test(t))
          ? ['check_certificate = off written to a wgetrc']
          : [];
      },
      (details) => `TLS certificate verification disabled: ${details.join('; ')}.`,
    );
  },
};
