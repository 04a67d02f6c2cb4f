import type { ImageRule } from '../types.js';

export const sshExposed: ImageRule = {
  id: 'IMG004',
  name: 'image-ssh-exposed',
  target: 'image',
  class: 'image-config',
  title: 'Image exposes the SSH port',
  severity: 'MEDIUM',
  description:
    "Port 22 in the image config means the image expects to run an SSH server. An SSH daemon in a container adds a long-lived credential, a second way in that bypasses the orchestrator's access control and audit trail, and a service to patch.",
  remediation:
    'Remove `EXPOSE 22` and the SSH server; use `kubectl exec` / `docker exec` (or an ephemeral debug container) for interactive access.',
  references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  mappings: { trivy: ['DS-0004'] },
  tags: ['network'],
  check(ctx) {
    const ports = Object.keys(ctx.config?.config?.ExposedPorts ?? {});
    return ports
      .filter((p) => /^22(?:\/tcp)?$/i.test(p.trim()))
      .map((p) => ({ path: 'config', message: `exposes ${p} (SSH)`, key: `expose:${p}` }));
  },
};
