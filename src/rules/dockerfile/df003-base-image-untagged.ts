import type { DockerfileModel, Stage } from '../../analyzers/config/dockerfile/model.js';
import { parseImageRef, type ImageRef } from '../../util/image-ref.js';
import type { DockerfileRule, RuleHit } from '../types.js';

/** A stage whose FROM pulls an image from a registry, with the reference resolved and parsed. */
export interface BaseImage {
  stage: Stage;
  /** The reference after ARG substitution (`ubuntu:22.04`). */
  resolved: string;
  ref: ImageRef;
}

/**
 * The stages built on a registry image. `scratch`, earlier stages (`FROM build`) and references
 * whose variables have no default are left out: the first two pull nothing, and for the last we
 * cannot know what is pulled.
 */
export function baseImages(df: DockerfileModel): BaseImage[] {
  const out: BaseImage[] = [];
  for (const stage of df.stages) {
    const resolved = stage.resolvedImage?.trim();
    if (!resolved || stage.parentStage !== undefined) continue;
    if (resolved.toLowerCase() === 'scratch') continue;
    out.push({ stage, resolved, ref: parseImageRef(resolved) });
  }
  return out;
}

/** `FROM ${BASE}` (resolves to `ubuntu`) or `FROM ubuntu`, for messages. */
export function describeFrom(b: BaseImage): string {
  return b.stage.image === b.resolved
    ? `FROM ${b.resolved}`
    : `FROM ${b.stage.image} (resolves to ${b.resolved})`;
}

export function fromHit(b: BaseImage, message: string): RuleHit {
  return { startLine: b.stage.from.startLine, endLine: b.stage.from.endLine, message };
}

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
