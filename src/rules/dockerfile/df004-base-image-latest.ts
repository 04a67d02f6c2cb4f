import type { DockerfileRule } from '../types.js';
import { baseImages, describeFrom, fromHit } from './lib/base-images.js';

export const baseImageLatest: DockerfileRule = {
  id: 'DF004',
  name: 'base-image-latest',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Base image uses the latest tag',
  severity: 'MEDIUM',
  description:
    'The `latest` tag is moved by the publisher with every release, so `FROM image:latest` builds on a different base each time the cache is cold. A new major version can break the build or change runtime behaviour unnoticed, a bad or compromised push is picked up automatically, and an image cannot be rebuilt exactly to investigate an incident or roll back.',
  remediation:
    'Replace `latest` with the exact version you tested, ideally pinned by digest too: `FROM node:20.12-alpine3.19@sha256:<digest>`. Let a dependency bot propose upgrades so they are reviewed.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#from',
    'https://github.com/hadolint/hadolint/wiki/DL3007',
  ],
  mappings: {
    hadolint: ['DL3007'],
    trivy: ['DS-0001'],
    checkov: ['CKV_DOCKER_7'],
  },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    // With a digest the tag is ignored by the pull, so `image:latest@sha256:...` is pinned.
    return baseImages(df)
      .filter((b) => b.ref.tag === 'latest' && b.ref.digest === undefined)
      .map((b) =>
        fromHit(
          b,
          `${describeFrom(b)} uses the "latest" tag: the base image changes whenever the publisher pushes.`,
        ),
      );
  },
};
