import type { DockerfileRule } from '../types.js';
import { parseImageRef } from '../../util/image-ref.js';
import { runsAsNonRootByDefault } from './lib/base-images.js';
import { finalStage, stageChain } from './lib/helpers.js';

export const missingUser: DockerfileRule = {
  id: 'DF001',
  name: 'missing-user',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Final stage runs as root: no USER instruction',
  severity: 'MEDIUM',
  description:
    'Without a USER instruction the container runs as root (UID 0). A container is a process on the shared host kernel: a root process that escapes through a kernel or runtime bug, a mounted socket or a writable host path is root on the node. A USER in an earlier build stage does not carry over to the final image. Base images published to run as non-root (distroless `:nonroot`, chiseled .NET) count as a USER.',
  remediation:
    'Create an unprivileged user and switch to it at the end of the final stage, e.g. `RUN adduser -D -u 10001 app` then `USER 10001`, or use a base image that already runs as non-root (distroless `:nonroot`).',
  references: [
    'https://docs.docker.com/build/building/best-practices/#user',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    hadolint: ['DL3002'],
    trivy: ['DS-0002'],
    checkov: ['CKV_DOCKER_3'],
    dockle: ['CIS-DI-0001'],
    'cis-docker': ['4.1'],
  },
  tags: ['privilege'],
  check(df) {
    const stage = finalStage(df);
    if (!stage || (stage.resolvedImage ?? stage.image).toLowerCase() === 'scratch') return [];
    // A USER anywhere in the chain of stages the final one builds on is inherited.
    const hasUser = stageChain(df, stage).some((s) => s.instructions.some((i) => i.keyword === 'USER'));
    if (hasUser) return [];
    // The base image of the chain may already switch to an unprivileged user (distroless `:nonroot`).
    const root = stageChain(df, stage).at(-1);
    const base = root?.parentStage === undefined ? root?.resolvedImage?.trim() : undefined;
    if (base && !base.includes('$') && runsAsNonRootByDefault(parseImageRef(base))) return [];
    return [
      {
        startLine: stage.from.startLine,
        endLine: stage.from.endLine,
        message: `The final stage (FROM ${stage.image}) has no USER instruction, so the container runs as root.`,
      },
    ];
  },
};
