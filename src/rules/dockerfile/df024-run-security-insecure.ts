import type { DockerfileRule, RuleHit } from '../types.js';

export const runSecurityInsecure: DockerfileRule = {
  id: 'DF024',
  name: 'run-security-insecure',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'RUN --security=insecure runs a build step without sandboxing',
  severity: 'HIGH',
  description:
    '`RUN --security=insecure` runs the step like a `--privileged` container: all capabilities, no seccomp or AppArmor confinement, and access to host devices. Anything that step executes - including a compromised dependency or install script - can take over the build host or the BuildKit daemon and tamper with other builds and their caches.',
  remediation:
    'Remove `--security=insecure` and find what the step actually needs: a cache or secret mount (`RUN --mount=type=cache,...`, `--mount=type=secret,...`), a specific file or tool installed in the image, or doing the privileged work outside the image build. Keep the builder from granting it by not passing `--allow security.insecure` to `docker buildx build`.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#run---security',
    'https://docs.docker.com/reference/cli/docker/buildx/build/#allow',
  ],
  mappings: {},
  tags: ['privilege', 'build'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'RUN') continue;
      const flag = instr.flags.find((f) => f.name === 'security' && f.value?.toLowerCase() === 'insecure');
      if (!flag) continue;
      hits.push({
        startLine: instr.startLine,
        endLine: instr.endLine,
        message: 'RUN --security=insecure runs this step with full privileges and no sandbox.',
      });
    }
    return hits;
  },
};
