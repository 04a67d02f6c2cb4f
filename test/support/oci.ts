import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const MT = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/** Writes a blob into an OCI layout and returns its descriptor. */
export function writeBlob(
  dir: string,
  mediaType: string,
  content: Buffer | string,
): { mediaType: string; digest: string; size: number } {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const digest = sha256(buf);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), buf);
  return { mediaType, digest, size: buf.length };
}

export interface TestImage {
  /** gzip-compressed layer tars, lowest first. */
  layers: Buffer[];
  createdBy?: string[];
  config?: Record<string, unknown>;
  platform?: { os: string; architecture: string };
}

/** Writes one image (config, layers, manifest) into the layout; returns the manifest descriptor. */
export function writeImage(
  dir: string,
  image: TestImage,
): { mediaType: string; digest: string; size: number } {
  const layerDescs = image.layers.map((l) => writeBlob(dir, MT.layerGzip, l));
  const config = {
    architecture: image.platform?.architecture ?? 'amd64',
    os: image.platform?.os ?? 'linux',
    config: image.config ?? {},
    rootfs: { type: 'layers', diff_ids: image.layers.map((l) => sha256(gunzipSync(l))) },
    history: (image.createdBy ?? image.layers.map((_, i) => `layer ${i}`)).map((c) => ({ created_by: c })),
  };
  const configDesc = writeBlob(dir, MT.config, JSON.stringify(config));
  return writeBlob(
    dir,
    MT.manifest,
    JSON.stringify({ schemaVersion: 2, mediaType: MT.manifest, config: configDesc, layers: layerDescs }),
  );
}

/** Writes `oci-layout` and `index.json` listing the given manifests (with ref names). */
export function writeLayout(
  dir: string,
  manifests: { desc: { mediaType: string; digest: string; size: number }; ref?: string; platform?: object }[],
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: manifests.map((m) => ({
        ...m.desc,
        ...(m.ref ? { annotations: { 'org.opencontainers.image.ref.name': m.ref } } : {}),
        ...(m.platform ? { platform: m.platform } : {}),
      })),
    }),
  );
}
