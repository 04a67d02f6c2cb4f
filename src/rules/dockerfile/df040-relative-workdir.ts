import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, stageChain } from './lib/helpers.js';

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

/** `/app`, `C:\app`, `C:/app`, or `\app` (rooted on the current drive on Windows). */
function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

export const relativeWorkdir: DockerfileRule = {
  id: 'DF040',
  name: 'relative-workdir',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'WORKDIR with a relative path',
  severity: 'LOW',
  description:
    'A relative WORKDIR is resolved against the previous WORKDIR, which for the first one is whatever the base image set. When the base image changes its working directory (a new tag, a different variant), `WORKDIR app` silently moves, and the following COPY and RUN instructions write to and execute from a different place than the author tested, so files land outside the directory that is later made read-only or owned by the app user.',
  remediation:
    'Always give WORKDIR an absolute path, e.g. `WORKDIR /app` instead of `WORKDIR app`, and `WORKDIR /app/src` instead of a second `WORKDIR src`.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#workdir',
    'https://docs.docker.com/reference/build-checks/workdir-relative-path/',
    'https://github.com/hadolint/hadolint/wiki/DL3000',
  ],
  mappings: {
    hadolint: ['DL3000'],
    trivy: ['DS-0009'],
    checkov: ['CKV_DOCKER_10'],
  },
  tags: ['maintainability'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const stage of df.stages) {
      // The WORKDIRs in force before each instruction: those of the stages this one builds on, then its own.
      const inherited: Instruction[] = stageChain(df, stage)
        .slice(1)
        .reverse()
        .flatMap((s) => s.instructions.filter((i) => i.keyword === 'WORKDIR'));
      let previous: Instruction | undefined = inherited.at(-1);
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'WORKDIR') continue;
        const path = unquote(instr.argsText);
        // `$HOME` or `${APP_DIR}` may well be absolute; the value cannot be known here.
        if (path !== '' && !isAbsolute(path) && !path.startsWith('$')) {
          if (previous) {
            // The result is fixed by this Dockerfile, so it is only a readability matter.
            const base = unquote(previous.argsText);
            const hit = hitAt(
              instr,
              `WORKDIR "${path}" is relative: it resolves against the earlier WORKDIR ${base} (line ${String(previous.startLine)}); write the absolute path.`,
            );
            hit.severity = 'INFO';
            hits.push(hit);
          } else {
            hits.push(
              hitAt(
                instr,
                `WORKDIR "${path}" is relative: it resolves against the base image's working directory (FROM ${stage.image}), which can change under you; use an absolute path.`,
              ),
            );
          }
        }
        previous = instr;
      }
    }
    return hits;
  },
};
