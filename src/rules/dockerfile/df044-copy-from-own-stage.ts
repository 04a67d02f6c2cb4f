import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';

export const copyFromOwnStage: DockerfileRule = {
  id: 'DF044',
  name: 'copy-from-own-stage',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'COPY --from refers to the stage it is in',
  severity: 'MEDIUM',
  description:
    'A stage cannot copy from itself: `COPY --from=build` inside `FROM ... AS build` (or `--from=1` in the second stage) is a circular reference that BuildKit rejects. It usually means a stage was renamed or reordered and the COPY now points at the wrong stage; with a fix applied in a hurry, the files may end up coming from an unintended stage or a registry image of the same name.',
  remediation:
    'Point `--from` at the earlier stage that produces the files (`COPY --from=builder /out/app /app`), and prefer stage names over numeric indexes, which shift when stages are added.',
  references: [
    'https://docs.docker.com/build/building/multi-stage/',
    'https://github.com/hadolint/hadolint/wiki/DL3023',
  ],
  mappings: {
    hadolint: ['DL3023'],
    trivy: ['DS-0006'],
  },
  tags: ['correctness'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const stage of df.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'COPY') continue;
        const from = instr.flags.find((f) => f.name.toLowerCase() === 'from')?.value?.trim();
        // A variable reference may resolve to anything.
        if (!from || from.includes('$')) continue;
        const self = /^\d+$/.test(from) ? Number(from) === stage.index : from.toLowerCase() === stage.name;
        if (!self) continue;
        const label = stage.name ? `"${stage.name}"` : `#${String(stage.index)}`;
        hits.push(
          hitAt(
            instr,
            `COPY --from=${from} refers to its own stage ${label} (FROM on line ${String(stage.from.startLine)}): a stage cannot copy from itself.`,
          ),
        );
      }
    }
    return hits;
  },
};
