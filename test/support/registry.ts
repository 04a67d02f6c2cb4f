import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  get as httpGet,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { MT, sha256, writeBlob, writeImage, writeLayout } from './oci.js';
import { buildTar } from './tar.js';

const execFileAsync = promisify(execFile);

/** A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost. */
export interface TestPki {
  /** PEM file of the CA: what a client passes as its CA file. */
  caFile: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generates a CA and a server certificate signed by it (EC keys: fast to generate). */
export function makePki(dir: string, name = 'Bulkhead Test'): TestPki {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      `/CN=${name} CA`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  return {
    caFile: join(dir, 'ca.pem'),
    certFile,
    keyFile,
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
  };
}

/** A free TCP port on 127.0.0.1 (the registry cannot report the port it picked itself). */
export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    srv.close(() => {
      resolve();
    }),
  );
  return port;
}

/** An htpasswd file with bcrypt hashes, the only kind docker-registry accepts. */
export function writeHtpasswd(file: string, users: Record<string, string>): string {
  const lines = Object.entries(users).map(([u, p]) =>
    execFileSync('htpasswd', ['-Bbn', u, p], { encoding: 'utf8' }).trim(),
  );
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export type RegistryAuth =
  | { htpasswd: string }
  | { token: { realm: string; service: string; issuer: string; rootCertBundle: string } };

export interface RegistryProcess {
  /** `127.0.0.1:<port>`, as a reference names it. */
  host: string;
  url: string;
  storage: string;
  /** What the registry logged (for failing tests). */
  logs(): string;
  stop(): Promise<void>;
}

async function waitUntilUp(proc: ChildProcess, url: string, ca: string | undefined, logs: () => string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`docker-registry exited (${proc.exitCode}):\n${logs()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const onResponse = (res: IncomingMessage) => {
        res.resume();
        // 401 is an answer too: the registry is up and wants credentials.
        resolve(res.statusCode === 200 || res.statusCode === 401);
      };
      const req = url.startsWith('https:')
        ? httpsGet(`${url}/v2/`, { ca }, onResponse)
        : httpGet(`${url}/v2/`, onResponse);
      req.on('error', () => {
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`docker-registry did not come up at ${url}:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts Debian's `docker-registry` (distribution 2.8) on a free port. Several processes may
 * serve the same storage folder: push once, then read it through differently configured registries.
 */
export async function startRegistry(opts: {
  storage: string;
  configDir: string;
  tls?: TestPki;
  auth?: RegistryAuth;
}): Promise<RegistryProcess> {
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${opts.storage}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: bulkhead-test-secret',
  ];
  if (opts.tls) {
    lines.push('  tls:', `    certificate: ${opts.tls.certFile}`, `    key: ${opts.tls.keyFile}`);
  }
  if (opts.auth && 'htpasswd' in opts.auth) {
    lines.push('auth:', '  htpasswd:', '    realm: bulkhead-test', `    path: ${opts.auth.htpasswd}`);
  } else if (opts.auth) {
    const t = opts.auth.token;
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${t.realm}`,
      `    service: ${t.service}`,
      `    issuer: ${t.issuer}`,
      `    rootcertbundle: ${t.rootCertBundle}`,
    );
  }
  const config = join(opts.configDir, `registry-${port}.yml`);
  writeFileSync(config, lines.join('\n') + '\n');
  // Through a small shell that kills the registry once our end of its stdin closes: on stop(),
  // and also when the test process dies without cleaning up, so no registry outlives its tests.
  // (The watcher reads fd 3: the shell gives background jobs /dev/null as their stdin.)
  const proc = spawn(
    'sh',
    [
      '-c',
      'exec 3<&0; docker-registry serve "$0" </dev/null & r=$!; (read _ <&3; kill $r 2>/dev/null) & wait $r',
      config,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-20_000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const host = `127.0.0.1:${port}`;
  const url = `${opts.tls ? 'https' : 'http'}://${host}`;
  const logs = () => output;
  try {
    await waitUntilUp(proc, url, opts.tls ? readFileSync(opts.tls.caFile, 'utf8') : undefined, logs);
  } catch (e) {
    proc.stdin.end();
    throw e;
  }
  return {
    host,
    url,
    storage: opts.storage,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) {
          resolve();
          return;
        }
        proc.once('exit', () => {
          resolve();
        });
        proc.stdin.end();
      }),
  };
}

/** Pushes an image (or with `all`, an index and every image in it) from an OCI layout with skopeo. */
export async function pushLayout(
  layout: string,
  tag: string,
  dest: string,
  opts: { all?: boolean; format?: 'oci' | 'v2s2'; creds?: string } = {},
): Promise<void> {
  const args = ['copy', '--insecure-policy', '--quiet', '--dest-tls-verify=false'];
  if (opts.all) args.push('--all');
  if (opts.format) args.push('--format', opts.format);
  args.push(opts.creds ? `--dest-creds=${opts.creds}` : '--dest-no-creds');
  args.push(`oci:${layout}:${tag}`, `docker://${dest}`);
  // Asynchronously: the registry may ask a token server that runs in this very process.
  await execFileAsync('skopeo', args, { timeout: 30_000 });
}

/** Where the filesystem storage driver keeps a blob's bytes. */
export function blobDataPath(storage: string, digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return join(storage, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
}

/** A key pair and self-signed certificate for signing registry tokens (the registry's rootcertbundle). */
export interface TokenSigner {
  certFile: string;
  key: string;
  /** The certificate, base64 DER, for the JWT `x5c` header. */
  certDer: string;
}

export function makeTokenSigner(dir: string): TokenSigner {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'token.key',
      '-out',
      'token.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Bulkhead Test Token Signer',
    ],
    dir,
  );
  const certFile = join(dir, 'token.pem');
  const cert = new X509Certificate(readFileSync(certFile));
  return {
    certFile,
    key: readFileSync(join(dir, 'token.key'), 'utf8'),
    certDer: cert.raw.toString('base64'),
  };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A JWT the registry's token auth accepts: RS256, signer certificate in `x5c`. */
export function signToken(
  signer: TokenSigner,
  claims: { issuer: string; service: string; subject: string; access: { name: string; actions: string[] }[] },
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [signer.certDer] };
  const body = {
    iss: claims.issuer,
    sub: claims.subject,
    aud: claims.service,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access: claims.access.map((a) => ({ type: 'repository', ...a })),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(body))}`;
  const sig = createSign('sha256').update(input).sign(signer.key);
  return `${input}.${b64url(sig)}`;
}

export interface TokenRequest {
  method: string;
  service: string | null;
  scopes: string[];
  /** The user whose basic credentials came with the request, if any. */
  user: string | undefined;
  grantType?: string;
  status: number;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  requests: TokenRequest[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * A token server as Docker's token auth specifies: GET with basic credentials, or the OAuth2 POST
 * with a refresh token (what `identitytoken` in config.json holds). It checks the credentials, the
 * service and the scope, and records every request so tests can see what the client sent.
 */
export async function startTokenServer(opts: {
  signer: TokenSigner;
  tls: TestPki;
  users: Record<string, string>;
  refreshTokens?: Record<string, string>;
  service?: string;
  issuer?: string;
}): Promise<TokenServer> {
  const service = opts.service ?? 'bulkhead-test-registry';
  const issuer = opts.issuer ?? 'bulkhead-test-issuer';
  const requests: TokenRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const rec: TokenRequest = {
      method: req.method ?? '',
      service: url.searchParams.get('service'),
      scopes: url.searchParams.getAll('scope'),
      user: undefined,
      status: 200,
    };
    requests.push(rec);
    const reply = (status: number, body: object) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let subject: string | undefined;
    let field: 'token' | 'access_token' = 'token';
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      rec.service = form.get('service');
      rec.scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      rec.grantType = form.get('grant_type') ?? undefined;
      const user = opts.refreshTokens?.[form.get('refresh_token') ?? ''];
      if (rec.grantType !== 'refresh_token' || user === undefined) {
        reply(401, { error: 'invalid_grant' });
        return;
      }
      rec.user = user;
      subject = user;
      field = 'access_token';
    } else {
      const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
      if (m?.[1]) {
        const plain = Buffer.from(m[1], 'base64').toString('utf8');
        const i = plain.indexOf(':');
        const user = plain.slice(0, i);
        rec.user = user;
        if (i < 0 || opts.users[user] !== plain.slice(i + 1)) {
          reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
          return;
        }
        subject = user;
      }
    }
    if (subject === undefined) {
      reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'credentials required' }] });
      return;
    }
    if (rec.service !== service) {
      reply(400, { errors: [{ code: 'UNSUPPORTED', message: `unknown service ${String(rec.service)}` }] });
      return;
    }
    const access = rec.scopes.flatMap((s) => {
      const [type, name, actions] = s.split(':');
      return type === 'repository' && name && actions ? [{ name, actions: actions.split(',') }] : [];
    });
    const token = signToken(opts.signer, { issuer, service, subject, access });
    reply(200, { [field]: token, expires_in: 300, issued_at: new Date().toISOString() });
  };
  const server = createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `https://127.0.0.1:${port}/token`,
    service,
    issuer,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** One scripted answer of the test proxy: a status (with headers) or a dropped connection. */
export type ProxyAnswer =
  { status: number; headers?: Record<string, string>; body?: string | Buffer } | 'reset';

export interface ProxyHit {
  method: string;
  path: string;
  host: string;
  authorization: string | undefined;
  status: number | 'reset';
}

export interface TestProxy {
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  hits: ProxyHit[];
  /** Queues answers for requests whose path matches, before they reach the registry. */
  script(match: RegExp, answers: ProxyAnswer[]): void;
  /** Serves a fixed answer for a path, every time (hostile registries). */
  fixed(
    match: RegExp,
    answer: { status: number; headers?: Record<string, string>; body: string | Buffer },
  ): void;
  stop(): Promise<void>;
}

/**
 * A plain-HTTP front for a real registry that injects what registries do under load or in odd
 * deployments: 5xx and 429 answers, dropped connections, basic auth in front, and blob downloads
 * redirected to another host (as registries redirect to object storage).
 */
export async function startProxy(opts: {
  upstream: string;
  /** Require these basic credentials on /v2/ (not on redirected blob downloads). */
  basic?: { username: string; password: string };
  /** Redirect blob GETs to http://localhost:<port>/storage/... */
  redirectBlobs?: boolean;
}): Promise<TestProxy> {
  const hits: ProxyHit[] = [];
  const scripts: { match: RegExp; answers: ProxyAnswer[] }[] = [];
  const fixed: {
    match: RegExp;
    answer: { status: number; headers?: Record<string, string>; body: string | Buffer };
  }[] = [];
  let port = 0;
  const server = createHttpServer((req, res) => {
    const path = req.url ?? '/';
    const hit: ProxyHit = {
      method: req.method ?? '',
      path,
      host: req.headers.host ?? '',
      authorization: req.headers.authorization,
      status: 0,
    };
    hits.push(hit);
    const script = scripts.find((s) => s.match.test(path) && s.answers.length > 0);
    const answer = script?.answers.shift();
    if (answer === 'reset') {
      hit.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (answer) {
      hit.status = answer.status;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
      return;
    }
    const f = fixed.find((x) => x.match.test(path));
    if (f) {
      hit.status = f.answer.status;
      res.writeHead(f.answer.status, { 'content-length': String(f.answer.body.length), ...f.answer.headers });
      res.end(req.method === 'HEAD' ? undefined : f.answer.body);
      return;
    }
    let upstreamPath = path;
    if (path.startsWith('/storage/')) {
      upstreamPath = path.slice('/storage'.length);
    } else {
      if (opts.basic && path.startsWith('/v2/')) {
        const want = `Basic ${Buffer.from(`${opts.basic.username}:${opts.basic.password}`).toString('base64')}`;
        if (req.headers.authorization !== want) {
          hit.status = 401;
          res.writeHead(401, { 'www-authenticate': 'Basic realm="bulkhead proxy"' });
          res.end();
          return;
        }
      }
      if (opts.redirectBlobs && req.method === 'GET' && /\/blobs\/sha256:/.test(path)) {
        hit.status = 307;
        res.writeHead(307, { location: `http://localhost:${port}/storage${path}` });
        res.end();
        return;
      }
    }
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers.host;
    const up = httpRequest(`${opts.upstream}${upstreamPath}`, { method: req.method, headers }, (upRes) => {
      hit.status = upRes.statusCode ?? 0;
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      res.destroy();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    port,
    hits,
    script: (match, answers) => {
      scripts.push({ match, answers: [...answers] });
    },
    fixed: (match, answer) => {
      fixed.push({ match, answer });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The images the registry tests push, with what a client should read back. */
export interface TestImages {
  layout: string;
  /** `v1`: two layers, a history with an empty-layer entry between them, User `app`. */
  app: { manifest: string; config: string; layers: Buffer[]; createdBy: string[] };
  /** `multi`: an index with linux/amd64 and linux/arm64 images. */
  multi: { index: string; amd64: string; arm64: string };
  /** `tamper`: an image of its own, so that tests may corrupt its blobs in storage. */
  tamper: { manifest: string; config: string; layer: string };
}

/** Builds the test images into an OCI layout (tags `v1`, `multi`, `tamper`). */
export async function buildTestImages(layout: string): Promise<TestImages> {
  const layers = [
    await buildTar(
      [
        { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
        { name: 'app/.env', content: 'TOKEN=x\n' },
      ],
      { gzip: true },
    ),
    await buildTar([{ name: 'app/.wh..env' }, { name: 'app/server', content: 'binary' }], { gzip: true }),
  ];
  const layerDescs = layers.map((l) => writeBlob(layout, MT.layerGzip, l));
  const createdBy = ['ADD rootfs.tar /', 'RUN make && rm /app/.env'];
  const config = writeBlob(
    layout,
    MT.config,
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: 'app', Env: ['PATH=/usr/bin'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(gunzipSync(l))) },
      history: [
        { created_by: createdBy[0] },
        { created_by: 'ENV MODE=prod', empty_layer: true },
        { created_by: createdBy[1] },
      ],
    }),
  );
  const app = writeBlob(
    layout,
    MT.manifest,
    JSON.stringify({ schemaVersion: 2, mediaType: MT.manifest, config, layers: layerDescs }),
  );
  const amd64 = writeImage(layout, { layers: [layers[0] as Buffer] });
  const arm64 = writeImage(layout, {
    layers: [await buildTar([{ name: 'etc/arch', content: 'arm64' }], { gzip: true })],
    platform: { os: 'linux', architecture: 'arm64' },
  });
  const index = writeBlob(
    layout,
    MT.index,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.index,
      manifests: [
        { ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
        { ...arm64, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    }),
  );
  const tamperLayer = await buildTar([{ name: 'tamper', content: randomUUID() }], { gzip: true });
  const tamper = writeImage(layout, { layers: [tamperLayer] });
  const tamperManifest = JSON.parse(
    readFileSync(join(layout, 'blobs', 'sha256', tamper.digest.slice(7)), 'utf8'),
  ) as {
    config: { digest: string };
  };
  writeLayout(layout, [
    { desc: app, ref: 'v1' },
    { desc: index, ref: 'multi' },
    { desc: tamper, ref: 'tamper' },
  ]);
  return {
    layout,
    app: { manifest: app.digest, config: config.digest, layers, createdBy },
    multi: { index: index.digest, amd64: amd64.digest, arm64: arm64.digest },
    tamper: { manifest: tamper.digest, config: tamperManifest.config.digest, layer: sha256(tamperLayer) },
  };
}

/** Pushes the test images to `team/app` (`v1`, `v2s2` in Docker's format, `multi`) and `team/tamper:v1`. */
export async function pushTestImages(images: TestImages, host: string): Promise<void> {
  await Promise.all([
    pushLayout(images.layout, 'v1', `${host}/team/app:v1`),
    pushLayout(images.layout, 'v1', `${host}/team/app:v2s2`, { format: 'v2s2' }),
    pushLayout(images.layout, 'multi', `${host}/team/app:multi`, { all: true }),
    pushLayout(images.layout, 'tamper', `${host}/team/tamper:v1`),
  ]);
}

/** Reads a layer stream to the end (undefined: the layer was missing, a test failure). */
export async function collect(stream: AsyncIterable<Buffer> | undefined): Promise<Buffer> {
  if (!stream) throw new Error('no such layer');
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}
