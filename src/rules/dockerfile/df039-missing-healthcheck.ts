import type { DockerfileRule } from '../types.js';
import { finalStage, stageChain } from './lib/helpers.js';

export const missingHealthcheck: DockerfileRule = {
  id: 'DF039',
  name: 'missing-healthcheck',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Final image has no HEALTHCHECK',
  severity: 'LOW',
  description:
    'Without a HEALTHCHECK, Docker and Swarm only know whether the main process is alive, not whether it still serves requests. A deadlocked or wedged service (exhausted connection pool, stuck event loop) keeps receiving traffic and is never restarted, which turns bugs and resource-exhaustion attacks into lasting outages. Orchestrators that use their own probes (Kubernetes) ignore HEALTHCHECK; declare `HEALTHCHECK NONE` to record that decision.',
  remediation:
    'Add a cheap check of the service itself to the final stage, e.g. `HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/app/healthcheck"]` or `HEALTHCHECK CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1`. If the image relies on orchestrator probes, write `HEALTHCHECK NONE` to make that explicit.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#healthcheck',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    hadolint: ['DL3057'],
    trivy: ['DS-0026'],
    checkov: ['CKV_DOCKER_2'],
    dockle: ['CIS-DI-0006'],
    'cis-docker': ['4.6'],
  },
  tags: ['availability'],
  check(df) {
    const stage = finalStage(df);
    if (!stage) return [];
    // HEALTHCHECK (NONE included: an explicit decision) is inherited from the stages the final one builds on.
    const has = stageChain(df, stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'));
    if (has) return [];
    return [
      {
        startLine: stage.from.startLine,
        endLine: stage.from.endLine,
        message: `The final stage (FROM ${stage.image}) has no HEALTHCHECK: a hung service is never detected or restarted.`,
      },
    ];
  },
};
