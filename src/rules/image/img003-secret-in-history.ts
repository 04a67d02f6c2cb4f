import { findSecrets, redactSecret } from '../../analyzers/secrets/patterns.js';
import type { ImageHit, ImageRule } from '../types.js';
import { shortCommand } from './lib/describe.js';

/**
 * BuildKit and the classic builder record the build arguments a RUN saw at the front of its
 * history line: `RUN |2 NPM_TOKEN=npm_... VERSION=1 /bin/sh -c npm ci`. Returns the arguments'
 * text span so a finding can say it came from a build argument.
 */
export function buildArgSpan(createdBy: string): { start: number; end: number } | undefined {
  const m = /^(?:RUN )?\|\d+ (.*?)(?= \/bin\/sh -c | \/bin\/bash -c | cmd \/S \/C |$)/.exec(createdBy);
  if (!m?.[1]) return undefined;
  const start = createdBy.indexOf(m[1]);
  return { start, end: start + m[1].length };
}

export const secretInHistory: ImageRule = {
  id: 'IMG003',
  name: 'image-secret-in-history',
  target: 'image',
  class: 'secret',
  title: 'Secret recorded in the image history',
  severity: 'HIGH',
  description:
    'Every image keeps the command line of each build step in its history (`docker history --no-trunc`), including the values of build arguments a RUN used and any token typed into the command itself. Deleting the variable later does not remove it: the history ships with the image.',
  remediation:
    'Pass credentials with BuildKit secret mounts (`RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci`) instead of `ARG`/`--build-arg` or literals in RUN, rebuild, and rotate the exposed credential.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/cli/docker/image/history/',
  ],
  mappings: { dockle: ['CIS-DI-0010'], trivy: ['DS-0031'] },
  tags: ['secrets', 'supply-chain'],
  check(ctx) {
    // A secret set with ENV is reported once, by IMG002, while it is still in the environment.
    const env = new Set((ctx.config?.config?.Env ?? []).flatMap((kv) => findSecrets(kv).map((m) => m.value)));
    const hits: ImageHit[] = [];
    for (const h of ctx.history) {
      const args = buildArgSpan(h.createdBy);
      for (const m of findSecrets(h.createdBy)) {
        if (env.has(m.value)) continue;
        const inArgs = args !== undefined && m.index >= args.start && m.index < args.end;
        const where = inArgs
          ? `a build argument of history entry ${h.index + 1}`
          : `history entry ${h.index + 1}`;
        const hit: ImageHit = {
          path: 'history',
          line: h.index + 1,
          message: `${m.pattern.title} (${redactSecret(m.value)}) in ${where}: ${shortCommand(h.createdBy)}`,
          severity: m.pattern.kind === 'generic' ? 'HIGH' : m.pattern.severity,
          key: `history:${m.pattern.id}:${redactSecret(m.value)}:${String(h.index)}`,
        };
        if (h.layer !== undefined) hit.layer = h.layer;
        hits.push(hit);
      }
    }
    return hits;
  },
};
