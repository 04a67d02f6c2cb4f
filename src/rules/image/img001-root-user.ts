import type { ImageRule } from '../types.js';

/** `root`, `0`, `root:root`, `0:0`, or no user at all: the runtime then uses uid 0. */
export function isRootUser(user: string | undefined): boolean {
  const name = (user ?? '').trim().split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}

export const rootUser: ImageRule = {
  id: 'IMG001',
  name: 'image-root-user',
  target: 'image',
  class: 'image-config',
  title: 'Image runs as root',
  severity: 'MEDIUM',
  description:
    'The image config sets no user, or sets root, so every container started from it runs as uid 0 unless the deployment overrides it. Root in a container is root on the host kernel: a container escape or a writable host mount then gives an attacker root on the node.',
  remediation:
    'Create an unprivileged user in the Dockerfile and end the final stage with `USER <name or uid>` (a numeric uid lets Kubernetes verify `runAsNonRoot`).',
  references: [
    'https://docs.docker.com/build/building/best-practices/#user',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0001',
  ],
  mappings: { dockle: ['CIS-DI-0001'], trivy: ['DS-0002'], 'cis-docker': ['4.1'] },
  tags: ['privilege'],
  check(ctx) {
    if (!ctx.config) return [];
    const user = ctx.config.config?.User;
    if (!isRootUser(user)) return [];
    const how = user === undefined || user.trim() === '' ? 'no user is set' : `User is "${user}"`;
    return [{ path: 'config', message: `${how}: containers run as root (uid 0)`, key: `user:${user ?? ''}` }];
  },
};
