import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { apkAdds } from './lib/package-managers.js';

/** An apk operand that pins nothing: no `=`, `~`, `<`, `>` constraint, not a local `.apk`, no variable. */
function apkUnpinnedName(op: string): boolean {
  if (op.includes('$') || op.includes('/') || /[=<>~]/.test(op)) return false;
  return !op.toLowerCase().endsWith('.apk');
}

export const apkUnpinned: DockerfileRule = {
  id: 'DF031',
  name: 'apk-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apk add without pinned package versions',
  severity: 'LOW',
  description:
    '`apk add pkg` installs whatever version the Alpine mirror serves at build time, so two builds of the same Dockerfile can ship different code and a rebuild can pull in a regressed or compromised package without any change under review. It also makes a vulnerability finding impossible to trace back to a Dockerfile change.',
  remediation:
    'Pin each package: `apk add --no-cache curl=8.5.0-r0` (or a fuzzy constraint such as `curl~8.5` to accept patch releases of one branch). Look up versions with `apk policy <pkg>` and bump them deliberately.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3018',
    'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Holding_a_specific_package_back',
  ],
  mappings: { hadolint: ['DL3018'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const unpinned = apkAdds(run).flatMap((c) => c.operands.filter(apkUnpinnedName));
      if (unpinned.length === 0) continue;
      hits.push(hitAt(run, `apk add without pinned versions: ${[...new Set(unpinned)].join(', ')}`));
    }
    return hits;
  },
};
