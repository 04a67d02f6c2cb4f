import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, positionalArgs } from './lib/helpers.js';
import { invocation } from './lib/shell.js';

const GEM_OPTIONS_WITH_VALUE = [
  '-v',
  '--version',
  '-i',
  '--install-dir',
  '-n',
  '--bindir',
  '-s',
  '--source',
  '-P',
  '--trust-policy',
  '--platform',
  '-g',
  '--file',
  '--build-root',
  '--target-rbconfig',
];

/** `-v 1.2`, `-v1.2`, `--version 1.2`, `--version=1.2`. */
function hasVersionOption(args: string[]): boolean {
  return args.some(
    (a) => a === '-v' || /^-v[0-9~<>=]/.test(a) || a === '--version' || a.startsWith('--version='),
  );
}

export const gemUnpinned: DockerfileRule = {
  id: 'DF034',
  name: 'gem-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'gem install without a pinned version',
  severity: 'LOW',
  description:
    '`gem install rails` installs the newest release on rubygems.org at build time. Rebuilding the same Dockerfile can then ship a different, possibly breaking or malicious release (compromised gems such as rest-client 1.6.13 and strong_password were published as new versions) without any reviewed change.',
  remediation:
    'Pin the version: `gem install bundler:2.5.11` or `gem install bundler -v 2.5.11`, and install application gems from a committed Gemfile.lock with `bundle install`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3028',
    'https://guides.rubygems.org/command-reference/#gem-install',
  ],
  mappings: { hadolint: ['DL3028'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const unpinned: string[] = [];
      for (const cmd of run.shell().commands) {
        const { name, args } = invocation(cmd);
        if (name !== 'gem') continue;
        // Everything after `--` is passed to the gem's extension build.
        const end = args.indexOf('--');
        const own = end >= 0 ? args.slice(0, end) : args;
        const pos = positionalArgs(own, GEM_OPTIONS_WITH_VALUE);
        if (pos[0] !== 'install' && pos[0] !== 'i') continue;
        if (hasVersionOption(own)) continue;
        for (const g of pos.slice(1)) {
          if (g.includes('$') || g.includes(':') || g.includes('/') || g.toLowerCase().endsWith('.gem'))
            continue;
          unpinned.push(g);
        }
      }
      if (unpinned.length === 0) continue;
      hits.push(hitAt(run, `gem install without pinned versions: ${[...new Set(unpinned)].join(', ')}`));
    }
    return hits;
  },
};
