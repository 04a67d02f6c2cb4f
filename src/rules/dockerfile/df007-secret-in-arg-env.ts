import type { DockerfileRule, RuleHit } from '../types.js';
import { isLiteralSecretValue, isSecretName } from './lib/secrets.js';

export const secretInArgEnv: DockerfileRule = {
  id: 'DF007',
  name: 'secret-in-arg-env',
  target: 'dockerfile',
  class: 'secret',
  title: 'Secret value hard-coded in ARG or ENV',
  severity: 'HIGH',
  description:
    'An ENV value is stored in the image configuration and an ARG default in the build history, so anyone who can pull the image reads it with `docker history` or `docker inspect`, even after a later instruction unsets it. The value is also committed to source control with the Dockerfile. A leaked password or token gives access to whatever it protects until it is rotated.',
  remediation:
    'Remove the value and rotate the credential. Pass build-time secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` and `docker build --secret id=npm_token,env=NPM_TOKEN`), and runtime secrets through the orchestrator (Kubernetes Secrets, Docker secrets) at run time, never in the image.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    trivy: ['DS-0031'],
    dockle: ['CIS-DI-0010'],
    'cis-docker': ['4.10'],
  },
  tags: ['secrets'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
      for (const pair of instr.pairs) {
        if (!isSecretName(pair.name) || !isLiteralSecretValue(pair.name, pair.value)) continue;
        const where =
          instr.keyword === 'ENV'
            ? 'ENV values are stored in the image config'
            : 'ARG defaults are recorded in the build history';
        hits.push({
          startLine: pair.line,
          endLine: pair.line,
          message: `${instr.keyword} ${pair.name} is set to a literal secret: ${where} and stay readable with \`docker history\`/\`docker inspect\` forever.`,
          key: `${instr.keyword} ${pair.name}`,
        });
      }
    }
    return hits;
  },
};
