import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';

/** curl short options that take a value: the rest of a cluster (`-okubectl`) or the next word is that value. */
const CURL_SHORT_WITH_VALUE = new Set('AbcCdDeEFHKmoPQrTtuUwxXyYz'.split(''));
/** Common curl long options that take a separate value, so the value is not read as an option. */
const CURL_LONG_WITH_VALUE = new Set([
  '--output',
  '--header',
  '--user',
  '--data',
  '--data-raw',
  '--data-binary',
  '--config',
  '--cacert',
  '--capath',
  '--cert',
  '--key',
  '--proxy',
  '--request',
  '--url',
  '--user-agent',
  '--max-time',
  '--retry',
  '--retry-delay',
  '--connect-timeout',
  '--output-dir',
  '--write-out',
  '--form',
  '--referer',
  '--cookie',
  '--cookie-jar',
  '--upload-file',
  '--range',
  '--resolve',
]);

const INSECURE_LONG = ['--insecure', '--proxy-insecure', '--doh-insecure'];

/** The insecure options of one curl command line, as written, honouring `--no-insecure` and `--`. */
function curlInsecureFlags(args: string[]): string[] {
  const on = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    if (a.startsWith('--')) {
      // curl's boolean options take no `=value`; `--insecure=x` is an error, not an insecure transfer
      const name = a.split('=')[0] ?? a;
      if (INSECURE_LONG.includes(a)) on.set(a, a);
      else if (a.startsWith('--no-') && INSECURE_LONG.includes(`--${a.slice(5)}`))
        on.delete(`--${a.slice(5)}`);
      else if (CURL_LONG_WITH_VALUE.has(name) && !a.includes('=')) i++;
      continue;
    }
    if (!/^-[^-]/.test(a)) continue;
    // Walk the cluster: `-fsSLk` is five options, `-sSLokubectl` ends in `-o kubectl`, and `-K` is --config.
    for (let j = 1; j < a.length; j++) {
      const c = a.charAt(j);
      if (c === 'k') {
        on.set('--insecure', a);
        continue;
      }
      if (CURL_SHORT_WITH_VALUE.has(c)) {
        if (j === a.length - 1) i++;
        break;
      }
    }
  }
  return [...new Set(on.values())];
}

function urls(args: string[]): string[] {
  return args.filter((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a));
}

export const curlInsecure: DockerfileRule = {
  id: 'DF013',
  name: 'curl-insecure',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'curl run with TLS certificate verification disabled (-k/--insecure)',
  severity: 'HIGH',
  description:
    'With `-k`/`--insecure` curl accepts any certificate, so anyone who can intercept the build traffic (a compromised proxy, DNS or Wi-Fi, a hostile network on the CI runner) can serve a different file over a forged TLS connection. Whatever curl downloads - an installer script, a binary, a signing key - then ends up in the image without the builder noticing.',
  remediation:
    'Remove `-k`/`--insecure`. If the server uses a private CA, install that CA certificate in the build (`COPY corp-ca.crt /usr/local/share/ca-certificates/` then `update-ca-certificates`) or pass it with `--cacert /path/ca.pem`. Also verify downloads with a checksum: `curl -fsSLo app.tgz https://example.com/app.tgz && echo "<sha256>  app.tgz" | sha256sum -c -`.',
  references: [
    'https://curl.se/docs/manpage.html#-k',
    'https://curl.se/docs/sslcerts.html',
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
  ],
  mappings: { checkov: ['CKV2_DOCKER_2'] },
  tags: ['supply-chain', 'tls'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd) => {
        if (cmd.name !== 'curl') return [];
        const flags = curlInsecureFlags(cmd.args);
        if (flags.length === 0) return [];
        const targets = urls(cmd.args);
        return [`curl ${flags.join(' ')}${targets.length > 0 ? ` (${targets.join(', ')})` : ''}`];
      },
      (details) => `TLS certificate verification disabled: ${details.join('; ')}.`,
    );
  },
};
