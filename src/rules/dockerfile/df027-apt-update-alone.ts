import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { apkCall, aptCall } from './lib/package-managers.js';
import { invocation } from './lib/shell.js';

/** apt subcommands that read the package lists `apt-get update` just fetched. */
const APT_CONSUMERS = new Set([
  'install',
  'reinstall',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'build-dep',
  'source',
  'download',
  'satisfy',
]);
const APK_CONSUMERS = new Set(['add', 'upgrade', 'fix', 'fetch']);

/**
 * A command that may install packages in a way we cannot see: a script (`./install.sh`,
 * `sh setup.sh`) or an installer wrapper (`install_packages`, `install-php-extensions`).
 */
function mayInstallOpaquely(cmd: ShellCommand): boolean {
  const { name, args } = invocation(cmd);
  if (/install/i.test(name) || name.endsWith('.sh')) return true;
  if (/^(sh|bash|ash|dash|zsh|ksh)$/.test(name)) {
    // `sh -c '...'` is parsed for us; `sh script.sh` is not.
    return args.some((a) => !a.startsWith('-')) && !args.some((a) => /^-[a-z]*c[a-z]*$/.test(a));
  }
  return false;
}

function check(run: Instruction): string | undefined {
  const cmds = run.shell().commands;
  let aptUpdate: string | undefined;
  let apkUpdate = false;
  let aptConsumes = false;
  let apkConsumes = false;
  for (const cmd of cmds) {
    const apt = aptCall(cmd);
    if (apt?.sub === 'update') aptUpdate ??= apt.tool;
    if (apt && APT_CONSUMERS.has(apt.sub)) aptConsumes = true;
    const apk = apkCall(cmd);
    if (apk?.sub === 'update') apkUpdate = true;
    if (apk && APK_CONSUMERS.has(apk.sub)) apkConsumes = true;
  }
  if ((aptUpdate === undefined || aptConsumes) && (!apkUpdate || apkConsumes)) return undefined;
  if (cmds.some(mayInstallOpaquely)) return undefined;
  if (aptUpdate !== undefined && !aptConsumes) {
    return `\`${aptUpdate} update\` without an install in the same RUN: the cached layer keeps stale package lists for later RUNs.`;
  }
  return '`apk update` without an `apk add` in the same RUN: the cached layer keeps a stale package index for later RUNs.';
}

export const aptUpdateAlone: DockerfileRule = {
  id: 'DF027',
  name: 'apt-update-alone',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Package index update in a RUN without an install',
  severity: 'MEDIUM',
  description:
    'A RUN that only refreshes the package index (`apt-get update`, `apk update`) becomes its own cached layer. Later builds reuse that layer, so an `apt-get install` in a following RUN resolves packages against lists that may be weeks old: security fixes published since are silently not installed, and installs can fail once the mirror drops the old versions.',
  remediation:
    'Refresh and install in one RUN so both are cached (and invalidated) together, then clean up: `RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*`. On Alpine use `apk add --no-cache <pkg>`, which needs no separate update.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    trivy: ['DS-0017'],
    checkov: ['CKV_DOCKER_5'],
    dockle: ['CIS-DI-0007'],
    'cis-docker': ['4.7'],
  },
  tags: ['supply-chain', 'patching'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const message = check(run);
      if (message) hits.push(hitAt(run, message));
    }
    return hits;
  },
};
