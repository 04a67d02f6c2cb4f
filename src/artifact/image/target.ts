import { stat } from 'node:fs/promises';
import { BulkheadError } from '../../core/errors.js';
import { openDockerArchive } from './docker-archive.js';
import { indexTar } from './tar-index.js';
import { openOciArchive, openOciLayout } from './oci-layout.js';
import type { ImageSource } from './types.js';
import type { RegistryOptions } from '../../registry/client.js';

export type ImageTarget =
  | { kind: 'docker-archive' | 'oci-archive' | 'oci'; path: string; ref?: string }
  | { kind: 'registry'; ref: string };

const PREFIXES = ['docker-archive', 'oci-archive', 'oci'] as const;

/** `name[:tag][@digest]` with an optional registry host: what a registry reference looks like. */
const REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function withRef(kind: 'docker-archive' | 'oci-archive' | 'oci', rest: string): ImageTarget {
  // As in skopeo: the path runs to the first colon, the rest names the image inside.
  const i = rest.indexOf(':');
  if (i < 0) return { kind, path: rest };
  const ref = rest.slice(i + 1);
  return ref === '' ? { kind, path: rest.slice(0, i) } : { kind, path: rest.slice(0, i), ref };
}

async function kindOf(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns what the user typed into a target: explicit transports (`docker-archive:`,
 * `oci-archive:`, `oci:`), a plain path recognised by its content (an OCI layout folder, a
 * `docker save` tar, an OCI archive; `dir:tag` too), or else a registry reference.
 */
export async function resolveImageTarget(input: string): Promise<ImageTarget> {
  for (const p of PREFIXES) {
    if (input.startsWith(`${p}:`)) return withRef(p, input.slice(p.length + 1));
  }
  let path = input;
  let ref: string | undefined;
  let kind = await kindOf(path);
  if (!kind && input.includes(':')) {
    const i = input.lastIndexOf(':');
    const base = await kindOf(input.slice(0, i));
    if (base) {
      path = input.slice(0, i);
      ref = input.slice(i + 1);
      kind = base;
    }
  }
  const target = (k: 'docker-archive' | 'oci-archive' | 'oci'): ImageTarget =>
    ref === undefined ? { kind: k, path } : { kind: k, path, ref };
  if (kind === 'dir') {
    if (await kindOf(`${path}/oci-layout`)) return target('oci');
    throw new BulkheadError(
      'USAGE',
      `${path}: a folder, but not an OCI image layout (no oci-layout file)`,
      'scan a folder with `bulkhead fs`, or pass an image',
    );
  }
  if (kind === 'file') {
    const members = await indexTar(path);
    if (members.has('manifest.json')) return target('docker-archive');
    if (members.has('oci-layout')) return target('oci-archive');
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${path}: a tar archive, but neither a docker save nor an OCI archive`,
      'pass the output of `docker save` or an OCI archive',
    );
  }
  if (REFERENCE.test(input)) return { kind: 'registry', ref: input };
  throw new BulkheadError(
    'TARGET_NOT_FOUND',
    `${input}: no such file or folder, and not an image reference`,
    'pass an archive, an OCI layout folder or a reference such as alpine:3.19',
  );
}

/** Opens a resolved target; `registry` says how to reach and log in to registries. */
export async function openImageTarget(
  t: ImageTarget,
  platform = 'linux/amd64',
  registry?: RegistryOptions,
): Promise<ImageSource> {
  switch (t.kind) {
    case 'docker-archive':
      return openDockerArchive(t.path, t.ref);
    case 'oci-archive':
      return openOciArchive(t.path, t.ref, platform);
    case 'oci':
      return openOciLayout(t.path, t.ref, platform);
    case 'registry': {
      // Loaded only for registry targets: the HTTP client costs ~100 ms of start-up.
      const { openRegistryImage } = await import('../../registry/image.js');
      return openRegistryImage(t.ref, { ...registry, platform });
    }
  }
}
