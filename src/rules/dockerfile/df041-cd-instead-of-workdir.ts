import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './helpers.js';
import { commandKey, runShell, shellCScriptCommands } from './df046-pipe-without-pipefail.js';

/**
 * The `cd` commands of a RUN's own script. A `cd` inside a `sh -c '...'` string or a `$(...)`
 * substitution only moves that child shell, which is a deliberate, scoped use WORKDIR cannot express,
 * so those are left alone. The model does not mark `( ... )` subshells, so a `cd` there is reported
 * like any other, as hadolint does.
 */
function ownCds(commands: ShellCommand[]): ShellCommand[] {
  const scoped = new Set<string>();
  for (const c of commands) {
    for (const s of c.substituted) scoped.add(commandKey(s));
    for (const n of shellCScriptCommands(c)) scoped.add(commandKey(n));
  }
  return commands.filter((c) => c.name === 'cd' && !scoped.has(commandKey(c)));
}

export const cdInsteadOfWorkdir: DockerfileRule = {
  id: 'DF041',
  name: 'cd-instead-of-workdir',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'RUN changes directory with cd instead of WORKDIR',
  severity: 'LOW',
  description:
    'A `cd` in RUN lasts only until the end of that RUN: the next instruction starts again in the WORKDIR, so a later `RUN make` or `COPY . .` silently runs in a different directory than the reader assumes, and a RUN that is only `cd /app` does nothing at all. Scripts that hop between directories with `cd` are hard to review and easy to break when lines move.',
  remediation:
    'Set the directory with an absolute `WORKDIR` and keep RUN for commands: replace `RUN cd /src/app && make` with `WORKDIR /src/app` followed by `RUN make`. A directory change that must stay scoped to one command can go in a subshell or `sh -c`.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#workdir',
    'https://github.com/hadolint/hadolint/wiki/DL3003',
  ],
  mappings: {
    hadolint: ['DL3003'],
    trivy: ['DS-0013'],
  },
  tags: ['maintainability'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const commands = runShell(run).commands;
      const cds = ownCds(commands);
      const first = cds[0];
      if (!first) continue;
      const target = first.args.join(' ') || '~';
      const message =
        commands.length === cds.length
          ? `RUN only runs "cd ${target}", which has no effect: the directory does not carry over to the next instruction; use WORKDIR ${target}.`
          : `RUN changes directory with "cd ${target}" instead of WORKDIR; the change is lost at the end of this RUN.`;
      hits.push(hitAt(run, message));
    }
    return hits;
  },
};
