import type { Stage } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';

export const duplicateStageName: DockerfileRule = {
  id: 'DF045',
  name: 'duplicate-stage-name',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Two build stages share the same name',
  severity: 'MEDIUM',
  description:
    'Stage names are case-insensitive and must be unique. With two `AS build` stages, `COPY --from=build` and `FROM build` can only resolve to one of them: BuildKit rejects the file, and builders that accept it pick a stage the author may not have meant, so the final image can be assembled from unreviewed or stale build output.',
  remediation:
    'Give every stage its own name (`FROM golang:1.22 AS go-build`, `FROM node:20 AS web-build`) and update the `--from` and `FROM` references accordingly.',
  references: [
    'https://docs.docker.com/reference/build-checks/duplicate-stage-name/',
    'https://github.com/hadolint/hadolint/wiki/DL3024',
  ],
  mappings: {
    hadolint: ['DL3024'],
    trivy: ['DS-0012'],
    checkov: ['CKV_DOCKER_11'],
  },
  tags: ['correctness'],
  check(df) {
    const hits: RuleHit[] = [];
    const seen = new Map<string, Stage>();
    for (const stage of df.stages) {
      if (!stage.name) continue;
      const first = seen.get(stage.name);
      if (!first) {
        seen.set(stage.name, stage);
        continue;
      }
      hits.push({
        startLine: stage.from.startLine,
        endLine: stage.from.endLine,
        message: `Stage name "${stage.name}" is already used by the FROM on line ${String(first.from.startLine)}; stage names must be unique.`,
      });
    }
    return hits;
  },
};
