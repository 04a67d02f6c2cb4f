import { isPlaceholder, shannonEntropy } from './entropy.js';

/*
 * Structure checks that a regex cannot express: checksums, embedded JSON, base64 payloads. Each
 * returns true when the candidate is plausible, false to drop it. They run only on regex matches.
 */

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, the zlib one) of the UTF-8/ASCII bytes of `s`. */
export function crc32(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of Buffer.from(s, 'utf8')) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base62 (0-9A-Za-z), left-padded with `0` to `width` characters. */
export function base62(n: number, width: number): string {
  let out = '';
  let v = n;
  do {
    out = BASE62.charAt(v % 62) + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/**
 * The 6-character checksum GitHub (and npm) append to the 30 random characters of a classic token:
 * CRC-32 of the random part, in base62. Exported so tests can build well-formed samples.
 * https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 */
export function prefixedTokenChecksum(random: string): string {
  return base62(crc32(random), 6);
}

/** `ghp_` / `npm_` + 30 random + 6 checksum characters. */
export function hasValidTokenChecksum(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return prefixedTokenChecksum(body.slice(0, 30)) === body.slice(30);
}

function decodeBase64(s: string): string {
  return Buffer.from(s, s.includes('-') || s.includes('_') ? 'base64url' : 'base64').toString('latin1');
}

function printable(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** A JWT whose header is a JSON object naming its algorithm. */
export function isJwt(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(decodeBase64(header));
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as Record<string, unknown>).alg === 'string'
    );
  } catch {
    return false;
  }
}

/** A Discord bot token starts with the base64 of the bot's numeric (snowflake) id. */
export function isDiscordBotToken(token: string): boolean {
  const id = decodeBase64(token.slice(0, token.indexOf('.')));
  return /^\d{17,20}$/.test(id);
}

/** base64 of `user:password` with a real-looking password (Docker `auths`, HTTP Basic, .npmrc `_auth`). */
export function isBasicCredential(b64: string): boolean {
  const decoded = decodeBase64(b64);
  if (!printable(decoded)) return false;
  const colon = decoded.indexOf(':');
  if (colon <= 0) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password);
}

/** A base64 blob (kubeconfig `client-key-data`) that decodes to a PEM private key. */
export function isBase64PrivateKey(b64: string): boolean {
  const head = b64.slice(0, 80 - (80 % 4));
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(decodeBase64(head));
}

// "openssh-key-v1\0" + cipher "none" + kdf "none", base64: what an unencrypted OpenSSH key starts with.
const OPENSSH_UNENCRYPTED = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u';

function pemBody(match: string): string {
  return match.slice(match.lastIndexOf('-----') + 5).replace(/\\[nr]|[\s"'+,]/g, '');
}

export function isUnencryptedOpenSshKey(match: string): boolean {
  return pemBody(match).startsWith(OPENSSH_UNENCRYPTED);
}

export function isEncryptedOpenSshKey(match: string): boolean {
  const body = pemBody(match);
  return body.startsWith('b3BlbnNzaC1rZXktdjE') && !body.startsWith(OPENSSH_UNENCRYPTED);
}

/**
 * A literal password or token in a generic `key = value` assignment, as opposed to code, a
 * reference or a placeholder: `os.environ["X"]`, `self.password`, `getPassword()`, `/run/secrets/db`,
 * `${VAR}`, `<token>`, `my-secret-name`.
 */
export function isLiteralSecretValue(value: string): boolean {
  if (isPlaceholder(value)) return false;
  // Calls, indexing, generics, templates, YAML tags/anchors/aliases, annotations.
  if (/[()[\]{}<>]/.test(value) || /^[!&*@%$]/.test(value)) return false;
  // Dotted identifiers: process.env.TOKEN, settings.DB_PASSWORD, self.secret.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  // Lower-case words joined by - or _ (resource names): vault-db-creds, api_key_header.
  if (/^[a-z]+(?:[_-][a-z]+)*$/.test(value)) return false;
  // CONSTANT_NAMES and paths, URLs.
  if (/^[A-Z]+(?:_[A-Z0-9]+)+$/.test(value)) return false;
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\|[a-z][a-z0-9+.-]*:\/\/)/.test(value)) return false;
  // Plain numbers (ports, timeouts, lengths).
  if (/^\d+$/.test(value)) return false;
  return true;
}

/** The password of a `scheme://user:password@host` URL, when it is not a placeholder or a default. */
export function isUrlPassword(password: string, match: string): boolean {
  if (isPlaceholder(password)) return false;
  if (/^[$%]/.test(password)) return false;
  const user = /:\/\/([^:@/]*):/.exec(match)?.[1] ?? '';
  if (password === user) return false;
  if (DEFAULT_PASSWORDS.has(password.toLowerCase())) return false;
  return password.length >= 6 && shannonEntropy(password) >= 2.5;
}

// Default or conventional passwords of local development setups (postgres/postgres, guest/guest).
const DEFAULT_PASSWORDS = new Set([
  'pass',
  'pwd',
  'root',
  'admin',
  'user',
  'guest',
  'postgres',
  'mysql',
  'mongo',
  'redis',
  'rabbitmq',
  'docker',
  'default',
]);
