import type { ImageRef } from '../../util/image-ref.js';
import type { DockerfileRule } from '../types.js';
import { baseImages, describeFrom, fromHit } from './lib/base-images.js';

function normaliseEntry(entry: string): string {
  let e = entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
  // Docker Hub has several host names; image references are normalised to docker.io.
  e = e.replace(
    /^(?:index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)(?=\/|$)/,
    'docker.io',
  );
  return e;
}

/**
 * True when an allow-list entry admits the image: a registry host (`gcr.io`), a wildcard host
 * (`*.example.com`) or a registry path prefix (`registry.example.com/team`, matched on whole path
 * components).
 */
export function registryAllowed(ref: ImageRef, allowed: string[]): boolean {
  const registry = ref.registry.toLowerCase();
  const full = `${registry}/${ref.repository.toLowerCase()}`;
  return allowed.some((raw) => {
    const entry = normaliseEntry(raw);
    if (entry === '') return false;
    if (entry.includes('/')) return full === entry || full.startsWith(`${entry}/`);
    if (entry.startsWith('*.')) return registry.endsWith(entry.slice(1));
    return registry === entry;
  });
}

export const baseImageRegistryNotAllowed: DockerfileRule = {
  id: 'DF006',
  name: 'base-image-registry-not-allowed',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Base image comes from a registry that is not allowed',
  severity: 'MEDIUM',
  description:
    'The organisation restricts base images to approved registries (`allowedRegistries` in bulkhead.yaml), typically a mirror where images are scanned, signed and retained. A base pulled from anywhere else bypasses that control: it may be a typo-squatted or abandoned image, it is not scanned, and it can disappear or change without notice.',
  remediation:
    'Pull the base image through an approved registry (`FROM registry.example.com/library/node:20`), mirroring it there first if needed, or add the registry to `allowedRegistries` once it has been reviewed.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3026',
    'https://docs.docker.com/reference/dockerfile/#from',
  ],
  mappings: {
    hadolint: ['DL3026'],
    'cis-docker': ['4.2'],
  },
  tags: ['supply-chain'],
  check(df, settings) {
    const allowed = settings.allowedRegistries.filter((e) => e.trim() !== '');
    if (allowed.length === 0) return [];
    return baseImages(df)
      .filter((b) => !registryAllowed(b.ref, allowed))
      .map((b) =>
        fromHit(
          b,
          `${describeFrom(b)} pulls from ${b.ref.registry}${b.ref.implicitRegistry ? ' (Docker Hub, implied)' : ''}, which is not in allowedRegistries (${allowed.join(', ')}).`,
        ),
      );
  },
};
