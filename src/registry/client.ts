import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { checkDigest, parseDigest, verified } from '../artifact/image/digest.js';
import { BulkheadError } from '../core/errors.js';
import { basicAuthorization, parseChallenges, pullScope, type Challenge, type Credentials } from './auth.js';
import { resolveCredentials, type CredentialSources } from './docker-config.js';
import { apiHost, isInsecure } from './reference.js';

export interface RetryOptions {
  /** Tries per request, the first included (default 4). */
  attempts?: number;
  /** Delay before the first retry, doubled for each further one (default 250 ms). */
  baseDelayMs?: number;
  /** Longest wait between tries; a `Retry-After` asking for more ends the retries (default 30 s). */
  maxDelayMs?: number;
}

/** How to reach and authenticate to registries. Environment and home folder come in as values. */
export interface RegistryOptions extends CredentialSources {
  /** `os/arch[/variant]` chosen from multi-platform images (default `linux/amd64`). */
  platform?: string;
  /** PEM file of extra CAs to trust (`--ca-cert`), on top of Node's roots and NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /**
   * Registries (`host:port`, or `host` for any port) reached without TLS verification: HTTPS
   * with any certificate, falling back to plain HTTP when the registry does not speak TLS, as
   * Docker's `insecure-registries` does (`--insecure-registry`).
   */
  insecure?: string[];
  retry?: RetryOptions;
  userAgent?: string;
}

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

/** A hostile or broken registry must not make us buffer without bound. */
export const MANIFEST_LIMIT = 4 * 1024 * 1024;
export const CONFIG_LIMIT = 16 * 1024 * 1024;
const SMALL_LIMIT = 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface Manifest {
  /** Digest of the bytes served (verified against the reference or `Docker-Content-Digest`). */
  digest: string;
  mediaType: string;
  size: number;
  json: Record<string, unknown>;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

type Response = Dispatcher.ResponseData & { url: URL };

/** Registry auth learnt from its first challenge; applies to every repository after that. */
interface Bearer {
  kind: 'bearer';
  realm: string;
  service: string | undefined;
}
type Scheme = { kind: 'basic' } | Bearer;

interface Token {
  value: string;
  expiresAt: number;
}

const TRANSIENT = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const CERT_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  return cause !== undefined && cause !== e ? errorCode(cause) : undefined;
}

/** Plain HTTP answering a TLS handshake shows up as one of these. */
function isTlsProtocolError(e: unknown): boolean {
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : '';
  return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(msg);
}

function header(res: Dispatcher.ResponseData, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function oneLine(s: string, max = 200): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Drops a body we will not read; undici reports the abort as an error event, which must not go unheard. */
function discard(body: Dispatcher.ResponseData['body']): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads a whole (small) body, failing once it passes `limit` bytes instead of buffering on. */
async function readLimited(res: Dispatcher.ResponseData, limit: number, label: string): Promise<Buffer> {
  const tooBig = () => {
    discard(res.body);
    return new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: larger than ${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${limit} bytes`}, refusing to read it`,
      'a manifest or config this large is not a normal image; check the registry',
    );
  };
  const declared = Number(header(res, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooBig();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Stops a stream as soon as it passes the size its descriptor announced. */
async function* capped(source: AsyncIterable<Buffer>, size: number, label: string): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (size >= 0 && total > size) {
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: the registry sent more than the ${size} bytes the manifest announces`,
        'the blob is corrupt or was tampered with',
      );
    }
    yield chunk;
  }
}

function parseRetryAfter(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * An OCI Distribution client for one registry. It learns the registry's auth scheme from the
 * first challenge, caches bearer tokens per realm, service and scope for its whole life (renewing
 * them when they expire or are refused), retries what is worth retrying, and verifies every
 * manifest and blob against its digest.
 */
export class RegistryClient {
  /** The registry as the reference named it (`docker.io`, `registry.example:5000`). */
  readonly registry: string;
  private readonly host: string;
  private readonly insecure: boolean;
  private scheme: 'https' | 'http' = 'https';
  private agents: Promise<{ verify: Agent; noVerify: Agent | undefined }> | undefined;
  private credentials: Promise<Credentials | undefined> | undefined;
  private auth: Scheme | undefined;
  private readonly tokens = new Map<string, Promise<Token>>();
  private readonly attempts: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;

  constructor(
    registry: string,
    private readonly opts: RegistryOptions = {},
  ) {
    this.registry = registry;
    this.host = apiHost(registry);
    this.insecure = isInsecure(registry, opts.insecure) || isInsecure(this.host, opts.insecure);
    this.attempts = Math.max(1, opts.retry?.attempts ?? 4);
    this.baseDelay = Math.max(0, opts.retry?.baseDelayMs ?? 250);
    this.maxDelay = Math.max(0, opts.retry?.maxDelayMs ?? 30_000);
  }

  /** Fetches a manifest or index by tag or digest; the bytes are checked against the digest. */
  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const label = this.label(repository, reference);
    const res = await this.send('GET', repository, `manifests/${reference}`, { accept: ACCEPT });
    if (res.statusCode !== 200) throw await this.failure(res, repository, label, 'manifest');
    const body = await readLimited(res, MANIFEST_LIMIT, label);
    const digest = manifestDigest(body, reference, header(res, 'docker-content-digest'), label);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: the manifest is not a JSON object`,
        'the registry answered with something other than an image manifest',
      );
    }
    const o = json as Record<string, unknown>;
    const contentType = (header(res, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
    const mediaType = typeof o.mediaType === 'string' && o.mediaType !== '' ? o.mediaType : contentType;
    if (o.schemaVersion === 1 || /^application\/vnd\.docker\.distribution\.manifest\.v1\+/.test(mediaType)) {
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: Docker schema 1 manifests are not supported`,
        'schema 1 is deprecated: push the image again with a current Docker, buildah or skopeo',
      );
    }
    return { digest, mediaType, size: body.length, json: o };
  }

  /** Resolves a tag or digest to the manifest digest with a HEAD request (nothing downloaded). */
  async headManifest(repository: string, reference: string): Promise<ManifestHead> {
    const label = this.label(repository, reference);
    const res = await this.send('HEAD', repository, `manifests/${reference}`, { accept: ACCEPT });
    if (res.statusCode !== 200) throw await this.failure(res, repository, label, 'manifest');
    await res.body.dump();
    const digest = header(res, 'docker-content-digest');
    const mediaType = (header(res, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
    const size = Number(header(res, 'content-length') ?? -1);
    if (digest && parseDigest(digest)) {
      if (parseDigest(reference) && digest !== reference) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${label}: the registry answered for another digest (${digest})`,
          'the registry is misbehaving or was tampered with',
        );
      }
      return { digest, mediaType, size: Number.isFinite(size) ? size : -1 };
    }
    // Registries need not send the header; the digest of the bytes is then the answer.
    const m = await this.getManifest(repository, reference);
    return { digest: m.digest, mediaType: m.mediaType, size: m.size };
  }

  /** Fetches a small blob (an image config) whole, bounded by `limit`, and checks its digest. */
  async getBlob(repository: string, digest: string, limit: number, label: string): Promise<Buffer> {
    const res = await this.send('GET', repository, `blobs/${digest}`, {});
    if (res.statusCode !== 200) throw await this.failure(res, repository, label, 'blob');
    let body: Buffer;
    try {
      body = await readLimited(res, limit, label);
    } catch (e) {
      throw this.networkError(e, label);
    }
    checkDigest(body, digest, label);
    return body;
  }

  /**
   * Streams a blob (a layer) without buffering it; the stream fails when the bytes do not match
   * `digest` or run past `size`. Nothing is requested until the stream is read.
   */
  async *openBlob(repository: string, digest: string, size: number, label: string): AsyncGenerator<Buffer> {
    const res = await this.send('GET', repository, `blobs/${digest}`, {});
    if (res.statusCode !== 200) throw await this.failure(res, repository, label, 'blob');
    try {
      yield* verified(capped(res.body as AsyncIterable<Buffer>, size, label), digest, label);
    } catch (e) {
      throw this.networkError(e, label);
    } finally {
      discard(res.body);
    }
  }

  /** Closes idle connections. */
  async close(): Promise<void> {
    if (!this.agents) return;
    const { verify, noVerify } = await this.agents;
    await Promise.all([verify.close(), noVerify?.close()]);
  }

  private label(repository: string, reference: string): string {
    return `${this.registry}/${repository}${parseDigest(reference) ? '@' : ':'}${reference}`;
  }

  private url(path: string): URL {
    return new URL(`${this.scheme}://${this.host}/v2/${path}`);
  }

  /** An API request for `repository`, authenticated as the registry's last challenge asked. */
  private async send(
    method: 'GET' | 'HEAD',
    repository: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<Response> {
    for (let retried = false; ; retried = true) {
      const authorization = await this.authorization(repository);
      const res = await this.follow(method, `${repository}/${path}`, {
        ...headers,
        ...(authorization ? { authorization } : {}),
      });
      if (res.statusCode === 401 && !retried) {
        await res.body.dump();
        await this.challenge(repository, header(res, 'www-authenticate') ?? '', authorization);
        continue;
      }
      if (res.statusCode === 401 || res.statusCode === 403) {
        await res.body.dump();
        throw await this.authFailed(repository, res.statusCode);
      }
      return res;
    }
  }

  private async authorization(repository: string): Promise<string | undefined> {
    if (!this.auth) return undefined;
    if (this.auth.kind === 'basic') {
      const c = await this.creds();
      return c?.username !== undefined && c.password !== undefined
        ? basicAuthorization(c.username, c.password)
        : undefined;
    }
    return `Bearer ${(await this.token(this.auth, repository)).value}`;
  }

  /** Learns from a 401 how the registry wants us to authenticate. */
  private async challenge(repository: string, wwwAuthenticate: string, sent: string | undefined) {
    const challenges = parseChallenges(wwwAuthenticate);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (bearer) {
      const scheme = this.bearerScheme(bearer);
      this.auth = scheme;
      if (sent?.startsWith('Bearer ')) {
        // The token we sent was refused (expired, revoked): fetch a fresh one.
        this.tokens.delete(this.tokenKey(scheme, repository));
      }
      return;
    }
    if (basic) {
      const c = await this.creds();
      if (sent?.startsWith('Basic ') || c?.username === undefined || c.password === undefined) {
        throw await this.authFailed(repository, 401);
      }
      this.auth = { kind: 'basic' };
      return;
    }
    throw await this.authFailed(repository, 401);
  }

  private bearerScheme(c: Challenge): Bearer {
    const realm = c.params.realm;
    let url: URL | undefined;
    try {
      url = realm ? new URL(realm) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${this.registry}: the registry asks for a token but names no valid realm (${oneLine(realm ?? 'none')})`,
        'the registry is misconfigured',
      );
    }
    if (url.protocol === 'http:' && !this.insecure && !isInsecure(url.host, this.opts.insecure)) {
      // Credentials go to the realm: never in clear text unless the user said the network is trusted.
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${this.registry}: the registry sends us to a plain-HTTP token server (${url.host})`,
        `refusing to send credentials unencrypted; if this is expected, pass --insecure-registry ${url.host}`,
      );
    }
    return { kind: 'bearer', realm: url.href, service: c.params.service };
  }

  private tokenKey(s: Bearer, repository: string): string {
    return `${s.realm} ${s.service ?? ''} ${pullScope(repository)}`;
  }

  private async token(s: Bearer, repository: string): Promise<Token> {
    const key = this.tokenKey(s, repository);
    const cached = this.tokens.get(key);
    if (cached) {
      const t = await cached.catch(() => undefined);
      if (t && t.expiresAt > Date.now()) return t;
      if (this.tokens.get(key) === cached) this.tokens.delete(key);
    }
    const fresh = this.fetchToken(s, repository);
    this.tokens.set(key, fresh);
    fresh.catch(() => {
      if (this.tokens.get(key) === fresh) this.tokens.delete(key);
    });
    return fresh;
  }

  /** Docker's token protocol: GET with basic credentials, or the OAuth2 POST for identity tokens. */
  private async fetchToken(s: Bearer, repository: string): Promise<Token> {
    const creds = await this.creds();
    const scope = pullScope(repository);
    const label = `${this.registry}: token server ${new URL(s.realm).host}`;
    let res: Response;
    if (creds?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: creds.identityToken,
        client_id: 'bulkhead',
        scope,
      });
      if (s.service) form.set('service', s.service);
      res = await this.follow(
        'POST',
        new URL(s.realm),
        { 'content-type': 'application/x-www-form-urlencoded' },
        form.toString(),
      );
    } else {
      const url = new URL(s.realm);
      if (s.service) url.searchParams.set('service', s.service);
      url.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (creds?.username !== undefined && creds.password !== undefined) {
        headers.authorization = basicAuthorization(creds.username, creds.password);
      }
      res = await this.follow('GET', url, headers);
    }
    if (res.statusCode === 401 || res.statusCode === 403) {
      await res.body.dump();
      throw await this.authFailed(repository, res.statusCode);
    }
    if (res.statusCode !== 200) throw await this.failure(res, repository, label, 'token');
    const body = await readLimited(res, SMALL_LIMIT, label);
    let v: unknown;
    try {
      v = JSON.parse(body.toString('utf8'));
    } catch {
      v = undefined;
    }
    const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    const value =
      typeof o.token === 'string' && o.token !== ''
        ? o.token
        : typeof o.access_token === 'string' && o.access_token !== ''
          ? o.access_token
          : undefined;
    if (!value) {
      throw new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: the answer holds no token`,
        'the token server is misconfigured',
      );
    }
    // The spec's default lifetime is 60 s; renew a little early rather than be refused mid-pull.
    const seconds = typeof o.expires_in === 'number' && o.expires_in > 0 ? o.expires_in : 60;
    return { value, expiresAt: Date.now() + Math.max(seconds - 10, 5) * 1000 };
  }

  private creds(): Promise<Credentials | undefined> {
    this.credentials ??= resolveCredentials(this.registry, this.opts);
    return this.credentials;
  }

  /** Follows redirects (blob downloads go to object storage), never carrying our credentials elsewhere. */
  private async follow(
    method: 'GET' | 'HEAD' | 'POST',
    target: string | URL,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Response> {
    let url = typeof target === 'string' ? this.url(target) : target;
    let sendHeaders: Record<string, string> = { 'user-agent': this.opts.userAgent ?? 'bulkhead', ...headers };
    let origin: string | undefined;
    for (let hop = 0; ; hop++) {
      const res = await this.retrying(
        method,
        url,
        sendHeaders,
        body,
        typeof target === 'string' && hop === 0,
      );
      url = res.url;
      origin ??= url.origin;
      const location = header(res, 'location');
      if (![301, 302, 303, 307, 308].includes(res.statusCode) || !location) return res;
      await res.body.dump();
      const next = new URL(location, url);
      if (hop >= MAX_REDIRECTS || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${this.registry}: too many or invalid redirects (last to ${next.host})`,
          'the registry or its storage is misconfigured',
        );
      }
      if (url.protocol === 'https:' && next.protocol === 'http:' && !this.insecure) {
        throw new BulkheadError(
          'TARGET_UNREADABLE',
          `${this.registry}: redirected from HTTPS to plain HTTP (${next.host})`,
          'refusing to download over an unencrypted connection; use --insecure-registry if this is expected',
        );
      }
      if (next.origin !== origin) {
        // Our Authorization header is for the registry: storage signs its URLs itself.
        sendHeaders = Object.fromEntries(Object.entries(sendHeaders).filter(([k]) => k !== 'authorization'));
      }
      url = next;
    }
  }

  private async dispatcherFor(url: URL): Promise<Dispatcher> {
    this.agents ??= this.makeAgents();
    const { verify, noVerify } = await this.agents;
    return noVerify && url.protocol === 'https:' && url.host === this.host ? noVerify : verify;
  }

  private async makeAgents(): Promise<{ verify: Agent; noVerify: Agent | undefined }> {
    const common = { headersTimeout: 60_000, bodyTimeout: 120_000, connectTimeout: 15_000 };
    let ca: string[] | undefined;
    if (this.opts.caFile) {
      // Passing `ca` replaces Node's trust store, NODE_EXTRA_CA_CERTS included: add both back.
      ca = [...rootCertificates, await this.readPem(this.opts.caFile, '--ca-cert')];
      const extra = this.opts.env?.NODE_EXTRA_CA_CERTS;
      if (extra) ca.push(await this.readPem(extra, 'NODE_EXTRA_CA_CERTS'));
    }
    const verify = new Agent({ ...common, connect: ca ? { ca } : {} });
    const noVerify = this.insecure
      ? new Agent({ ...common, connect: { rejectUnauthorized: false } })
      : undefined;
    return { verify, noVerify };
  }

  private async readPem(file: string, what: string): Promise<string> {
    try {
      const pem = await readFile(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw Object.assign(new Error(), { code: 'not PEM' });
      return pem;
    } catch (e) {
      throw new BulkheadError(
        'USAGE',
        `${file}: cannot read the CA certificates of ${what} (${errorCode(e) ?? String(e)})`,
        'pass a PEM file holding the CA certificate(s) that signed the registry certificate',
      );
    }
  }

  /** One request with retries for 429, 5xx and transient network errors, with exponential backoff. */
  private async retrying(
    method: 'GET' | 'HEAD' | 'POST',
    target: URL,
    headers: Record<string, string>,
    body: string | undefined,
    registryApi: boolean,
  ): Promise<Response> {
    let url = target;
    for (let attempt = 1; ; attempt++) {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method,
          headers,
          body: body ?? null,
          dispatcher: await this.dispatcherFor(url),
        });
      } catch (e) {
        if (registryApi && this.insecure && this.scheme === 'https' && isTlsProtocolError(e)) {
          // An insecure registry that does not speak TLS: plain HTTP from now on.
          this.scheme = 'http';
          url = new URL(url.href.replace(/^https:/, 'http:'));
          attempt--;
          continue;
        }
        const code = errorCode(e);
        if (code === undefined || !TRANSIENT.has(code) || attempt >= this.attempts) {
          throw this.networkError(e, this.registry, url.host);
        }
        await sleep(this.backoff(attempt));
        continue;
      }
      if (res.statusCode === 429 || (res.statusCode >= 500 && res.statusCode !== 501)) {
        const wait = parseRetryAfter(header(res, 'retry-after')) ?? this.backoff(attempt);
        if (attempt >= this.attempts || wait > this.maxDelay) return Object.assign(res, { url });
        await res.body.dump();
        await sleep(wait);
        continue;
      }
      return Object.assign(res, { url });
    }
  }

  private backoff(attempt: number): number {
    const base = this.baseDelay * 2 ** (attempt - 1);
    // A little jitter so that many clients turned away together do not return together.
    return Math.min(this.maxDelay, base + Math.random() * base * 0.2);
  }

  private networkError(e: unknown, label: string, server?: string): unknown {
    if (e instanceof BulkheadError) return e;
    const code = errorCode(e);
    const msg = e instanceof Error ? e.message : String(e);
    const host = this.registry;
    if (code && CERT_ERRORS.has(code)) {
      return new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: TLS certificate not trusted (${oneLine(msg)})`,
        `pass the CA that signed it with --ca-cert <file.pem>, or use --insecure-registry ${host} to skip verification`,
        { cause: e },
      );
    }
    if (isTlsProtocolError(e)) {
      return new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: TLS handshake failed (${oneLine(msg)})`,
        `if the registry serves plain HTTP, pass --insecure-registry ${host}`,
        { cause: e },
      );
    }
    const what: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ENOTFOUND: 'host not found',
      EAI_AGAIN: 'host name lookup failed',
      UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
      UND_ERR_HEADERS_TIMEOUT: 'the registry did not answer in time',
      UND_ERR_BODY_TIMEOUT: 'the download stalled',
      ECONNRESET: 'connection reset',
      UND_ERR_SOCKET: 'connection closed',
    };
    return new BulkheadError(
      'TARGET_UNREADABLE',
      // Name the server when it is not the registry itself (Hub's API host, blob storage).
      `${label}: ${(code && what[code]) ?? 'network error'} (${oneLine(code ?? msg)}${server && server !== this.registry ? ` ${server}` : ''})`,
      'check the registry address and your network, then try again',
      { cause: e },
    );
  }

  private async authFailed(repository: string, status: number): Promise<BulkheadError> {
    let creds: Credentials | undefined;
    try {
      creds = await this.creds();
    } catch {
      creds = undefined;
    }
    const login = this.registry === 'docker.io' ? 'docker login' : `docker login ${this.registry}`;
    const hint = creds
      ? status === 403
        ? `the account from ${creds.source} may lack pull access to ${repository}`
        : `the registry refused the credentials from ${creds.source}: check them, or run \`${login}\` again`
      : `log in with \`${login}\`, or pass --username and --password (or BULKHEAD_REGISTRY_USERNAME/PASSWORD)`;
    return new BulkheadError(
      'TARGET_UNREADABLE',
      `${this.registry}: authentication failed for ${repository} (${status})`,
      hint,
    );
  }

  /** Turns an unexpected answer into an error, with the registry's own error text when it sent one. */
  private async failure(
    res: Response,
    repository: string,
    label: string,
    what: 'manifest' | 'blob' | 'token',
  ): Promise<BulkheadError> {
    let text: string | undefined;
    try {
      const body = await readLimited(res, 64 * 1024, label);
      const v = JSON.parse(body.toString('utf8')) as { errors?: { message?: unknown }[] };
      const m = v.errors?.[0]?.message;
      if (typeof m === 'string' && m !== '') text = oneLine(m, 120);
    } catch {
      text = undefined;
    }
    const status = res.statusCode;
    if (status === 404 && what === 'manifest') {
      return new BulkheadError(
        'TARGET_NOT_FOUND',
        `${label}: ${text ?? 'manifest unknown'}`,
        `check the repository and tag; the registry has no such image in ${repository}`,
      );
    }
    if (status === 404) {
      return new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: ${text ?? `${what} unknown`} (404)`,
        'the image is incomplete in the registry: push it again',
      );
    }
    if (status === 429) {
      return new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: rate limited by the registry (429)`,
        this.registry === 'docker.io'
          ? 'wait and try again; logging in to Docker Hub raises the pull limit'
          : 'wait and try again',
      );
    }
    if (status >= 500) {
      return new BulkheadError(
        'TARGET_UNREADABLE',
        `${label}: the registry failed (${status}${text ? `: ${text}` : ''})`,
        'the registry is having trouble; try again later',
      );
    }
    return new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: unexpected answer ${status}${text ? ` (${text})` : ''}`,
      status === 400 && this.scheme === 'http'
        ? 'the registry may expect HTTPS: remove it from --insecure-registry'
        : 'check the reference and the registry address',
    );
  }
}

/** The digest of served manifest bytes, checked against what the reference or registry claims. */
function manifestDigest(body: Buffer, reference: string, claimed: string | undefined, label: string): string {
  if (parseDigest(reference)) {
    checkDigest(body, reference, label);
    return reference;
  }
  if (claimed && parseDigest(claimed)) {
    checkDigest(body, claimed, label);
    return claimed;
  }
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}
