import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import { parseShell, type ShellCommand, type ShellScript } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, positionalArgs, stageChain } from './helpers.js';

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
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

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail` in a shell's or `set`'s arguments. */
export function enablesPipefail(args: string[]): boolean {
  for (let i = 0; i < args.length - 1; i++) {
    if (/^-[a-zA-Z]*o[a-zA-Z]*$/.test(args[i] ?? '') && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** Index of the `-c` option (`-c`, `-ec`, `-xc`) of a shell invocation's arguments, or -1. */
function scriptOptionIndex(args: string[]): number {
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

/** The script a RUN executes and whether the shell running it already has pipefail on. */
function runScript(
  df: DockerfileModel,
  run: Instruction,
): { script: ShellScript; pipefail: boolean } | undefined {
  const argv = run.json;
  if (argv) {
    // Exec form bypasses SHELL: only `["bash", "-c", "..."]` goes through a shell at all.
    if (!isPosixShell(argv[0] ?? '')) return undefined;
    const ci = scriptOptionIndex(argv.slice(1)) + 1;
    if (ci === 0) return undefined;
    return { script: runShell(run), pipefail: enablesPipefail(argv.slice(1, ci)) };
  }
  const sh = shellInForce(df, run);
  // PowerShell and cmd have no pipefail and different error semantics.
  if (sh && !isPosixShell(sh[0] ?? '')) return undefined;
  return { script: run.shell(), pipefail: sh ? enablesPipefail(sh.slice(1)) : false };
}

/** Upstream commands whose failure cannot matter (`yes` even dies of SIGPIPE by design, which pipefail would turn into a failure). */
const HARMLESS_UPSTREAM = new Set(['echo', 'printf', 'yes', 'true', ':']);

/** Local text filters: they fail by printing nothing (or less), not by printing something else. */
const LOCAL_FILTERS = new Set([
  'grep',
  'egrep',
  'fgrep',
  'cat',
  'awk',
  'sed',
  'cut',
  'head',
  'tail',
  'tr',
  'sort',
  'uniq',
]);

/**
 * `sha256sum -c -` (and md5sum, sha1sum, sha512sum, b2sum, `shasum -c`) reading its list from the pipe:
 * it exits non-zero when the list is empty or any line fails (GNU: "no properly formatted checksum
 * lines found", BusyBox: "no checksum lines found"). When everything upstream is a local filter
 * (`grep " app.tar.gz$" SHASUMS | sha256sum -c -`), an upstream failure can only shorten the list,
 * so it fails the check instead of being hidden.
 */
function verifiesChecksumsFromPipe(cmd: ShellCommand): boolean {
  if (!/^(?:(?:md5|sha1|sha224|sha256|sha384|sha512|b2)sum|shasum)$/.test(cmd.name)) return false;
  if (!cmd.args.some((a) => a === '--check' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a))) return false;
  const valueOptions = cmd.name === 'shasum' ? ['-a', '--algorithm'] : [];
  return positionalArgs(cmd.args, valueOptions).every((a) => a === '-');
}

function describe(p: ShellCommand[]): string {
  return p.map((c) => c.name).join(' | ');
}

export const pipeWithoutPipefail: DockerfileRule = {
  id: 'DF046',
  name: 'pipe-without-pipefail',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'RUN pipeline without pipefail',
  severity: 'LOW',
  description:
    'A shell pipeline exits with the status of its last command only. In `RUN curl -fsSL https://example.com/app.tgz | tar -xz` a failed or truncated download is hidden when tar exits 0, and in `curl ... | sh` a failed download runs an empty script: the build succeeds and ships an image without the tool, or with half of it. `/bin/sh -c`, the default RUN shell, does not set pipefail.',
  remediation:
    'Make the shell fail when any element of a pipeline fails: declare `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or `["/bin/ash", "-eo", "pipefail", "-c"]` on Alpine) before the RUN, or start the script with `set -o pipefail &&`, e.g. `RUN set -o pipefail && curl -fsSL https://example.com/app.tgz | tar -xz`. Where the shell has no pipefail (dash), download to a file first and check it.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#using-pipes',
    'https://github.com/hadolint/hadolint/wiki/DL4006',
  ],
  mappings: {
    hadolint: ['DL4006'],
    trivy: ['DS-0032'],
  },
  tags: ['reliability', 'supply-chain'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const rs = runScript(df, run);
      if (!rs || rs.pipefail || rs.script.pipelines.length === 0) continue;
      const { script } = rs;
      // The model records only a top-level `set -o pipefail`; one in a heredoc or `sh -c` script counts too.
      const setLines = script.commands
        .filter((c) => c.name === 'set' && enablesPipefail(c.args))
        .map((c) => c.line);
      if (script.pipefailLine !== undefined) setLines.push(script.pipefailLine);
      const pipefailFrom = setLines.length > 0 ? Math.min(...setLines) : Infinity;
      // `bash -o pipefail -c '...'`: the nested script runs with pipefail on.
      const covered = new Set<string>();
      for (const c of script.commands) {
        if (
          POSIX_SHELLS.has(c.name) &&
          enablesPipefail(c.args.slice(0, Math.max(0, scriptOptionIndex(c.args))))
        ) {
          for (const n of shellCScriptCommands(c)) covered.add(commandKey(n));
        }
      }
      const unguarded = script.pipelines.filter((p) => {
        const first = p[0];
        if (!first || first.line >= pipefailFrom) return false;
        if (p.slice(0, -1).every((c) => HARMLESS_UPSTREAM.has(c.name))) return false;
        const last = p.at(-1);
        if (
          last &&
          verifiesChecksumsFromPipe(last) &&
          p.slice(0, -1).every((c) => LOCAL_FILTERS.has(c.name) || HARMLESS_UPSTREAM.has(c.name))
        )
          return false;
        return !p.every((c) => covered.has(commandKey(c)));
      });
      const [head, ...rest] = unguarded;
      if (!head) continue;
      const upstream = head
        .slice(0, -1)
        .map((c) => c.name)
        .join(', ');
      const last = head.at(-1)?.name ?? '';
      const also = rest.length > 0 ? ` (also: ${rest.map((p) => `"${describe(p)}"`).join(', ')})` : '';
      hits.push(
        hitAt(
          run,
          `Pipeline "${describe(head)}" runs without pipefail: if ${upstream} fails, the RUN still succeeds with ${last}'s exit status${also}.`,
        ),
      );
    }
    return hits;
  },
};
