import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/cli.js';
import { sha256, writeImage, writeLayout } from '../../../test/support/oci.js';
import { buildTar } from '../../../test/support/tar.js';
import { openDockerArchive } from './docker-archive.js';
import { walkLayer } from './layer.js';
import { openOciArchive } from './oci-layout.js';
import { Overlay } from './overlay.js';
import type { ImageSource } from './types.js';

async function finalView(
  img: ImageSource,
): Promise<{ files: string[]; deleted: [string, number, number | undefined][] }> {
  const overlay = new Overlay();
  for (const [i, layer] of img.layers.entries()) {
    overlay.apply(
      i,
      await walkLayer(layer.open(), `layer ${i}`, { claim: () => false, maxFileSize: 1 << 20 }),
    );
  }
  return {
    files: [...overlay.files().keys()].sort(),
    deleted: overlay.deleted().map((r) => [r.entry.path, r.layer, r.deletedBy]),
  };
}

describe('docker save and OCI archives', () => {
  let dir: string;
  let gzLayers: Buffer[];
  let config: Buffer;
  beforeAll(async () => {
    dir = tempDir('bulkhead-archive-');
    gzLayers = [
      await buildTar(
        [
          { name: 'etc/os-release', content: 'ID=alpine\n' },
          { name: 'app/.env', content: 'A=1\n' },
        ],
        { gzip: true },
      ),
      await buildTar([{ name: 'app/.wh..env' }, { name: 'usr/bin/su', content: 'x', mode: 0o4755 }], {
        gzip: true,
      }),
    ];
    const tars = gzLayers.map((l) => gunzipSync(l));
    config = Buffer.from(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        config: { User: '' },
        rootfs: { type: 'layers', diff_ids: tars.map((t) => sha256(t)) },
        history: [
          { created_by: 'ADD rootfs /' },
          { created_by: 'ENV X=1', empty_layer: true },
          { created_by: 'RUN rm /app/.env' },
        ],
      }),
    );
    // Classic `docker save`: <id>/layer.tar and <hex>.json.
    const cfgName = `${sha256(config).slice(7)}.json`;
    writeFileSync(
      join(dir, 'classic.tar'),
      await buildTar([
        {
          name: 'manifest.json',
          content: JSON.stringify([
            { Config: cfgName, RepoTags: ['app:1.0'], Layers: ['l0/layer.tar', 'l1/layer.tar'] },
          ]),
        },
        { name: cfgName, content: config },
        { name: 'l0/layer.tar', content: tars[0] },
        { name: 'l1/layer.tar', content: tars[1] },
      ]),
    );
    // Docker 25+: blobs/sha256/<hex> paths.
    const blob = (b: Buffer) => `blobs/sha256/${sha256(b).slice(7)}`;
    writeFileSync(
      join(dir, 'modern.tar'),
      await buildTar([
        {
          name: 'manifest.json',
          content: JSON.stringify([
            { Config: blob(config), RepoTags: ['app:1.0', 'app:latest'], Layers: tars.map(blob) },
          ]),
        },
        { name: blob(config), content: config },
        ...tars.map((t) => ({ name: blob(t), content: t })),
      ]),
    );
    // OCI archive: a tar of an OCI layout.
    const layout = join(dir, 'layout');
    writeLayout(layout, [
      {
        desc: writeImage(layout, { layers: gzLayers, createdBy: ['ADD rootfs /', 'RUN rm /app/.env'] }),
        ref: '1.0',
      },
    ]);
    execFileSync('tar', ['-cf', join(dir, 'oci.tar'), '-C', layout, '.']);
  });

  it('classic docker save, Docker 25+ docker save and an OCI archive give the same image', async () => {
    const classic = await openDockerArchive(join(dir, 'classic.tar'), undefined);
    const modern = await openDockerArchive(join(dir, 'modern.tar'), 'app:latest');
    const oci = await openOciArchive(join(dir, 'oci.tar'), '1.0');
    for (const img of [classic, modern, oci]) {
      expect(img.layers.map((l) => l.createdBy)).toEqual(['ADD rootfs /', 'RUN rm /app/.env']);
      expect(img.layers.map((l) => l.diffId)).toEqual(classic.layers.map((l) => l.diffId));
      expect(await finalView(img)).toEqual({
        files: ['etc/os-release', 'usr/bin/su'],
        deleted: [['app/.env', 0, 1]],
      });
    }
    expect(classic.name).toBe('app:1.0');
  });

  it('names the images of an archive when the one asked for is not there', async () => {
    await expect(openDockerArchive(join(dir, 'classic.tar'), 'other:2')).rejects.toThrow(
      /no image "other:2" \(has app:1.0\)/,
    );
  });

  it('refuses a layer whose bytes do not match its diff id', async () => {
    const cfgName = `${sha256(config).slice(7)}.json`;
    const tars = gzLayers.map((l) => gunzipSync(l));
    const forged = Buffer.from(tars[1] ?? Buffer.alloc(0));
    // Flip a byte of file content (not of a header): the tar still parses, only the digest can tell.
    forged[1024] = (forged[1024] ?? 0) ^ 0xff;
    writeFileSync(
      join(dir, 'forged.tar'),
      await buildTar([
        {
          name: 'manifest.json',
          content: JSON.stringify([
            { Config: cfgName, RepoTags: [], Layers: ['l0/layer.tar', 'l1/layer.tar'] },
          ]),
        },
        { name: cfgName, content: config },
        { name: 'l0/layer.tar', content: tars[0] },
        { name: 'l1/layer.tar', content: forged },
      ]),
    );
    const img = await openDockerArchive(join(dir, 'forged.tar'), undefined);
    await expect(finalView(img)).rejects.toThrow(
      /layer 1 \(l1\/layer.tar\): content does not match its digest/,
    );
  });

  it('an archive without manifest.json or oci-layout, or with a missing layer, is a clear error', async () => {
    writeFileSync(join(dir, 'plain.tar'), await buildTar([{ name: 'hello.txt', content: 'hi' }]));
    await expect(openDockerArchive(join(dir, 'plain.tar'), undefined)).rejects.toThrow(
      /no manifest.json: not a docker save archive/,
    );
    writeFileSync(
      join(dir, 'partial.tar'),
      await buildTar([
        {
          name: 'manifest.json',
          content: JSON.stringify([{ Config: 'c.json', RepoTags: [], Layers: ['l0/layer.tar'] }]),
        },
        { name: 'c.json', content: JSON.stringify({ rootfs: { diff_ids: [sha256('x')] } }) },
      ]),
    );
    await expect(openDockerArchive(join(dir, 'partial.tar'), undefined)).rejects.toThrow(
      /layer l0\/layer.tar is missing/,
    );
  });
});
