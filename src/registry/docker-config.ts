import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BulkheadError } from '../core/errors.js';
import type { Credentials } from './auth.js';
import { configHost, configKeyHost, HUB_CONFIG_KEY, isDockerHub } from './reference.js';

/** Where credentials may come from; the environment and home folder are passed in, never read globally. */
export interface CredentialSources {
  /** Explicit credentials (`--username` / `--password`). */
  username?: string;
  password?: string;
  /** The environment: `BULKHEAD_REGISTRY_USERNAME` / `_PASSWORD`, `DOCKER_CONFIG`, and `PATH` for helpers. */
  env?: Record<string, string | undefined>;
  /** Home folder, for `~/.docker/config.json` when `DOCKER_CONFIG` is not set. */
  homeDir?: string;
}

function pair(username: string | undefined, password: string | undefined, source: string, flags: string) {
  if (username === undefined && password === undefined) return undefined;
  if (!username || password === undefined) {
    throw new BulkheadError(
      'USAGE',
      `${source}: a username needs a password and a password needs a username`,
      `set both ${flags}`,
    );
  }
  return { username, password, source };
}

/**
 * Finds credentials for `registry`, first match wins: explicit options, then
 * `BULKHEAD_REGISTRY_USERNAME`/`_PASSWORD`, then Docker's config.json (a credential helper for the
 * host, inline `auths`, then the default `credsStore`). Undefined means anonymous.
 */
export async function resolveCredentials(
  registry: string,
  sources: CredentialSources,
): Promise<Credentials | undefined> {
  const explicit = pair(
    sources.username,
    sources.password,
    'registry credentials',
    '--username and --password',
  );
  if (explicit) return explicit;
  const env = sources.env ?? {};
  const fromEnv = pair(
    env.BULKHEAD_REGISTRY_USERNAME || undefined,
    env.BULKHEAD_REGISTRY_PASSWORD || undefined,
    'BULKHEAD_REGISTRY_USERNAME/PASSWORD',
    'BULKHEAD_REGISTRY_USERNAME and BULKHEAD_REGISTRY_PASSWORD',
  );
  if (fromEnv) return fromEnv;
  const file = dockerConfigPath(sources);
  return file ? credentialsFromDockerConfig(registry, file, env) : undefined;
}

export function dockerConfigPath(sources: CredentialSources): string | undefined {
  const dir = sources.env?.DOCKER_CONFIG;
  if (dir) return join(dir, 'config.json');
  return sources.homeDir ? join(sources.homeDir, '.docker', 'config.json') : undefined;
}

interface DockerConfig {
  auths: Record<string, unknown>;
  credHelpers: Record<string, unknown>;
  credsStore: string | undefined;
}

async function readDockerConfig(file: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BulkheadError(
      'CONFIG_INVALID',
      `${file}: cannot read the Docker config (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'fix its permissions, or point DOCKER_CONFIG at another folder',
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new BulkheadError(
      'CONFIG_INVALID',
      `${file}: the Docker config is not a JSON object`,
      'fix the file (docker login rewrites it), or point DOCKER_CONFIG at another folder',
    );
  }
  const o = v as Record<string, unknown>;
  const obj = (x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
  return {
    auths: obj(o.auths),
    credHelpers: obj(o.credHelpers),
    credsStore: typeof o.credsStore === 'string' && o.credsStore !== '' ? o.credsStore : undefined,
  };
}

/** The entry for `host` in a map keyed the many ways Docker has written registry names. */
function lookup(map: Record<string, unknown>, host: string): { key: string; value: unknown } | undefined {
  if (Object.hasOwn(map, host)) return { key: host, value: map[host] };
  const key = Object.keys(map).find((k) => configKeyHost(k) === host);
  return key === undefined ? undefined : { key, value: map[key] };
}

export async function credentialsFromDockerConfig(
  registry: string,
  file: string,
  env: Record<string, string | undefined>,
): Promise<Credentials | undefined> {
  const config = await readDockerConfig(file);
  if (!config) return undefined;
  const host = configHost(registry);
  // Helpers are asked for the name Docker stores credentials under.
  const serverUrl = isDockerHub(registry) ? HUB_CONFIG_KEY : host;

  const helper = lookup(config.credHelpers, host);
  if (helper && typeof helper.value === 'string' && helper.value !== '') {
    return runCredentialHelper(helper.value, serverUrl, env, `credHelpers in ${file}`);
  }
  const entry = lookup(config.auths, host);
  if (entry && typeof entry.value === 'object' && entry.value !== null) {
    const creds = inlineCredentials(entry.value as Record<string, unknown>, `${file} (auths "${entry.key}")`);
    if (creds) return creds;
  }
  if (config.credsStore)
    return runCredentialHelper(config.credsStore, serverUrl, env, `credsStore in ${file}`);
  return undefined;
}

function inlineCredentials(e: Record<string, unknown>, source: string): Credentials | undefined {
  const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  let username = str(e.username);
  let password = str(e.password);
  const auth = str(e.auth);
  if (auth) {
    const plain = Buffer.from(auth, 'base64').toString('utf8');
    const i = plain.indexOf(':');
    if (i < 0) {
      throw new BulkheadError(
        'CONFIG_INVALID',
        `${source}: "auth" is not base64 of user:password`,
        'run `docker login` again to rewrite it',
      );
    }
    username = plain.slice(0, i);
    password = plain.slice(i + 1);
  }
  const identityToken = str(e.identitytoken);
  if (identityToken) {
    const c: Credentials = { identityToken, source };
    if (username) c.username = username;
    return c;
  }
  if (username !== undefined && password !== undefined) return { username, password, source };
  return undefined;
}

const HELPER_TIMEOUT_MS = 60_000;

/**
 * Runs `docker-credential-<name> get` as Docker does: the server URL on stdin, JSON
 * `{ServerURL, Username, Secret}` on stdout. "credentials not found" means anonymous, not an error.
 */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: Record<string, string | undefined>,
  source: string,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  const fail = (what: string, hint: string): never => {
    throw new BulkheadError('TARGET_UNREADABLE', `${program} (${source}): ${what}`, hint);
  };
  const { code, stdout, stderr, error } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    error?: NodeJS.ErrnoException;
  }>((resolve) => {
    const child = spawn(program, ['get'], {
      env: Object.fromEntries(
        Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined),
      ),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: HELPER_TIMEOUT_MS,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve({ code: null, stdout: out, stderr: err, error: e });
    });
    child.on('close', (c) => {
      resolve({ code: c, stdout: out, stderr: err });
    });
    // A helper that exits without reading stdin makes this write fail with EPIPE; its exit code tells.
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
  if (error) {
    if (error.code === 'ENOENT') {
      fail(
        'not found on PATH',
        `install it, or remove "${name}" from the Docker config, or pass --username and --password`,
      );
    }
    fail(`could not run (${error.code ?? error.message})`, 'check the credential helper installation');
  }
  const said = `${stdout} ${stderr}`.trim();
  if (code !== 0) {
    if (/credentials not found/i.test(said)) return undefined;
    fail(
      `failed (exit ${code === null ? 'timeout' : code}): ${said.split('\n')[0]?.slice(0, 200) ?? ''}`,
      'run `docker login` again, or pass --username and --password',
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    v = undefined;
  }
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.Username !== 'string' || typeof o.Secret !== 'string') {
    fail('answered without Username and Secret', 'check the credential helper installation');
  }
  const username = o.Username as string;
  const secret = o.Secret as string;
  const src = `${program} (${source})`;
  // Helpers store identity tokens (OAuth2 refresh tokens) under the username "<token>".
  if (username === '<token>') return { identityToken: secret, source: src };
  return { username, password: secret, source: src };
}
