import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';

function sudoWrapper(cmd: ShellCommand): string | undefined {
  const w = cmd.wrappers.find((x) => x === 'sudo' || x === 'doas');
  if (w === undefined) return undefined;
  // `command -v sudo` only looks sudo up; the wrapper peeling reads it as `command sudo` with no command.
  if (cmd.name === '' && cmd.words[0] === 'command') return undefined;
  return w;
}

export const sudoUsage: DockerfileRule = {
  id: 'DF021',
  name: 'sudo-usage',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'RUN uses sudo',
  severity: 'MEDIUM',
  description:
    'RUN already executes as the current USER, so sudo in a build is either redundant (as root) or means the image ships sudo with a password-less rule for a non-root user - an escalation path for anyone who gets code execution in the container. sudo also behaves unpredictably without a TTY (requiretty, PAM, environment reset), which makes builds brittle.',
  remediation:
    'Drop sudo: run privileged steps before switching users, e.g. `USER root`, `RUN apt-get update && apt-get install -y --no-install-recommends curl`, then `USER 10001`. To drop privileges in an entrypoint use `gosu`/`su-exec`, and do not install sudo in the final image.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3004',
    'https://docs.docker.com/build/building/best-practices/#user',
    'https://avd.aquasec.com/misconfig/ds010',
  ],
  mappings: {
    hadolint: ['DL3004'],
    trivy: ['DS-0010'],
    checkov: ['CKV2_DOCKER_1'],
    dockle: ['DKL-DI-0001'],
  },
  tags: ['privilege'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd) => {
        const w = sudoWrapper(cmd);
        return w === undefined ? [] : [`${w} ${cmd.name}`.trim()];
      },
      (details) => `RUN uses sudo: ${details.join(', ')}.`,
    );
  },
};
