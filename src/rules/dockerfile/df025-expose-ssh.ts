import type { DockerfileRule, RuleHit } from '../types.js';

/** True when an EXPOSE entry (`22`, `22/tcp`, `20-25`) covers TCP port 22; UDP is not SSH. */
function exposesSsh(spec: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec.trim());
  if (!m) return false;
  if (m[3] !== undefined && m[3].toLowerCase() !== 'tcp') return false;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  return from <= 22 && 22 <= to;
}

export const exposeSsh: DockerfileRule = {
  id: 'DF025',
  name: 'expose-ssh',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'EXPOSE 22: the image advertises an SSH port',
  severity: 'MEDIUM',
  description:
    "Exposing port 22 means the image is built to run an SSH daemon. An sshd in a container is an extra network-facing service with its own credentials or keys to manage and patch, a target for brute-force and key theft, and a way in that bypasses the orchestrator's access control and audit (`docker exec` / `kubectl exec`).",
  remediation:
    'Remove `EXPOSE 22` and the SSH server. Use `docker exec` or `kubectl exec`/`kubectl debug` for interactive access, and copy files with `docker cp`/`kubectl cp`. If the container is an SSH service by design (a bastion, a Git server), suppress this finding for it explicitly.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#expose',
    'https://avd.aquasec.com/misconfig/ds004',
  ],
  mappings: { trivy: ['DS-0004'], checkov: ['CKV_DOCKER_1'] },
  tags: ['network'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      const ssh = instr.args.filter(exposesSsh);
      if (ssh.length === 0) continue;
      hits.push({
        startLine: instr.startLine,
        endLine: instr.endLine,
        message: `EXPOSE ${ssh.join(' ')} exposes the SSH port 22.`,
      });
    }
    return hits;
  },
};
