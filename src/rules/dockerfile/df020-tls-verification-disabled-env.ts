import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, runCommands } from './lib/helpers.js';
import { isLoopbackHost, isPlainHttpUrl } from './lib/tls.js';

/**
 * Environment variables that turn off TLS verification (or TLS) for a tool, and the values that do it.
 * Returns a short explanation, or undefined when the value is harmless or cannot be known (`$VAR`).
 */
function insecureEnv(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.includes('$')) return undefined;
  const v = value.trim();
  // npm reads npm_config_* case-insensitively.
  const upper = name.toUpperCase();
  switch (upper === 'NPM_CONFIG_STRICT_SSL' ? upper : name) {
    case 'NODE_TLS_REJECT_UNAUTHORIZED':
      return v === '0' ? 'Node.js accepts any TLS certificate' : undefined;
    case 'PYTHONHTTPSVERIFY':
      return v === '0' ? 'Python stdlib HTTPS skips certificate verification' : undefined;
    case 'GIT_SSL_NO_VERIFY':
      // git only checks that the variable is set; "false" disables verification too.
      return v !== '' ? 'git skips certificate verification' : undefined;
    case 'NPM_CONFIG_STRICT_SSL':
      return /^(?:false|0|null)$/i.test(v) ? 'npm skips registry certificate verification' : undefined;
    case 'YARN_ENABLE_STRICT_SSL':
      return /^(?:false|0)$/i.test(v) ? 'yarn skips registry certificate verification' : undefined;
    case 'PIP_TRUSTED_HOST':
    case 'UV_INSECURE_HOST': {
      const hosts = v.split(/[\s,]+/).filter((h) => h !== '' && !isLoopbackHost(h.split(':')[0] ?? ''));
      return hosts.length > 0 ? `certificate verification skipped for ${hosts.join(', ')}` : undefined;
    }
    case 'PIP_INDEX_URL':
    case 'PIP_EXTRA_INDEX_URL':
      return v.split(/\s+/).some(isPlainHttpUrl) ? 'pip fetches packages over plain HTTP' : undefined;
    case 'GOINSECURE':
      return v !== '' ? 'go fetches matching modules without TLS verification' : undefined;
    default:
      return undefined;
  }
}

export const tlsVerificationDisabledEnv: DockerfileRule = {
  id: 'DF020',
  name: 'tls-verification-disabled-env',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'ENV/ARG disables TLS certificate verification',
  severity: 'HIGH',
  description:
    'Variables such as `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY`, `NPM_CONFIG_STRICT_SSL=false`, `PIP_TRUSTED_HOST` or `GOINSECURE` switch off certificate checks for every later command of the build, and set with ENV they persist into the running container. Any downloaded dependency can then be swapped by a network attacker, and at runtime the application itself accepts forged certificates for every outbound HTTPS call (APIs, databases, webhooks).',
  remediation:
    'Remove the variable. Trust a private CA instead of disabling verification: install it with `update-ca-certificates`, or point the tool at it (`NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp-ca.pem`, `PIP_CERT`, `GIT_SSL_CAINFO`, `npm config set cafile`). If a single build step really needs it, scope it to that command rather than an ENV.',
  references: [
    'https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue',
    'https://peps.python.org/pep-0493/',
    'https://git-scm.com/docs/git#Documentation/git.txt-GITSSLNOVERIFY',
    'https://docs.npmjs.com/cli/v10/using-npm/config#environment-variables',
    'https://pip.pypa.io/en/stable/topics/configuration/#environment-variables',
    'https://go.dev/ref/mod#environment-variables',
  ],
  mappings: {
    checkov: [
      'CKV2_DOCKER_5',
      'CKV2_DOCKER_6',
      'CKV2_DOCKER_12',
      'CKV2_DOCKER_14',
      'CKV2_DOCKER_16',
      'CKV2_DOCKER_18',
    ],
  },
  tags: ['supply-chain', 'tls'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'ENV' && instr.keyword !== 'ARG') continue;
      for (const p of instr.pairs) {
        const why = insecureEnv(p.name, p.value);
        if (why)
          hits.push({
            startLine: p.line,
            endLine: p.line,
            message: `${instr.keyword} ${p.name}=${p.value ?? ''}: ${why}.`,
          });
      }
    }
    // `NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci`, `env X=0 cmd` and `export X=0`: assignments in RUN.
    const seen = new Set<number>();
    for (const { run, cmd } of runCommands(df)) {
      if (seen.has(run.startLine)) continue;
      for (const a of cmd.assigns) {
        const why = insecureEnv(a.name, a.value);
        if (why) {
          const env = cmd.wrappers.includes('env') ? 'env ' : '';
          const what =
            cmd.words.length === 0
              ? `${cmd.name} ${a.name}=${a.value}`.trim()
              : `${env}${a.name}=${a.value} ${cmd.name}`;
          hits.push(hitAt(run, `RUN ${what}: ${why}.`));
          seen.add(run.startLine);
          break;
        }
      }
    }
    return hits.sort((a, b) => a.startLine - b.startLine);
  },
};
