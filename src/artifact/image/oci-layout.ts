import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BulkheadError } from '../../core/errors.js';
import { parseDigest, verified } from './digest.js';
import { indexTar, openMember } from './tar-index.js';
import { imageLayers, parseImageConfig } from './config.js';
import type { ImageSource } from './types.js';

/** Files of an OCI layout, wherever they are: a folder, or members of a tar archive. */
export interface LayoutFiles {
  /** Names the layout in messages. */
  label: string;
  read(path: string): Promise<Buffer>;
  open(path: string): AsyncIterable<Buffer>;
}

export function folderFiles(dir: string): LayoutFiles {
  return {
    label: dir,
    read: (path) => readFile(join(dir, path)),
    open: (path) => createReadStream(join(dir, path), { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>,
  };
}

/** The members of an uncompressed tar archive (OCI archive, docker save). */
export async function archiveFiles(file: string): Promise<LayoutFiles & { has(path: string): boolean }> {
  const index = await indexTar(file);
  const member = (path: string) => {
    const m = index.get(path);
    if (!m) throw Object.assign(new Error(`${path} not in archive`), { code: 'ENOENT' });
    return m;
  };
  return {
    label: file,
    has: (path) => index.has(path),
    read: async (path) => {
      const chunks: Buffer[] = [];
      for await (const c of openMember(file, member(path))) chunks.push(c);
      return Buffer.concat(chunks);
    },
    open: (path) => openMember(file, member(path)),
  };
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

function fail(label: string, msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    `${label}: ${msg}`,
    'check that this is a complete OCI image layout (oci-layout, index.json, blobs/)',
  );
}

/** Validates an untrusted descriptor object. */
function descriptor(v: unknown, label: string): Descriptor {
  if (typeof v !== 'object' || v === null) fail(label, 'a descriptor is not an object');
  const o = v as Record<string, unknown>;
  if (typeof o.digest !== 'string' || !parseDigest(o.digest)) fail(label, 'a descriptor has no valid digest');
  const d: Descriptor = {
    mediaType: typeof o.mediaType === 'string' ? o.mediaType : '',
    digest: o.digest,
    size: typeof o.size === 'number' ? o.size : -1,
  };
  if (o.annotations && typeof o.annotations === 'object')
    d.annotations = o.annotations as Record<string, string>;
  if (o.platform && typeof o.platform === 'object') d.platform = o.platform;
  return d;
}

async function readJson(files: LayoutFiles, path: string): Promise<Record<string, unknown>> {
  const label = `${files.label}/${path}`;
  let text: string;
  try {
    text = (await files.read(path)).toString('utf8');
  } catch (e) {
    fail(label, `cannot read ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(label, 'not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    fail(label, 'invalid JSON');
  }
}

function blobPath(digest: string, label: string): string {
  const d = parseDigest(digest);
  if (!d) fail(label, `invalid digest ${digest}`);
  return `blobs/${d.algorithm}/${d.hex}`;
}

async function readBlob(files: LayoutFiles, desc: Descriptor): Promise<Buffer> {
  const label = `${files.label}: blob ${desc.digest}`;
  const chunks: Buffer[] = [];
  try {
    for await (const c of verified(files.open(blobPath(desc.digest, label)), desc.digest, label))
      chunks.push(c);
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    fail(label, `missing or unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return Buffer.concat(chunks);
}

async function readBlobJson(files: LayoutFiles, desc: Descriptor): Promise<Record<string, unknown>> {
  const label = `${files.label}: blob ${desc.digest}`;
  const bytes = await readBlob(files, desc);
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof v !== 'object' || v === null) fail(label, 'not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    fail(label, 'invalid JSON');
  }
}

export function pickPlatform(list: Descriptor[], platform: string, label: string): Descriptor {
  const [os, arch, variant] = platform.split('/');
  const match = list.find((d) => {
    const p = d.platform;
    return (
      p !== undefined &&
      p.os === os &&
      p.architecture === arch &&
      (variant === undefined || p.variant === variant)
    );
  });
  if (!match) {
    const have = list
      .map((d) => [d.platform?.os, d.platform?.architecture, d.platform?.variant].filter(Boolean).join('/'))
      .join(', ');
    throw new BulkheadError(
      'TARGET_NOT_FOUND',
      `${label}: no image for platform ${platform} (has ${have || 'none'})`,
      'choose one with --platform',
    );
  }
  return match;
}

/**
 * Opens an OCI image layout folder (`dir` or `dir:tag`). With several images in the index, the
 * tag (`org.opencontainers.image.ref.name`) chooses one; image indexes are resolved by platform.
 */
export async function openOciLayout(
  dir: string,
  tag: string | undefined,
  platform = 'linux/amd64',
): Promise<ImageSource> {
  return openLayout(folderFiles(dir), tag, platform);
}

/** Opens an OCI archive (a tar of an OCI layout, `oci-archive:file[:tag]`). */
export async function openOciArchive(
  file: string,
  tag: string | undefined,
  platform = 'linux/amd64',
): Promise<ImageSource> {
  return openLayout(await archiveFiles(file), tag, platform);
}

/** An OCI layout read through `files` (a folder or an archive). */
export async function openLayout(
  files: LayoutFiles,
  tag: string | undefined,
  platform: string,
): Promise<ImageSource> {
  const dir = files.label;
  const layout = await readJson(files, 'oci-layout');
  if (typeof layout.imageLayoutVersion !== 'string') fail(dir, 'oci-layout has no imageLayoutVersion');
  const index = await readJson(files, 'index.json');
  if (!Array.isArray(index.manifests)) fail(`${dir}/index.json`, 'no manifests list');
  const manifests = index.manifests.map((m) => descriptor(m, `${dir}/index.json`));
  let chosen: Descriptor | undefined;
  if (tag !== undefined) {
    chosen = manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
    if (!chosen) {
      const tags = manifests.map((m) => m.annotations?.['org.opencontainers.image.ref.name']).filter(Boolean);
      throw new BulkheadError(
        'TARGET_NOT_FOUND',
        `${dir}: no image tagged "${tag}" (tags: ${tags.join(', ') || 'none'})`,
        'use dir:tag with one of those tags',
      );
    }
  } else if (manifests.length === 1) chosen = manifests[0];
  else if (manifests.length === 0) fail(`${dir}/index.json`, 'the index lists no image');
  else {
    const tags = manifests.map((m) => m.annotations?.['org.opencontainers.image.ref.name']).filter(Boolean);
    throw new BulkheadError(
      'USAGE',
      `${dir}: holds ${manifests.length} images`,
      `name one as ${dir}:<tag> (tags: ${tags.join(', ') || 'none'})`,
    );
  }
  if (!chosen) fail(dir, 'no image');

  let manifestDesc = chosen;
  let manifest = await readBlobJson(files, manifestDesc);
  for (let depth = 0; INDEX_TYPES.has(manifestDesc.mediaType) || Array.isArray(manifest.manifests); depth++) {
    if (depth > 3) fail(dir, 'image indexes nested too deep');
    const list = (manifest.manifests as unknown[]).map((m) =>
      descriptor(m, `${dir}: index ${manifestDesc.digest}`),
    );
    manifestDesc = pickPlatform(list, platform, dir);
    manifest = await readBlobJson(files, manifestDesc);
  }
  const label = `${dir}: manifest ${manifestDesc.digest}`;
  const configDesc = descriptor(manifest.config, label);
  if (!Array.isArray(manifest.layers)) fail(label, 'no layers list');
  const layerDescs = manifest.layers.map((l) => descriptor(l, label));
  const config = parseImageConfig(
    await readBlob(files, configDesc),
    `${files.label}: config ${configDesc.digest}`,
    'check that this is a complete OCI image layout',
  );
  const layers = imageLayers(
    config,
    layerDescs,
    (d, i) => openBlob(files, d.digest, `${dir}: layer ${String(i)} (${d.digest})`),
    (msg) => fail(label, msg),
  );
  const name = tag !== undefined ? `${dir}:${tag}` : dir;
  return { name, manifestDigest: manifestDesc.digest, config, layers };
}

async function* openBlob(files: LayoutFiles, digest: string, label: string): AsyncGenerator<Buffer> {
  try {
    yield* verified(files.open(blobPath(digest, label)), digest, label);
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    fail(label, `missing or unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
