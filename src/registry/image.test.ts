import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import {
  blobDataPath,
  buildTestImages,
  collect,
  freePort,
  makePki,
  makeTokenSigner,
  pushTestImages,
  startRegistry,
  startTokenServer,
  writeHtpasswd,
  type RegistryProcess,
  type TestImages,
  type TestPki,
  type TokenServer,
} from '../../test/support/registry.js';
import type { RegistryOptions } from './client.js';
import { headManifest, openRegistryImage } from './image.js';

// Real registries (Debian's docker-registry, distribution 2.8) on 127.0.0.1, all serving one
// storage folder: the images are pushed once with skopeo, then read through each configuration.
let dir: string;
let pki: TestPki;
let otherPki: TestPki;
let images: TestImages;
let anon: RegistryProcess;
let basic: RegistryProcess;
let token: RegistryProcess;
let plain: RegistryProcess;
let tokens: TokenServer;
/** What afterAll stops, filled as things start (so a failed start still cleans up). */
const running: { stop(): Promise<void> }[] = [];

/** Fast retries: the tests must not wait on backoff. */
const fast: RegistryOptions = { retry: { baseDelayMs: 1 } };

// Real processes: allow for a loaded machine when every test file runs at once.
vi.setConfig({ testTimeout: 20_000 });

beforeAll(async () => {
  dir = tempDir('bulkhead-registry-');
  mkdirSync(join(dir, 'pki'));
  mkdirSync(join(dir, 'other'));
  mkdirSync(join(dir, 'storage'));
  pki = makePki(join(dir, 'pki'));
  otherPki = makePki(join(dir, 'other'), 'Unrelated');
  const signer = makeTokenSigner(join(dir, 'pki'));
  const storage = join(dir, 'storage');
  images = await buildTestImages(join(dir, 'layout'));
  anon = await startRegistry({ storage, configDir: dir, tls: pki });
  running.push(anon);
  await pushTestImages(images, anon.host);
  tokens = await startTokenServer({
    signer,
    tls: pki,
    users: { alice: 's3cret' },
    refreshTokens: { 'refresh-4a1ce': 'alice' },
  });
  running.push(tokens);
  [basic, token, plain] = await Promise.all([
    startRegistry({
      storage,
      configDir: dir,
      tls: pki,
      auth: { htpasswd: writeHtpasswd(join(dir, 'htpasswd'), { alice: 's3cret' }) },
    }),
    startRegistry({
      storage,
      configDir: dir,
      tls: pki,
      auth: {
        token: {
          realm: tokens.realm,
          service: tokens.service,
          issuer: tokens.issuer,
          rootCertBundle: signer.certFile,
        },
      },
    }),
    startRegistry({ storage, configDir: dir }),
  ]);
  running.push(basic, token, plain);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

describe('openRegistryImage over TLS', () => {
  it('pulls anonymously, trusting the CA from caFile, and streams layers as pushed', async () => {
    const img = await openRegistryImage(`${anon.host}/team/app:v1`, { ...fast, caFile: pki.caFile });
    expect(img.name).toBe(`${anon.host}/team/app:v1`);
    expect(img.manifestDigest).toBe(images.app.manifest);
    expect(img.config.config?.User).toBe('app');
    // The ENV entry made no layer: the history pairs up with the layers around it.
    expect(img.layers.map((l) => l.createdBy)).toEqual(images.app.createdBy);
    expect(img.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ]);
    for (const [i, layer] of img.layers.entries()) {
      expect(layer.size).toBe(images.app.layers[i]?.length);
      expect((await collect(layer.open())).equals(images.app.layers[i] as Buffer)).toBe(true);
    }
  });

  it('reads Docker schema 2 manifests', async () => {
    const img = await openRegistryImage(`${anon.host}/team/app:v2s2`, { ...fast, caFile: pki.caFile });
    expect(img.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ]);
    expect(img.layers.map((l) => l.createdBy)).toEqual(images.app.createdBy);
    expect((await collect(img.layers[1]?.open())).equals(images.app.layers[1] as Buffer)).toBe(true);
  });

  it('refuses a certificate it cannot verify, saying how to trust it', async () => {
    const want = {
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(/^127\.0\.0\.1:\d+: TLS certificate not trusted \(.*\)$/) as unknown,
      hint: expect.stringMatching(/--ca-cert .*--insecure-registry 127\.0\.0\.1:\d+/) as unknown,
    };
    await expect(openRegistryImage(`${anon.host}/team/app:v1`, fast)).rejects.toMatchObject(want);
    await expect(
      openRegistryImage(`${anon.host}/team/app:v1`, { ...fast, caFile: otherPki.caFile }),
    ).rejects.toMatchObject(want);
  });

  it('keeps trusting NODE_EXTRA_CA_CERTS next to a CA file', async () => {
    const img = await openRegistryImage(`${anon.host}/team/app:v1`, {
      ...fast,
      caFile: otherPki.caFile,
      env: { NODE_EXTRA_CA_CERTS: pki.caFile },
    });
    expect(img.manifestDigest).toBe(images.app.manifest);
  });

  it('trusts NODE_EXTRA_CA_CERTS without a CA file (Node reads it at start: a fresh process)', async () => {
    const script = [
      `import { openRegistryImage } from ${JSON.stringify(join(import.meta.dirname, 'image.ts'))};`,
      `const img = await openRegistryImage(${JSON.stringify(`${anon.host}/team/app:v1`)});`,
      'console.log(img.manifestDigest);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.caFile },
        cwd: join(import.meta.dirname, '..', '..'),
      },
    );
    expect(stdout.trim()).toBe(images.app.manifest);
  });

  it('rejects a bad CA file clearly', async () => {
    await expect(
      openRegistryImage(`${anon.host}/team/app:v1`, { ...fast, caFile: join(dir, 'missing.pem') }),
    ).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/missing\.pem: cannot read/) as unknown,
    });
  });

  it('selects the platform from an index, and lists the platforms when none matches', async () => {
    const opts = { ...fast, caFile: pki.caFile };
    const ref = `${anon.host}/team/app:multi`;
    const amd = await openRegistryImage(ref, opts);
    expect(amd.config.architecture).toBe('amd64');
    expect(amd.manifestDigest).toBe(images.multi.amd64);
    const arm = await openRegistryImage(ref, { ...opts, platform: 'linux/arm64' });
    expect(arm.config.architecture).toBe('arm64');
    expect(arm.manifestDigest).toBe(images.multi.arm64);
    await expect(openRegistryImage(ref, { ...opts, platform: 'linux/s390x' })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      message: `${ref}: no image for platform linux/s390x (has linux/amd64, linux/arm64)`,
    });
  });

  it('fetches by digest and verifies it; HEAD resolves tags to digests', async () => {
    const opts = { ...fast, caFile: pki.caFile };
    const byDigest = await openRegistryImage(`${anon.host}/team/app@${images.app.manifest}`, opts);
    expect(byDigest.manifestDigest).toBe(images.app.manifest);
    expect(byDigest.layers.map((l) => l.diffId)).toHaveLength(2);
    const both = await openRegistryImage(`${anon.host}/team/app:ignored@${images.app.manifest}`, opts);
    expect(both.manifestDigest).toBe(images.app.manifest);
    expect((await headManifest(`${anon.host}/team/app:v1`, opts)).digest).toBe(images.app.manifest);
    const head = await headManifest(`${anon.host}/team/app:multi`, opts);
    expect(head).toMatchObject({
      digest: images.multi.index,
      mediaType: 'application/vnd.oci.image.index.v1+json',
    });
    await expect(
      openRegistryImage(`${anon.host}/team/app@sha256:${'0'.repeat(64)}`, opts),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
  });

  it('says "manifest unknown" for a tag or repository that does not exist', async () => {
    const opts = { ...fast, caFile: pki.caFile };
    await expect(openRegistryImage(`${anon.host}/team/app:nope`, opts)).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      message: `${anon.host}/team/app:nope: manifest unknown`,
    });
    await expect(openRegistryImage(`${anon.host}/team/none`, opts)).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      message: `${anon.host}/team/none:latest: manifest unknown`,
    });
    await expect(headManifest(`${anon.host}/team/app:nope`, opts)).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
  });

  it('fails on a refused connection and on an invalid reference', async () => {
    const port = await freePort();
    await expect(openRegistryImage(`127.0.0.1:${port}/team/app:v1`, fast)).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(/connection refused/) as unknown,
    });
    await expect(openRegistryImage(`${anon.host}/team/../app:v1`, fast)).rejects.toMatchObject({
      code: 'USAGE',
    });
  });
});

describe('tampered content', () => {
  // Runs against the tamper image only; the other tests share the storage.
  it('detects a corrupt layer while streaming it, a corrupt config and a corrupt manifest', async () => {
    const opts = { ...fast, caFile: pki.caFile };
    const ref = `${anon.host}/team/tamper:v1`;
    const flip = (digest: string) => {
      const file = blobDataPath(anon.storage, digest);
      const buf = readFileSync(file);
      // Same length, different bytes: only the digest can tell.
      buf[buf.length - 5] = (buf[buf.length - 5] ?? 0) ^ 0xff;
      writeFileSync(file, buf);
    };
    flip(images.tamper.layer);
    const img = await openRegistryImage(ref, opts);
    const layer = img.layers[0];
    expect(layer?.digest).toBe(images.tamper.layer);
    await expect(collect(layer?.open())).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(/layer 0 .*content does not match its digest/) as unknown,
    });

    flip(images.tamper.config);
    await expect(openRegistryImage(ref, opts)).rejects.toThrow(/config .*does not match its digest/);

    const manifest = blobDataPath(anon.storage, images.tamper.manifest);
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('"schemaVersion":2', '"schemaVersion": 2'),
    );
    await expect(openRegistryImage(ref, opts)).rejects.toThrow(/does not match its digest/);
    await expect(
      openRegistryImage(`${anon.host}/team/tamper@${images.tamper.manifest}`, opts),
    ).rejects.toThrow(/does not match its digest/);
  });
});

describe('basic auth', () => {
  const ref = () => `${basic.host}/team/app:v1`;

  it('uses explicit credentials', async () => {
    const img = await openRegistryImage(ref(), {
      ...fast,
      caFile: pki.caFile,
      username: 'alice',
      password: 's3cret',
    });
    expect((await collect(img.layers[0]?.open())).equals(images.app.layers[0] as Buffer)).toBe(true);
  });

  it('fails clearly without credentials or with a wrong password', async () => {
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile })).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${basic.host}: authentication failed for team/app (401)`,
      hint: expect.stringMatching(/docker login 127\.0\.0\.1:\d+.*--username/) as unknown,
    });
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, username: 'alice', password: 'wrong' }),
    ).rejects.toMatchObject({
      message: `${basic.host}: authentication failed for team/app (401)`,
      hint: expect.stringMatching(/refused the credentials from registry credentials/) as unknown,
    });
  });

  it('reads BULKHEAD_REGISTRY_USERNAME/PASSWORD before the Docker config, and explicit options first', async () => {
    const docker = join(dir, 'docker-wrong');
    mkdirSync(docker, { recursive: true });
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({ auths: { [basic.host]: { auth: Buffer.from('alice:wrong').toString('base64') } } }),
    );
    const env = {
      DOCKER_CONFIG: docker,
      BULKHEAD_REGISTRY_USERNAME: 'alice',
      BULKHEAD_REGISTRY_PASSWORD: 's3cret',
    };
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env })).resolves.toBeDefined();
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env, username: 'alice', password: 'nope' }),
    ).rejects.toThrow(/authentication failed/);
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env: { DOCKER_CONFIG: docker } }),
    ).rejects.toMatchObject({ hint: expect.stringMatching(/docker-wrong\/config\.json/) as unknown });
  });

  it('reads auths from $DOCKER_CONFIG/config.json and from ~/.docker/config.json', async () => {
    const docker = join(dir, 'docker-config');
    mkdirSync(docker, { recursive: true });
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({ auths: { [basic.host]: { auth: Buffer.from('alice:s3cret').toString('base64') } } }),
    );
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env: { DOCKER_CONFIG: docker } }),
    ).resolves.toMatchObject({ manifestDigest: images.app.manifest });

    const home = join(dir, 'home');
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [`https://${basic.host}/v1/`]: { username: 'alice', password: 's3cret' } } }),
    );
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env: {}, homeDir: home }),
    ).resolves.toMatchObject({ manifestDigest: images.app.manifest });
  });

  it('asks a credential helper (credHelpers, then credsStore) found on the PATH it is given', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const asked = join(dir, 'helper-asked');
    const helper = join(bin, 'docker-credential-bulkheadtest');
    writeFileSync(
      helper,
      [
        '#!/bin/sh',
        'read -r server',
        `echo "$1 $server" >> ${JSON.stringify(asked)}`,
        `if [ "$server" = ${JSON.stringify(basic.host)} ]; then`,
        `  printf '{"ServerURL":"%s","Username":"alice","Secret":"s3cret"}' "$server"`,
        'else',
        '  echo "credentials not found in native keychain"',
        '  exit 1',
        'fi',
      ].join('\n') + '\n',
    );
    chmodSync(helper, 0o755);
    const docker = join(dir, 'docker-helper');
    mkdirSync(docker, { recursive: true });
    const env = { DOCKER_CONFIG: docker, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };

    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({ credHelpers: { [basic.host]: 'bulkheadtest' } }),
    );
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env })).resolves.toMatchObject({
      manifestDigest: images.app.manifest,
    });
    expect(readFileSync(asked, 'utf8')).toBe(`get ${basic.host}\n`);

    // A store that has nothing for this registry: anonymous, which this registry refuses.
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({ credsStore: 'bulkheadtest', auths: { [basic.host]: {} } }),
    );
    const otherHost = basic.host.replace('127.0.0.1', 'localhost');
    await expect(
      openRegistryImage(`${otherHost}/team/app:v1`, { ...fast, caFile: pki.caFile, env }),
    ).rejects.toMatchObject({
      message: `${otherHost}: authentication failed for team/app (401)`,
      hint: expect.stringMatching(/^log in with `docker login/) as unknown,
    });
    writeFileSync(join(docker, 'config.json'), JSON.stringify({ credsStore: 'bulkheadtest' }));
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env })).resolves.toBeDefined();

    writeFileSync(join(docker, 'config.json'), JSON.stringify({ credsStore: 'absent' }));
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env })).rejects.toMatchObject({
      message: expect.stringMatching(/docker-credential-absent .*not found on PATH/) as unknown,
    });
  });
});

describe('bearer token auth', () => {
  const ref = () => `${token.host}/team/app:v1`;

  it('gets a token with the credentials, service and pull scope, once per scope', async () => {
    const before = tokens.requests.length;
    const img = await openRegistryImage(ref(), {
      ...fast,
      caFile: pki.caFile,
      username: 'alice',
      password: 's3cret',
    });
    for (const [i, layer] of img.layers.entries()) {
      expect((await collect(layer.open())).equals(images.app.layers[i] as Buffer)).toBe(true);
    }
    // Manifest, config and two layers: one token, cached for all of them.
    expect(tokens.requests.slice(before)).toEqual([
      {
        method: 'GET',
        service: tokens.service,
        scopes: ['repository:team/app:pull'],
        user: 'alice',
        status: 200,
      },
    ]);
  });

  it('refuses a wrong password, and anonymous access, with an auth error', async () => {
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, username: 'alice', password: 'wrong' }),
    ).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${token.host}: authentication failed for team/app (401)`,
    });
    await expect(openRegistryImage(ref(), { ...fast, caFile: pki.caFile })).rejects.toMatchObject({
      message: `${token.host}: authentication failed for team/app (401)`,
      hint: expect.stringMatching(/docker login/) as unknown,
    });
  });

  it('exchanges an identity token from config.json (OAuth2 refresh grant, access_token answer)', async () => {
    const docker = join(dir, 'docker-identity');
    mkdirSync(docker, { recursive: true });
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({
        auths: {
          [token.host]: { auth: Buffer.from('<token>:').toString('base64'), identitytoken: 'refresh-4a1ce' },
        },
      }),
    );
    const before = tokens.requests.length;
    await expect(
      openRegistryImage(ref(), { ...fast, caFile: pki.caFile, env: { DOCKER_CONFIG: docker } }),
    ).resolves.toMatchObject({ manifestDigest: images.app.manifest });
    expect(tokens.requests.slice(before)).toMatchObject([
      { method: 'POST', grantType: 'refresh_token', scopes: ['repository:team/app:pull'], user: 'alice' },
    ]);
  });
});

describe('insecure registries', () => {
  it('reads a plain-HTTP registry listed as insecure', async () => {
    const img = await openRegistryImage(`${plain.host}/team/app:multi`, {
      ...fast,
      insecure: [plain.host],
      platform: 'linux/arm64',
    });
    expect(img.manifestDigest).toBe(images.multi.arm64);
  });

  it('says to list a plain-HTTP registry as insecure', async () => {
    await expect(openRegistryImage(`${plain.host}/team/app:v1`, fast)).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(/TLS handshake failed/) as unknown,
      hint: `if the registry serves plain HTTP, pass --insecure-registry ${plain.host}`,
    });
  });

  it('reads a TLS registry listed as insecure without verifying its certificate', async () => {
    const img = await openRegistryImage(`${anon.host}/team/app:v1`, { ...fast, insecure: ['127.0.0.1'] });
    expect(img.manifestDigest).toBe(images.app.manifest);
  });
});
