import type { DockerfileModel, Instruction } from '../../../analyzers/config/dockerfile/model.js';
import {
  parseShell,
  type ShellCommand,
  type ShellScript,
} from '../../../analyzers/config/dockerfile/shell.js';
import { stageChain } from './helpers.js';

/*
 * How the commands of a RUN really run: through `xargs`, under the SHELL in force, inside `sh -c '...'`.
 */

export const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

const XARGS_OPTIONS_WITH_VALUE = new Set([
  '-a',
  '-d',
  '-E',
  '-I',
  '-L',
  '-n',
  '-P',
  '-s',
  '--arg-file',
  '--delimiter',
  '--max-args',
  '--max-procs',
  '--max-lines',
  '--max-chars',
]);

/** The command as it really runs, looking through `xargs` (`xargs apt-get install -y < pkgs.txt`). */
export function invocation(cmd: ShellCommand): { name: string; args: string[] } {
  if (cmd.name !== 'xargs') return { name: cmd.name, args: cmd.args };
  let i = 0;
  while (i < cmd.args.length) {
    const a = cmd.args[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    i++;
    if (XARGS_OPTIONS_WITH_VALUE.has(a)) i++;
  }
  const rest = cmd.args.slice(i);
  return { name: basename(rest[0] ?? ''), args: rest.slice(1) };
}

export function isPosixShell(cmd: string): boolean {
  return POSIX_SHELLS.has(basename(cmd));
}

/**
 * The SHELL in force at `instr`: the last SHELL before it in its own stage, else the last one of the
 * nearest stage it builds on. `Stage.shell` is not enough: it is the SHELL at the end of the stage and
 * is only set on stages that declare one themselves.
 */
export function shellInForce(df: DockerfileModel, instr: Instruction): string[] | undefined {
  const stage = df.stages[instr.stage];
  if (!stage) return undefined;
  for (const s of stageChain(df, stage)) {
    const last = s.instructions
      .filter(
        (i) => i.keyword === 'SHELL' && i.json !== null && (s !== stage || i.startLine < instr.startLine),
      )
      .at(-1);
    if (last?.json) return last.json;
  }
  return undefined;
}

/** Index of the `-c` option (`-c`, `-ec`, `-xc`) of a shell invocation's arguments, or -1. */
export function scriptOptionIndex(args: string[]): number {
  return args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
}

/**
 * The commands of the literal script of `sh -c '...'`, parsed exactly as the model parses it, so that
 * the nested commands the model merged into the RUN's script can be told apart by `commandKey`.
 */
export function shellCScriptCommands(cmd: ShellCommand): ShellCommand[] {
  if (!POSIX_SHELLS.has(cmd.name)) return [];
  const ci = scriptOptionIndex(cmd.args);
  const src = ci >= 0 ? cmd.args[ci + 1] : undefined;
  if (src === undefined || src.includes('$(') || src.includes('`')) return [];
  return parseShell(src, cmd.line, 1).commands;
}

export function commandKey(c: ShellCommand): string {
  return `${String(c.line)}:${String(c.start)}:${String(c.end)}:${c.words.join('\u0000')}`;
}

/**
 * `run.shell()`, except for an exec-form RUN whose strings the model mangled (see `execArgv`): its
 * `-c` script is then parsed from the intact JSON with the same shell parser.
 */
export function runShell(run: Instruction): ShellScript {
  const argv = run.json;
  if (!argv || run.json === null) return run.shell();
  const json = run.json;
  if (json.length === argv.length && json.every((a, i) => a === argv[i])) return run.shell();
  if (!isPosixShell(argv[0] ?? '')) return run.shell();
  const ci = scriptOptionIndex(argv.slice(1)) + 1;
  const src = ci > 0 ? argv[ci + 1] : undefined;
  return src === undefined ? run.shell() : parseShell(src, run.startLine);
}
