import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { ShellCommand, ShellScript } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt, positionalArgs } from './lib/helpers.js';
import {
  commandKey,
  isPosixShell,
  POSIX_SHELLS,
  runShell,
  scriptOptionIndex,
  shellCScriptCommands,
  shellInForce,
} from './lib/shell.js';

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail` in a shell's or `set`'s arguments. */
function enablesPipefail(args: string[]): boolean {
  for (let i = 0; i < args.length - 1; i++) {
    if (/^-[a-zA-Z]*o[a-zA-Z]*$/.test(args[i] ?? '') && args[i + 1] === 'pipefail') return true;
  }
  return false;
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
