/*
 * Which ARG/ENV names and values hold credentials, shared by the secret rules (DF007, DF009).
 */

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
