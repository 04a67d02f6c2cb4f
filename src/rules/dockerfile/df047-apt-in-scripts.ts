import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, positionalArgs } from './lib/helpers.js';
import { runShell } from './lib/shell.js';

/** apt-cache does the read-only queries; apt-get everything that changes the system. */
const APT_CACHE = new Set(['search', 'show', 'showsrc', 'policy', 'depends', 'rdepends', 'list']);

export const aptInScripts: DockerfileRule = {
  id: 'DF047',
  name: 'apt-in-scripts',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt used in RUN instead of apt-get',
  severity: 'LOW',
  description:
    '`apt` is the interactive front end: its command line and output are not a stable interface, and it prints "WARNING: apt does not have a stable CLI interface. Use with caution in scripts." Its behaviour (progress bars, prompts, defaults such as recommends handling) may change between releases, so a build that works today can hang or install different packages after a base image update.',
  remediation:
    'Use `apt-get` for install, update, upgrade and remove (`RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.*`), and `apt-cache` for queries such as `apt-cache policy` or `apt-cache show`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3027',
    'https://manpages.debian.org/stable/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS',
  ],
  mappings: {
    hadolint: ['DL3027'],
    checkov: ['CKV_DOCKER_9'],
  },
  tags: ['reliability'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const uses = runShell(run)
        .commands.filter((c) => c.name === 'apt')
        .map((c) => positionalArgs(c.args, ['-o', '-c', '-t'])[0] ?? '');
      if (uses.length === 0) continue;
      const shown = [...new Set(uses)].map((sub) => (sub ? `apt ${sub}` : 'apt'));
      const tools = [...new Set(uses.map((sub) => (APT_CACHE.has(sub) ? 'apt-cache' : 'apt-get')))];
      hits.push(
        hitAt(
          run,
          `RUN uses ${shown.join(', ')}; use ${tools.join(' / ')} in scripts, apt's CLI is not stable.`,
        ),
      );
    }
    return hits;
  },
};
