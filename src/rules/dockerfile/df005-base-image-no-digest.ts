import type { DockerfileRule } from '../types.js';
import { baseImages, describeFrom, fromHit } from './lib/base-images.js';

export const baseImageNoDigest: DockerfileRule = {
  id: 'DF005',
  name: 'base-image-no-digest',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Base image is not pinned by digest',
  severity: 'INFO',
  description:
    'A tag such as `python:3.12-slim` is mutable: publishers re-push it for every patch release, and anyone who can write to the repository can point it at different content. Only a `@sha256:` digest names exactly one image, which makes builds reproducible and a swapped base image detectable.',
  remediation:
    'Append the digest of the image you tested and keep the tag for readability: `FROM python:3.12-slim@sha256:<digest>` (get it with `docker buildx imagetools inspect python:3.12-slim`). Renovate or Dependabot can keep digests current.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
    'https://docs.docker.com/reference/dockerfile/#from',
  ],
  mappings: {},
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    // Untagged and `latest` bases are reported by DF003 and DF004 with a higher severity.
    return baseImages(df)
      .filter((b) => b.ref.tag !== undefined && b.ref.tag !== 'latest' && b.ref.digest === undefined)
      .map((b) =>
        fromHit(
          b,
          `${describeFrom(b)} is not pinned by digest: pin it (\`${b.resolved}@sha256:<digest>\`) for reproducible, tamper-evident builds.`,
        ),
      );
  },
};
