import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, positionalArgs } from './lib/helpers.js';
import { invocation } from './lib/shell.js';

/** `npm install` and its aliases (npm accepts abbreviations and common typos). */
const NPM_INSTALL = new Set([
  'install',
  'i',
  'add',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isnt',
  'isnta',
  'isntal',
  'isntall',
]);

/** Options of npm, yarn, pnpm and bun that take a separate value. */
const OPTIONS_WITH_VALUE = [
  '--prefix',
  '--registry',
  '--cache',
  '--omit',
  '--include',
  '-w',
  '--workspace',
  '--tag',
  '--userconfig',
  '--globalconfig',
  '--loglevel',
  '--save-prefix',
  '--install-strategy',
  '--before',
  '--location',
  '--script-shell',
  '--cpu',
  '--os',
  '--libc',
  '--cwd',
  '--modules-folder',
  '--cache-folder',
  '--network-timeout',
  '--mutex',
  '--filter',
  '-F',
  '--dir',
  '-C',
  '--store-dir',
];

/** Package specs an `npm install` / `yarn add` / `pnpm add` / `bun add` names, or undefined. */
function installedSpecs(cmd: ShellCommand): { command: string; specs: string[] } | undefined {
  const { name, args } = invocation(cmd);
  const pos = positionalArgs(args, OPTIONS_WITH_VALUE);
  const sub = pos[0] ?? '';
  if (name === 'npm' && NPM_INSTALL.has(sub)) return { command: `npm ${sub}`, specs: pos.slice(1) };
  if (name === 'yarn' && sub === 'global' && pos[1] === 'add')
    return { command: 'yarn global add', specs: pos.slice(2) };
  if ((name === 'yarn' || name === 'pnpm' || name === 'bun') && sub === 'add') {
    return { command: `${name} add`, specs: pos.slice(1) };
  }
  return undefined;
}

/** Dist-tags and ranges that pin nothing. */
const FLOATING = new Set(['', 'latest', '*', 'x']);

/** A registry package named without a version (`express`, `@nestjs/cli`, `typescript@latest`). */
function isUnpinnedSpec(spec: string): boolean {
  if (spec.includes('$')) return false;
  // Local paths, tarballs, git/github/file/alias specs are not plain registry names.
  if (spec.startsWith('.') || spec.includes(':') || /\.(tgz|tar\.gz|tar)$/i.test(spec)) return false;
  const scoped = spec.startsWith('@');
  if (!scoped && spec.includes('/')) return false; // `user/repo` is a GitHub shorthand
  const at = spec.indexOf('@', scoped ? 1 : 0);
  if (at < 0) return true;
  return FLOATING.has(spec.slice(at + 1));
}

export const npmUnpinned: DockerfileRule = {
  id: 'DF033',
  name: 'npm-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'npm/yarn/pnpm package installed without a version',
  severity: 'LOW',
  description:
    '`npm install -g typescript` (or `yarn add`, `pnpm add`) without a version installs whatever the registry marks as latest at build time. npm has a long history of hijacked packages publishing malicious new releases (event-stream, ua-parser-js, coa), so an unpinned install lets such a release into the image on the next rebuild with no change under review.',
  remediation:
    "Pin an exact version (`npm install -g typescript@5.4.5`), or install the project's dependencies from its lock file with `npm ci` (`yarn install --frozen-lockfile`, `pnpm install --frozen-lockfile`).",
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3016',
    'https://docs.npmjs.com/cli/commands/npm-ci',
  ],
  mappings: { hadolint: ['DL3016'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const found = run
        .shell()
        .commands.map(installedSpecs)
        .filter((x) => x !== undefined);
      const offending = found.filter((f) => f.specs.some(isUnpinnedSpec));
      if (offending.length === 0) continue;
      const unpinned = [...new Set(offending.flatMap((f) => f.specs.filter(isUnpinnedSpec)))];
      const commands = [...new Set(offending.map((f) => f.command))].join(', ');
      hits.push(hitAt(run, `${commands} without pinned versions: ${unpinned.join(', ')}`));
    }
    return hits;
  },
};
