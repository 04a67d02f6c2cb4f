import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { finalImageRuns, isUnder, nonLayerMountTargets, removedPaths } from './lib/layers.js';
import { aptCall } from './lib/package-managers.js';

const LISTS = '/var/lib/apt/lists';

export const aptListsNotCleaned: DockerfileRule = {
  id: 'DF029',
  name: 'apt-lists-not-cleaned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt package lists left in the image layer',
  severity: 'LOW',
  description:
    'A RUN that runs `apt-get update` writes tens of megabytes of package lists to /var/lib/apt/lists. Unless the same RUN deletes them they are frozen into that layer for good (a later `rm` only hides them), bloating every pull, and the stale lists invite a later `apt-get install` in a derived image to install outdated versions. `apt-get clean` does not remove them: it only empties /var/cache/apt/archives.',
  remediation:
    'End the RUN that updates and installs with `rm -rf /var/lib/apt/lists/*`: `RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*`, or keep the lists out of the layer with `RUN --mount=type=cache,target=/var/lib/apt/lists ...`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3009',
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
  ],
  mappings: { hadolint: ['DL3009'], dockle: ['DKL-DI-0005'] },
  tags: ['image-size', 'hygiene'],
  check(df) {
    const hits: RuleHit[] = [];
    // Build stages that are only copied from are discarded, so their lists never ship.
    for (const run of finalImageRuns(df)) {
      const update = run
        .shell()
        .commands.map(aptCall)
        .find((c) => c?.sub === 'update');
      if (!update) continue;
      if (isUnder(LISTS, nonLayerMountTargets(run))) continue;
      const removed = removedPaths(run);
      if (isUnder(LISTS, removed) || removed.some((p) => isUnder(p, [LISTS]))) continue;
      hits.push(
        hitAt(
          run,
          `\`${update.tool} update\` without \`rm -rf /var/lib/apt/lists/*\` in the same RUN: the package lists stay in the image layer.`,
        ),
      );
    }
    return hits;
  },
};
