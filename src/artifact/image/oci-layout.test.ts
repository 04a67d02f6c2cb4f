import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/cli.js';
import { MT, writeBlob, writeImage, writeLayout } from '../../../test/support/oci.js';
import { buildTar } from '../../../test/support/tar.js';
import { walkLayer } from './layer.js';
import { openOciLayout } from './oci-layout.js';
import { Overlay } from './overlay.js';

async function collect(layer: { open(): AsyncIterable<Buffer> } | undefined): Promise<Buffer> {
  if (!layer) throw new Error('no such layer');
  const chunks: Buffer[] = [];
  for await (const c of layer.open()) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('openOciLayout', () => {
  let dir: string;
  let layers: Buffer[];
  beforeAll(async () => {
    dir = tempDir('bulkhead-oci-');
    layers = [
      await buildTar(
        [
          { name: 'etc/os-release', content: 'ID=debian\n' },
          { name: 'app/.env', content: 'TOKEN=x\n' },
        ],
        { gzip: true },
      ),
      await buildTar([{ name: 'app/.wh..env' }, { name: 'app/server', content: 'bin' }], { gzip: true }),
    ];
    const app = writeImage(dir, {
      layers,
      createdBy: ['ADD rootfs.tar /', 'RUN rm /app/.env'],
      config: { User: 'app' },
    });
    const arm = writeImage(dir, {
      layers: [layers[0] as Buffer],
      platform: { os: 'linux', architecture: 'arm64' },
    });
    const index = writeBlob(
      dir,
      MT.index,
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          { ...app, platform: { os: 'linux', architecture: 'amd64' } },
          { ...arm, platform: { os: 'linux', architecture: 'arm64' } },
        ],
      }),
    );
    writeLayout(dir, [
      { desc: app, ref: 'app' },
      { desc: index, ref: 'multi' },
    ]);
  });

  it('opens an image by tag, with its config, layers, diff ids and history', async () => {
    const img = await openOciLayout(dir, 'app');
    expect(img.name).toBe(`${dir}:app`);
    expect(img.config.config?.User).toBe('app');
    expect(img.layers.map((l) => l.createdBy)).toEqual(['ADD rootfs.tar /', 'RUN rm /app/.env']);
    expect(await collect(img.layers[1])).toEqual(layers[1]);
  });

  it('resolves an image index by platform', async () => {
    expect((await openOciLayout(dir, 'multi')).layers).toHaveLength(2);
    expect((await openOciLayout(dir, 'multi', 'linux/arm64')).layers).toHaveLength(1);
    await expect(openOciLayout(dir, 'multi', 'linux/s390x')).rejects.toThrow(
      /no image for platform linux\/s390x \(has linux\/amd64, linux\/arm64\)/,
    );
  });

  it('walks the layers into the final view, with the deleted file attributed to the layer that added it', async () => {
    const img = await openOciLayout(dir, 'app');
    const overlay = new Overlay();
    for (const [i, layer] of img.layers.entries()) {
      overlay.apply(
        i,
        await walkLayer(layer.open(), `layer ${i}`, { claim: () => false, maxFileSize: 1 << 20 }),
      );
    }
    expect([...overlay.files().keys()].sort()).toEqual(['app/server', 'etc/os-release']);
    expect(overlay.deleted().map((r) => [r.entry.path, r.layer, r.deletedBy])).toEqual([['app/.env', 0, 1]]);
  });

  it('asks for a tag when the layout holds several images, and names the tags it has', async () => {
    await expect(openOciLayout(dir, undefined)).rejects.toThrow(/holds 2 images/);
    await expect(openOciLayout(dir, 'nope')).rejects.toThrow(/no image tagged "nope" \(tags: app, multi\)/);
  });

  it('refuses a tampered blob and a missing one', async () => {
    const bad = tempDir('bulkhead-oci-bad-');
    const layer = await buildTar([{ name: 'a', content: 'x' }], { gzip: true });
    const m = writeImage(bad, { layers: [layer] });
    writeLayout(bad, [{ desc: m }]);
    const img = await openOciLayout(bad, undefined);
    const digest = img.layers[0]?.digest ?? '';
    writeFileSync(join(bad, 'blobs', 'sha256', digest.slice(7)), Buffer.concat([layer, Buffer.from('!')]));
    await expect(collect(img.layers[0])).rejects.toThrow(/content does not match its digest/);
    writeFileSync(
      join(bad, 'index.json'),
      JSON.stringify({ manifests: [{ ...m, digest: `sha256:${'0'.repeat(64)}` }] }),
    );
    await expect(openOciLayout(bad, undefined)).rejects.toThrow(/missing or unreadable/);
  });

  it('a folder that is not a layout is a clear error', async () => {
    await expect(openOciLayout(tempDir('bulkhead-empty-'), undefined)).rejects.toThrow(
      /oci-layout: cannot read ENOENT/,
    );
  });
});
