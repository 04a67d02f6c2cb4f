import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { isUnder, normalizePath, removedPaths } from './lib/layers.js';
import { commandKey, runShell, shellCScriptCommands } from './lib/shell.js';

/** `cd` targets that only go back where the script came from. */
const RETURNS = new Set(['..', '-', '/', '$OLDPWD']);

/**
 * The `cd` commands of a RUN's own script that WORKDIR could replace. Left alone:
 * - a `cd` inside `( ... )`, a `sh -c '...'` string or a `$(...)` substitution, which only moves that
 *   child shell: a deliberate, scoped use WORKDIR cannot express;
 * - a `cd` into a directory the same RUN deletes afterwards (`cd /usr/src/python && make install && rm -rf
 *   /usr/src/python`, or a `mktemp -d` directory): WORKDIR would leave that directory in the image and
 *   force the build out of the single layer that cleans it up. A following `cd ..`, `cd -` or `cd /`
 *   that only comes back from such a directory is left alone too.
 */
function ownCds(run: Instruction, commands: ShellCommand[]): ShellCommand[] {
  const scoped = new Set<string>();
  for (const c of commands) {
    for (const s of c.substituted) scoped.add(commandKey(s));
    for (const n of shellCScriptCommands(c)) scoped.add(commandKey(n));
  }
  let inRemovedDir = false;
  return commands.filter((c) => {
    if (c.name !== 'cd' || c.subshell || scoped.has(commandKey(c))) return false;
    const target = c.args.find((a) => a === '-' || !a.startsWith('-'));
    const removedLater = removedPaths(run, c).filter((p) => p !== '/' && p !== '.' && p !== '*');
    if (target !== undefined && isUnder(normalizePath(target), removedLater)) {
      inRemovedDir = true;
      return false;
    }
    if (inRemovedDir && target !== undefined && RETURNS.has(target)) return false;
    inRemovedDir = false;
    return true;
  });
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
      const cds = ownCds(run, commands);
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
