import type { DockerfileRule, RuleHit } from '../types.js';

/** Name endings that mean the variable holds a credential itself. */
const SECRET_ENDINGS: readonly string[][] = [
  ['PASSWORD'],
  ['PASSWD'],
  ['PASS'],
  ['PASSPHRASE'],
  ['SECRET'],
  ['TOKEN'],
  ['APIKEY'],
  ['API', 'KEY'],
  ['ACCESS', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['SECRET', 'KEY'],
  ['SIGNING', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['MASTER', 'KEY'],
  ['LICENSE', 'KEY'],
  ['CREDENTIAL'],
  ['CREDENTIALS'],
  ['AUTH'],
];

/**
 * Endings that also name modes and switches (`HTTP_AUTH=basic`, `DISABLE_AUTH=true`): they only count
 * when the value looks like a credential rather than a word.
 */
const WEAK_ENDINGS = new Set(['AUTH']);

/** Trailing words that do not change what the variable holds (`SECRET_KEY_BASE` is Rails' secret). */
const NEUTRAL_SUFFIXES = new Set(['BASE', 'VALUE']);

/** `dbPassword`, `DB-PASSWORD`, `npm_config__authToken` -> upper-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

function secretEnding(name: string): string[] | undefined {
  const words = nameWords(name);
  while (words.length > 1 && NEUTRAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  // Longest ending first, so `API_KEY` wins over nothing and `SECRET_KEY` over `KEY`.
  const endings = [...SECRET_ENDINGS].sort((a, b) => b.length - a.length);
  return endings.find(
    (e) => e.length <= words.length && e.every((w, i) => words[words.length - e.length + i] === w),
  );
}

/**
 * True when an ARG/ENV name says it holds a credential: a secret word (PASSWORD, TOKEN, API_KEY ...)
 * is the last word of the name. Names where the secret word qualifies something else are not secrets:
 * `TOKEN_URL`, `PASSWORD_FILE`, `SECRET_PATH`, `AWS_ACCESS_KEY_ID`; nor is a bare `KEY` or `GPG_KEY`
 * (official images publish signing-key fingerprints in `GPG_KEY`).
 */
export function isSecretName(name: string): boolean {
  return secretEnding(name) !== undefined;
}

/** True when a value is a literal that could be a credential, not a reference, a path or a switch. */
export function isLiteralSecretValue(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  if (v === '') return false;
  // `$VAR`, `${VAR}` or anything built from one is filled in at build time, not written here.
  if (v.includes('$')) return false;
  if (/^(?:true|false|yes|no|on|off|none|null|nil|0|1)$/i.test(v)) return false;
  // Obvious placeholders (`SECRET_KEY_BASE=dummy` for Rails asset builds, `<your-token>`).
  if (/^(?:dummy|placeholder|x+|\*+|<[^>]*>|your[-_].*|replace[-_]?me)$/i.test(v)) return false;
  // A file path (`/run/secrets/token`) points at the secret instead of being it.
  if (/^(?:\/|\.\/|~\/)\S*$/.test(v)) return false;
  const ending = secretEnding(name);
  if (ending?.length === 1 && WEAK_ENDINGS.has(ending[0] ?? '')) {
    // `HTTP_AUTH=basic`, `PROXY_AUTH=ntlm`: a mode, not a credential.
    if (v.length < 8 || /^[a-z-]+$/.test(v)) return false;
  }
  return true;
}

export const secretInArgEnv: DockerfileRule = {
  id: 'DF007',
  name: 'secret-in-arg-env',
  target: 'dockerfile',
  class: 'secret',
  title: 'Secret value hard-coded in ARG or ENV',
  severity: 'HIGH',
  description:
    'An ENV value is stored in the image configuration and an ARG default in the build history, so anyone who can pull the image reads it with `docker history` or `docker inspect`, even after a later instruction unsets it. The value is also committed to source control with the Dockerfile. A leaked password or token gives access to whatever it protects until it is rotated.',
  remediation:
    'Remove the value and rotate the credential. Pass build-time secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` and `docker build --secret id=npm_token,env=NPM_TOKEN`), and runtime secrets through the orchestrator (Kubernetes Secrets, Docker secrets) at run time, never in the image.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    trivy: ['DS-0031'],
    dockle: ['CIS-DI-0010'],
    'cis-docker': ['4.10'],
  },
  tags: ['secrets'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
      for (const pair of instr.pairs) {
        if (!isSecretName(pair.name) || !isLiteralSecretValue(pair.name, pair.value)) continue;
        const where =
          instr.keyword === 'ENV'
            ? 'ENV values are stored in the image config'
            : 'ARG defaults are recorded in the build history';
        hits.push({
          startLine: pair.line,
          endLine: pair.line,
          message: `${instr.keyword} ${pair.name} is set to a literal secret: ${where} and stay readable with \`docker history\`/\`docker inspect\` forever.`,
          key: `${instr.keyword} ${pair.name}`,
        });
      }
    }
    return hits;
  },
};
