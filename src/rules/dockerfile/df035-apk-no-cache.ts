import type { DockerfileRule, RuleHit } from '../types.js';
import { hasFlag, hitAt } from './lib/helpers.js';
import { finalImageRuns, isUnder, nonLayerMountTargets, removedPaths } from './lib/layers.js';
import { apkAdds } from './lib/package-managers.js';

const APK_CACHE_DIRS = ['/var/cache/apk', '/etc/apk/cache'];

export const apkNoCache: DockerfileRule = {
  id: 'DF035',
  name: 'apk-no-cache',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apk add without --no-cache',
  severity: 'LOW',
  description:
    'Without `--no-cache`, `apk add` stores the downloaded package index (APKINDEX) in /var/cache/apk, and it stays in the image layer. It enlarges every pull and leaves a stale index that a later `apk add` in a derived image may resolve against, installing outdated versions. Deleting it in a later RUN does not shrink the earlier layer.',
  remediation:
    'Use `apk add --no-cache <pkg>` (it also makes a separate `apk update` unnecessary), delete /var/cache/apk/* in the same RUN, or use a cache mount: `RUN --mount=type=cache,target=/var/cache/apk apk add curl`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3019',
    'https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache',
  ],
  mappings: { hadolint: ['DL3019'], trivy: ['DS-0025'], dockle: ['DKL-DI-0004'] },
  tags: ['image-size', 'hygiene'],
  check(df) {
    const hits: RuleHit[] = [];
    // Only layers of the final image matter: build stages that are merely copied from are discarded.
    for (const run of finalImageRuns(df)) {
      // `--no-network` installs only from what is already on disk: no index is fetched, none is stored.
      const missing = apkAdds(run).filter((c) => !hasFlag(c.args, ['--no-cache', '--no-network']));
      if (missing.length === 0) continue;
      const mounts = nonLayerMountTargets(run);
      if (APK_CACHE_DIRS.some((d) => isUnder(d, mounts))) continue;
      const removed = removedPaths(run);
      if (removed.some((p) => isUnder(p, APK_CACHE_DIRS)) || APK_CACHE_DIRS.some((d) => isUnder(d, removed)))
        continue;
      const pkgs = [...new Set(missing.flatMap((c) => c.operands))];
      const suffix = pkgs.length > 0 ? ` (packages: ${pkgs.join(', ')})` : '';
      hits.push(
        hitAt(run, `apk add without --no-cache${suffix}: the package index stays in the image layer.`),
      );
    }
    return hits;
  },
};
