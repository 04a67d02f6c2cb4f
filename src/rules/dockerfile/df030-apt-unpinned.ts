import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { aptInstalls } from './lib/package-managers.js';

/** An apt operand that pins nothing: not `pkg=1.2`, not `pkg/release`, not a local `.deb`, no variable. */
function aptUnpinnedName(op: string): boolean {
  if (op.includes('$') || op.includes('=') || op.includes('/')) return false;
  return !op.toLowerCase().endsWith('.deb');
}

export const aptUnpinned: DockerfileRule = {
  id: 'DF030',
  name: 'apt-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt-get install without pinned package versions',
  severity: 'LOW',
  description:
    'Packages installed with `apt-get install pkg` resolve to whatever version the mirror serves on the day of the build. Two builds of the same Dockerfile can ship different code, a rebuild can silently pull in a regressed or compromised release, and a vulnerability report cannot be tied back to the Dockerfile. Pinning makes builds reproducible and upgrades deliberate, reviewable changes.',
  remediation:
    'Pin each package to a version: `apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git=1:2.39.2-1.1`. Find the current version with `apt-cache policy <pkg>` and bump it deliberately (Renovate and Dependabot can automate this).',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3008',
    'https://docs.docker.com/build/building/best-practices/#apt-get',
  ],
  mappings: { hadolint: ['DL3008'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const unpinned = aptInstalls(run).flatMap((c) => c.operands.filter(aptUnpinnedName));
      if (unpinned.length === 0) continue;
      const names = [...new Set(unpinned)];
      hits.push(hitAt(run, `apt-get install without pinned versions: ${names.join(', ')}`));
    }
    return hits;
  },
};
