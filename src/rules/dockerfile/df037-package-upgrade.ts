import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { apkCall, aptCall, rpmCall } from './lib/package-managers.js';

const APT_UPGRADES = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);
const RPM_UPGRADES = new Set(['update', 'upgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal']);

export const packageUpgrade: DockerfileRule = {
  id: 'DF037',
  name: 'package-upgrade',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Blanket OS package upgrade in the Dockerfile',
  severity: 'LOW',
  description:
    '`apt-get upgrade`, `dist-upgrade`, `apk upgrade` or a bare `yum/dnf update` upgrades every package to whatever the mirror serves on build day. The image content then depends on the build date rather than the Dockerfile, rebuilds are not reproducible, and the fixes are frozen into a cached layer that is not refreshed until the cache is busted, giving a false sense of being patched.',
  remediation:
    'Get security fixes by moving to a newer, patched base image (pin its digest and let Renovate/Dependabot bump it), and rebuild regularly. If one package needs a fix the base lacks, upgrade just that package to a pinned version: `apt-get install -y --only-upgrade openssl=3.0.13-1~deb12u1`.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often',
    'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
  ],
  mappings: { dockle: ['DKL-DI-0003'] },
  tags: ['reproducibility', 'patching'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const found: string[] = [];
      for (const cmd of run.shell().commands) {
        const apt = aptCall(cmd);
        if (apt && APT_UPGRADES.has(apt.sub)) found.push(`${apt.tool} ${apt.sub}`);
        const apk = apkCall(cmd);
        // `apk upgrade pkg` upgrades only the named package, which is a targeted choice.
        if (apk?.sub === 'upgrade' && apk.operands.length === 0) found.push('apk upgrade');
        const rpm = rpmCall(cmd);
        if (rpm && RPM_UPGRADES.has(rpm.sub) && rpm.operands.length === 0)
          found.push(`${rpm.tool} ${rpm.sub}`);
      }
      if (found.length === 0) continue;
      hits.push(
        hitAt(
          run,
          `${[...new Set(found)].join(', ')} upgrades every package to the build day's versions: the image is not reproducible.`,
        ),
      );
    }
    return hits;
  },
};
