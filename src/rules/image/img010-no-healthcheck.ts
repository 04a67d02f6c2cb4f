import type { ImageRule } from '../types.js';

export const noHealthcheck: ImageRule = {
  id: 'IMG010',
  name: 'image-no-healthcheck',
  target: 'image',
  class: 'image-config',
  title: 'Image has no HEALTHCHECK',
  severity: 'LOW',
  description:
    'Without a health check, Docker and Swarm only know whether the main process is alive, not whether it still serves: a hung service keeps receiving traffic. (Kubernetes ignores HEALTHCHECK and uses its own probes; there, define liveness and readiness probes instead.)',
  remediation:
    'Add `HEALTHCHECK CMD <a cheap command that fails when the service is unhealthy>` to the final stage, or define probes in the Kubernetes manifest.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#healthcheck',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0006',
  ],
  mappings: { dockle: ['CIS-DI-0006'], trivy: ['DS-0026'], 'cis-docker': ['4.6'] },
  tags: ['availability'],
  check(ctx) {
    if (!ctx.config) return [];
    const test = ctx.config.config?.Healthcheck?.Test;
    if (test && test.length > 0 && test[0] !== 'NONE') return [];
    const why = test?.[0] === 'NONE' ? 'the health check is disabled (NONE)' : 'no health check is defined';
    return [{ path: 'config', message: why, key: 'healthcheck' }];
  },
};
