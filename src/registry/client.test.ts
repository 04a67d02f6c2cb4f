import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import {
  buildTestImages,
  collect,
  startProxy,
  startRegistry,
  pushTestImages,
  type RegistryProcess,
  type TestImages,
  type TestProxy,
} from '../../test/support/registry.js';
import { RegistryClient, type RegistryOptions } from './client.js';
import { headManifest, openRegistryImage } from './image.js';

// A real registry (plain HTTP) behind a small proxy that injects what registries do under load
// or in odd deployments: 429 and 5xx answers, dropped connections, redirects to another host,
// and answers no well-behaved registry gives (schema 1, broken JSON, huge manifests).
let registry: RegistryProcess;
let images: TestImages;
let open: TestProxy;
let guarded: TestProxy;
const running: { stop(): Promise<void> }[] = [];

const opts = (proxy: TestProxy, extra: RegistryOptions = {}): RegistryOptions => ({
  insecure: [proxy.host],
  retry: { baseDelayMs: 1 },
  ...extra,
});

// Real processes: allow for a loaded machine when every test file runs at once.
vi.setConfig({ testTimeout: 20_000 });

beforeAll(async () => {
  const dir = tempDir('bulkhead-registry-client-');
  mkdirSync(join(dir, 'storage'));
  images = await buildTestImages(join(dir, 'layout'));
  registry = await startRegistry({ storage: join(dir, 'storage'), configDir: dir });
  running.push(registry);
  await pushTestImages(images, registry.host);
  open = await startProxy({ upstream: registry.url });
  running.push(open);
  guarded = await startProxy({
    upstream: registry.url,
    basic: { username: 'bob', password: 'pw' },
    redirectBlobs: true,
  });
  running.push(guarded);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

const hitsFor = (proxy: TestProxy, path: RegExp) => proxy.hits.filter((h) => path.test(h.path));

describe('retries', () => {
  it('retries 503 answers with backoff until the registry recovers', async () => {
    open.script(/\/team\/app\/manifests\/v1$/, [{ status: 503 }, { status: 503 }]);
    const before = hitsFor(open, /\/team\/app\/manifests\/v1$/).length;
    const img = await openRegistryImage(`${open.host}/team/app:v1`, opts(open));
    expect(img.manifestDigest).toBe(images.app.manifest);
    expect(
      hitsFor(open, /\/team\/app\/manifests\/v1$/)
        .slice(before)
        .map((h) => h.status),
    ).toEqual([503, 503, 200]);
  });

  it('honours Retry-After on 429, and retries dropped connections', async () => {
    open.script(/\/blobs\//, [{ status: 429, headers: { 'retry-after': '0' } }, 'reset']);
    const before = hitsFor(open, /\/blobs\//).length;
    const img = await openRegistryImage(`${open.host}/team/app:v1`, opts(open));
    expect((await collect(img.layers[0]?.open())).equals(images.app.layers[0] as Buffer)).toBe(true);
    expect(
      hitsFor(open, /\/blobs\//)
        .slice(before, before + 3)
        .map((h) => h.status),
    ).toEqual([429, 'reset', 200]);
  });

  it('gives up after the configured attempts, and at once when Retry-After is too long', async () => {
    open.script(
      /\/team\/app\/manifests\/v2s2$/,
      Array.from({ length: 3 }, () => ({ status: 502 })),
    );
    const before = hitsFor(open, /\/manifests\/v2s2$/).length;
    await expect(
      openRegistryImage(`${open.host}/team/app:v2s2`, opts(open, { retry: { attempts: 3, baseDelayMs: 1 } })),
    ).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${open.host}/team/app:v2s2: the registry failed (502)`,
    });
    expect(hitsFor(open, /\/manifests\/v2s2$/).length - before).toBe(3);

    open.script(/\/team\/app\/manifests\/v2s2$/, [{ status: 429, headers: { 'retry-after': '3600' } }]);
    await expect(openRegistryImage(`${open.host}/team/app:v2s2`, opts(open))).rejects.toMatchObject({
      message: `${open.host}/team/app:v2s2: rate limited by the registry (429)`,
    });
  });
});

describe('redirects', () => {
  it('follows blob redirects to another host without sending it our credentials', async () => {
    const img = await openRegistryImage(
      `${guarded.host}/team/app:v1`,
      opts(guarded, { username: 'bob', password: 'pw' }),
    );
    for (const [i, layer] of img.layers.entries()) {
      expect((await collect(layer.open())).equals(images.app.layers[i] as Buffer)).toBe(true);
    }
    const api = guarded.hits.filter((h) => h.path.startsWith('/v2/') && h.status !== 401);
    const storage = guarded.hits.filter((h) => h.path.startsWith('/storage/'));
    expect(api.every((h) => h.authorization?.startsWith('Basic '))).toBe(true);
    expect(api.filter((h) => h.status === 307)).toHaveLength(3);
    // Config and both layers came from the other host, with no Authorization header.
    expect(storage.map((h) => [h.host, h.authorization])).toEqual([
      [`localhost:${guarded.port}`, undefined],
      [`localhost:${guarded.port}`, undefined],
      [`localhost:${guarded.port}`, undefined],
    ]);
  });
});

describe('hostile or broken registries', () => {
  const manifest = (
    tag: string,
    body: string | Buffer,
    type = 'application/vnd.oci.image.manifest.v1+json',
  ) => {
    open.fixed(new RegExp(`/manifests/${tag}$`), { status: 200, headers: { 'content-type': type }, body });
  };

  it('refuses schema 1 manifests, broken JSON and oversized manifests with one-line errors', async () => {
    manifest(
      'schema1',
      JSON.stringify({ schemaVersion: 1, name: 'team/app', tag: 'schema1', fsLayers: [] }),
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
    );
    manifest('garbage', '{"schemaVersion": 2, "layers": [');
    manifest('huge', Buffer.alloc(5 * 1024 * 1024, 0x20));
    await expect(openRegistryImage(`${open.host}/team/app:schema1`, opts(open))).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${open.host}/team/app:schema1: Docker schema 1 manifests are not supported`,
    });
    await expect(openRegistryImage(`${open.host}/team/app:garbage`, opts(open))).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${open.host}/team/app:garbage: the manifest is not a JSON object`,
    });
    await expect(openRegistryImage(`${open.host}/team/app:huge`, opts(open))).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: `${open.host}/team/app:huge: larger than 4 MiB, refusing to read it`,
    });
  });

  it('checks a tag against the Docker-Content-Digest the registry claims', async () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    open.fixed(/\/manifests\/lying$/, {
      status: 200,
      headers: {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': images.app.manifest,
      },
      body,
    });
    await expect(openRegistryImage(`${open.host}/team/app:lying`, opts(open))).rejects.toThrow(
      /lying: content does not match its digest/,
    );
  });
});

describe('RegistryClient', () => {
  it('resolves tags with HEAD and fetches blobs by digest', async () => {
    const client = new RegistryClient(open.host, opts(open));
    try {
      expect(await client.headManifest('team/app', 'multi')).toMatchObject({
        digest: images.multi.index,
        mediaType: 'application/vnd.oci.image.index.v1+json',
      });
      const heads = hitsFor(open, /\/manifests\/multi$/);
      expect(heads.at(-1)?.method).toBe('HEAD');
      const m = await client.getManifest('team/app', images.app.manifest);
      expect(m.digest).toBe(images.app.manifest);
      const config = await client.getBlob('team/app', images.app.config, 1024 * 1024, 'config');
      expect(JSON.parse(config.toString('utf8'))).toMatchObject({ config: { User: 'app' } });
      await expect(client.getBlob('team/app', images.app.config, 10, 'config')).rejects.toThrow(
        /larger than/,
      );
    } finally {
      await client.close();
    }
    await expect(headManifest(`${open.host}/team/app:absent`, opts(open))).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
  });
});
