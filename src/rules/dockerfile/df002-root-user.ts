import type { DockerfileRule } from '../types.js';
import { finalStage, stageChain } from './lib/helpers.js';

/** `root`, `0`, `root:root`, `0:0` and the like. */
function isRootUser(spec: string): boolean {
  const user = spec.trim().split(':')[0] ?? '';
  return user === 'root' || user === '0';
}

export const rootUser: DockerfileRule = {
  id: 'DF002',
  name: 'root-user',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Final stage switches to root last',
  severity: 'MEDIUM',
  description:
    'The last USER of the final stage is root (`USER root` or `USER 0`), so the container runs as UID 0. Root inside a container is root on the host kernel: any escape gives the attacker the node.',
  remediation:
    'Do the work that needs root earlier, then end the final stage with `USER <non-root uid>` (a numeric UID lets Kubernetes verify `runAsNonRoot`).',
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  mappings: {
    hadolint: ['DL3002'],
    trivy: ['DS-0002'],
    checkov: ['CKV_DOCKER_8'],
    dockle: ['CIS-DI-0001'],
    'cis-docker': ['4.1'],
  },
  tags: ['privilege'],
  check(df) {
    const stage = finalStage(df);
    if (!stage) return [];
    for (const s of stageChain(df, stage)) {
      const last = s.instructions.filter((i) => i.keyword === 'USER').at(-1);
      if (!last) continue;
      if (!isRootUser(last.args[0] ?? '')) return [];
      return [
        {
          startLine: last.startLine,
          endLine: last.endLine,
          message: `The final stage's last USER is "${last.args[0] ?? ''}": the container runs as root.`,
        },
      ];
    }
    return [];
  },
};
