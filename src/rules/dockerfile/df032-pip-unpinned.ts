import type { DockerfileRule, RuleHit } from '../types.js';
import { hasFlag, hitAt } from './lib/helpers.js';
import { pipInstalls } from './lib/package-managers.js';

/** A requirement that names a package without any version constraint. */
function isUnpinnedRequirement(op: string): boolean {
  if (op.includes('$')) return false; // unknown until build time
  // Paths, URLs (`git+https://...@v1`, `pkg @ https://...` in one word) and archives are not registry names.
  if (op.startsWith('.') || /[/\\:]/.test(op)) return false;
  if (/\.(whl|zip|tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i.test(op)) return false;
  return !/(===|==|~=|>=|<=|<|>)/.test(op);
}

function unpinnedOperands(operands: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i] ?? '';
    // `name @ https://...` written as separate words is a direct URL reference.
    if (operands[i + 1] === '@') {
      i += 2;
      continue;
    }
    if (op === '@') continue;
    if (isUnpinnedRequirement(op)) out.push(op);
  }
  return out;
}

export const pipUnpinned: DockerfileRule = {
  id: 'DF032',
  name: 'pip-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'pip install without pinned versions',
  severity: 'LOW',
  description:
    '`pip install requests` installs the newest release on PyPI at build time, and the newest releases of its dependencies. A rebuild can therefore pull a breaking or malicious release (typosquats and hijacked maintainer accounts publish new versions, not old ones) without any change under review, and two images built from the same Dockerfile can differ.',
  remediation:
    'Pin versions (`pip install --no-cache-dir requests==2.32.3`), or better install from a locked requirements file with hashes: `pip install --no-cache-dir --require-hashes -r requirements.txt`. A constraints file (`-c constraints.txt`) also pins the named packages.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3013',
    'https://pip.pypa.io/en/stable/topics/repeatable-installs/',
  ],
  mappings: { hadolint: ['DL3013'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const unpinned = pipInstalls(run)
        // A constraints file may pin every named package and `--no-index` installs only from a local
        // wheelhouse; neither can be judged from here, so trust them.
        .filter((p) => !hasFlag(p.args, ['--constraint', '--no-index'], ['c']))
        .flatMap((p) => unpinnedOperands(p.operands));
      if (unpinned.length === 0) continue;
      hits.push(hitAt(run, `pip install without pinned versions: ${[...new Set(unpinned)].join(', ')}`));
    }
    return hits;
  },
};
