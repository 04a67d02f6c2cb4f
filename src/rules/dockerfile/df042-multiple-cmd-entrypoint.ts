import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export const multipleCmdEntrypoint: DockerfileRule = {
  id: 'DF042',
  name: 'multiple-cmd-entrypoint',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage',
  severity: 'LOW',
  description:
    'Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; earlier ones are silently discarded. A reviewer reading the first `ENTRYPOINT ["/usr/bin/tini", "--"]` or `HEALTHCHECK` believes the container has an init process or a health probe that the image does not actually have, and an edit to the first one changes nothing.',
  remediation:
    'Keep exactly one CMD, one ENTRYPOINT and one HEALTHCHECK per stage and delete the others; to run several steps at start-up, use one ENTRYPOINT script that ends with `exec "$@"`.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#cmd',
    'https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/',
    'https://github.com/hadolint/hadolint/wiki/DL4003',
    'https://github.com/hadolint/hadolint/wiki/DL4004',
    'https://github.com/hadolint/hadolint/wiki/DL3012',
  ],
  mappings: {
    hadolint: ['DL4003', 'DL4004', 'DL3012'],
    trivy: ['DS-0016', 'DS-0007', 'DS-0023'],
  },
  tags: ['maintainability'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const stage of df.stages) {
      const previous = new Map<string, Instruction>();
      for (const instr of stage.instructions) {
        if (!SINGLE.includes(instr.keyword)) continue;
        const earlier = previous.get(instr.keyword);
        previous.set(instr.keyword, instr);
        if (!earlier) continue;
        hits.push(
          hitAt(
            instr,
            `Another ${instr.keyword} in the same stage: the ${instr.keyword} on line ${String(earlier.startLine)} is discarded, only the last one takes effect.`,
          ),
        );
      }
    }
    return hits;
  },
};
