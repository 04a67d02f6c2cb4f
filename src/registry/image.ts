import { imageLayers, parseImageConfig } from '../artifact/image/config.js';
import { parseDigest } from '../artifact/image/digest.js';
import { pickPlatform, type Descriptor } from '../artifact/image/oci-layout.js';
import type { ImageSource } from '../artifact/image/types.js';
import { BulkheadError } from '../core/errors.js';
import { parseImageRef, type ImageRef } from '../util/image-ref.js';
import {
  CONFIG_LIMIT,
  MEDIA_TYPES,
  RegistryClient,
  type Manifest,
  type ManifestHead,
  type RegistryOptions,
} from './client.js';

const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const IMAGE_TYPES = new Set<string>([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const CONFIG_TYPES = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const HOST = /^[a-zA-Z0-9.-]+(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;

/** Parses and validates a reference: its parts end up in URL paths, so nothing odd may pass. */
export function registryRef(ref: string): ImageRef & { reference: string } {
  const r = parseImageRef(ref);
  const bad = (what: string): never => {
    throw new BulkheadError(
      'USAGE',
      `${ref}: not a valid image reference (${what})`,
      'use [registry/]repository[:tag][@sha256:digest], e.g. registry.example.com/team/app:1.0',
    );
  };
  if (!HOST.test(r.registry)) bad('registry host');
  if (!REPOSITORY.test(r.repository) || r.repository.length > 255) bad('repository name');
  if (r.tag !== undefined && !TAG.test(r.tag)) bad('tag');
  if (r.digest !== undefined && !parseDigest(r.digest)) bad('digest');
  // With both, the digest decides, as in Docker: the tag is only a reminder for humans.
  return { ...r, reference: r.digest ?? r.tag ?? 'latest' };
}

function malformed(label: string, msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    `${label}: ${msg}`,
    'the image in the registry is malformed; push it again',
  );
}

function descriptor(v: unknown, label: string): Descriptor {
  if (typeof v !== 'object' || v === null) malformed(label, 'a descriptor is not an object');
  const o = v as Record<string, unknown>;
  if (typeof o.digest !== 'string' || !parseDigest(o.digest))
    malformed(label, 'a descriptor has no valid digest');
  const d: Descriptor = {
    mediaType: typeof o.mediaType === 'string' ? o.mediaType : '',
    digest: o.digest,
    size: typeof o.size === 'number' && Number.isSafeInteger(o.size) && o.size >= 0 ? o.size : -1,
  };
  if (typeof o.platform === 'object' && o.platform !== null) {
    const p = o.platform as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    d.platform = {};
    const os = str(p.os);
    const architecture = str(p.architecture);
    const variant = str(p.variant);
    if (os !== undefined) d.platform.os = os;
    if (architecture !== undefined) d.platform.architecture = architecture;
    if (variant !== undefined) d.platform.variant = variant;
  }
  return d;
}

/**
 * Opens an image in a registry: resolves indexes to the requested platform, verifies every
 * manifest, the config and (while they stream) the layers against their digests. Layers are
 * downloaded only when `open()` is read.
 */
export async function openRegistryImage(ref: string, opts: RegistryOptions = {}): Promise<ImageSource> {
  const r = registryRef(ref);
  const client = new RegistryClient(r.registry, opts);
  const platform = opts.platform ?? 'linux/amd64';
  const name = r.tag === undefined && r.digest === undefined ? `${ref.trim()}:latest` : ref.trim();
  let manifest: Manifest = await client.getManifest(r.repository, r.reference);

  for (
    let depth = 0;
    INDEX_TYPES.has(manifest.mediaType) || Array.isArray(manifest.json.manifests);
    depth++
  ) {
    const label = `${name}: index ${manifest.digest}`;
    if (depth > 3) malformed(label, 'image indexes nested too deep');
    if (!Array.isArray(manifest.json.manifests)) malformed(label, 'the index has no manifests list');
    const list = manifest.json.manifests.map((m) => descriptor(m, label));
    const chosen = pickPlatform(list, platform, name);
    manifest = await client.getManifest(r.repository, chosen.digest);
  }

  const label = `${name}: manifest ${manifest.digest}`;
  if (!IMAGE_TYPES.has(manifest.mediaType) && manifest.mediaType !== '')
    malformed(label, `not an image manifest (media type ${manifest.mediaType})`);
  const configDesc = descriptor(manifest.json.config, label);
  if (configDesc.mediaType !== '' && !CONFIG_TYPES.has(configDesc.mediaType)) {
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: an OCI artifact (config type ${configDesc.mediaType}), not a container image`,
      'scan a container image reference',
    );
  }
  if (!Array.isArray(manifest.json.layers)) malformed(label, 'no layers list');
  const layerDescs = manifest.json.layers.map((l) => descriptor(l, label));
  const config = parseImageConfig(
    await client.getBlob(
      r.repository,
      configDesc.digest,
      CONFIG_LIMIT,
      `${name}: config ${configDesc.digest}`,
    ),
    `${name}: config ${configDesc.digest}`,
    'the image in the registry is malformed; push it again',
  );
  const layers = imageLayers(
    config,
    layerDescs,
    (d, i) => client.openBlob(r.repository, d.digest, d.size, `${name}: layer ${String(i)} (${d.digest})`),
    (msg) => malformed(label, msg),
  );
  return { name, manifestDigest: manifest.digest, config, layers };
}

/**
 * The digest a tag (or digest) points at, from a HEAD request: for an index, the index's
 * digest, as `docker pull` reports it. Downloads nothing else.
 */
export async function headManifest(ref: string, opts: RegistryOptions = {}): Promise<ManifestHead> {
  const r = registryRef(ref);
  const client = new RegistryClient(r.registry, opts);
  try {
    return await client.headManifest(r.repository, r.reference);
  } finally {
    await client.close();
  }
}
