import type { DockerfileRule } from '../types.js';
import { baseImages, describeFrom, fromHit } from './lib/base-images.js';

export const baseImageUntagged: DockerfileRule = {
  id: 'DF003',
  name: 'base-image-untagged',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Base image has no tag or digest',
  severity: 'MEDIUM',
  description:
    'A FROM without a tag or digest pulls whatever `latest` points to on the day of the build. The same Dockerfile silently produces different images over time: a new major version can break the build or change the runtime, and a compromised or mistakenly pushed `latest` is picked up without review. Builds cannot be reproduced or rolled back to a known base.',
  remediation:
    'Name the exact version, ideally pinned by digest as well: `FROM ubuntu:24.04` or `FROM ubuntu:24.04@sha256:<digest>`. Let a dependency bot (Renovate, Dependabot) propose updates.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#from',
    'https://github.com/hadolint/hadolint/wiki/DL3006',
  ],
  mappings: {
    hadolint: ['DL3006'],
    trivy: ['DS-0001'],
    checkov: ['CKV_DOCKER_7'],
  },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    return baseImages(df)
      .filter((b) => b.ref.tag === undefined && b.ref.digest === undefined)
      .map((b) =>
        fromHit(
          b,
          `${describeFrom(b)} has no tag or digest: the build pulls whatever "latest" is at the time.`,
        ),
      );
  },
};
