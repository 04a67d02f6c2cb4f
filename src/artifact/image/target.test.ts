import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/cli.js';
import { writeImage, writeLayout } from '../../../test/support/oci.js';
import { buildTar } from '../../../test/support/tar.js';
import { openImageTarget, resolveImageTarget } from './target.js';

describe('resolveImageTarget', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('bulkhead-target-');
    const layout = join(dir, 'layout');
    writeLayout(layout, [
      {
        desc: writeImage(layout, { layers: [await buildTar([{ name: 'a', content: 'x' }], { gzip: true })] }),
        ref: 'v1',
      },
    ]);
    execFileSync('tar', ['-cf', join(dir, 'oci.tar'), '-C', layout, '.']);
    writeFileSync(join(dir, 'save.tar'), await buildTar([{ name: 'manifest.json', content: '[]' }]));
    writeFileSync(join(dir, 'other.tar'), await buildTar([{ name: 'README', content: 'hi' }]));
    mkdirSync(join(dir, 'plain'));
  });

  it.each([
    ['docker-archive:/x/img.tar', { kind: 'docker-archive', path: '/x/img.tar' }],
    ['docker-archive:/x/img.tar:app:1.0', { kind: 'docker-archive', path: '/x/img.tar', ref: 'app:1.0' }],
    ['oci-archive:img.tar:v2', { kind: 'oci-archive', path: 'img.tar', ref: 'v2' }],
    ['oci:./layout', { kind: 'oci', path: './layout' }],
    ['alpine:3.19', { kind: 'registry', ref: 'alpine:3.19' }],
    [
      `registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}`,
      { kind: 'registry', ref: `registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}` },
    ],
  ])('explicit or reference %s', async (input, want) => {
    expect(await resolveImageTarget(input)).toEqual(want);
  });

  it('recognises plain paths by their content', async () => {
    expect(await resolveImageTarget(join(dir, 'layout'))).toEqual({ kind: 'oci', path: join(dir, 'layout') });
    expect(await resolveImageTarget(`${join(dir, 'layout')}:v1`)).toEqual({
      kind: 'oci',
      path: join(dir, 'layout'),
      ref: 'v1',
    });
    expect(await resolveImageTarget(join(dir, 'oci.tar'))).toEqual({
      kind: 'oci-archive',
      path: join(dir, 'oci.tar'),
    });
    expect(await resolveImageTarget(join(dir, 'save.tar'))).toEqual({
      kind: 'docker-archive',
      path: join(dir, 'save.tar'),
    });
  });

  it('says what is wrong with paths that are not images', async () => {
    await expect(resolveImageTarget(join(dir, 'plain'))).rejects.toThrow(/not an OCI image layout/);
    await expect(resolveImageTarget(join(dir, 'other.tar'))).rejects.toThrow(
      /neither a docker save nor an OCI archive/,
    );
    await expect(resolveImageTarget('./no/such/Thing.tar')).rejects.toThrow(
      /no such file or folder, and not an image reference/,
    );
  });

  it('opens what it resolved, the same image from the folder and the archive', async () => {
    const a = await openImageTarget(await resolveImageTarget(`${join(dir, 'layout')}:v1`));
    const b = await openImageTarget(await resolveImageTarget(`oci-archive:${join(dir, 'oci.tar')}:v1`));
    expect(b.layers.map((l) => l.digest)).toEqual(a.layers.map((l) => l.digest));
    // Registry references go to the registry client (tested against a real registry in src/registry).
    await expect(openImageTarget({ kind: 'registry', ref: '127.0.0.1:1/team/app:v1' })).rejects.toThrow(
      /connection refused/,
    );
  });
});
