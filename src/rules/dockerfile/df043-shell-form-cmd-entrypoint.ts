import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import { parseShell } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { finalStage, hitAt, stageChain } from './lib/helpers.js';
import { isPosixShell, shellInForce } from './lib/shell.js';

/** `CMD []` is exec form too, but the model only recognises arrays with at least one string. */
function isExecForm(instr: Instruction): boolean {
  return instr.json !== null || /^\[\s*\]$/.test(instr.argsText.trim());
}

/** `CMD exec node app.js`: the shell replaces itself, so the program does become PID 1. */
function execsProgram(instr: Instruction): boolean {
  return parseShell(instr.argsText, instr.startLine).commands.some((c) => c.wrappers[0] === 'exec');
}

/** The CMD and ENTRYPOINT the final image ends up with, following the stages it builds on. */
function effective(df: DockerfileModel): { cmd?: Instruction; entrypoint?: Instruction } {
  const stage = finalStage(df);
  if (!stage) return {};
  let cmd: Instruction | undefined;
  let entrypoint: Instruction | undefined;
  for (const s of stageChain(df, stage).reverse()) {
    for (const i of s.instructions) {
      if (i.keyword === 'CMD') cmd = i;
      else if (i.keyword === 'ENTRYPOINT') {
        entrypoint = i;
        // An ENTRYPOINT resets the CMD inherited from the base image (here: an earlier stage).
        if (cmd && cmd.stage !== s.index) cmd = undefined;
      }
    }
  }
  const out: { cmd?: Instruction; entrypoint?: Instruction } = {};
  if (cmd) out.cmd = cmd;
  if (entrypoint) out.entrypoint = entrypoint;
  return out;
}

export const shellFormCmdEntrypoint: DockerfileRule = {
  id: 'DF043',
  name: 'shell-form-cmd-entrypoint',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'CMD or ENTRYPOINT in shell form',
  severity: 'LOW',
  description:
    'In shell form (`CMD node server.js`) Docker runs `/bin/sh -c "node server.js"`, so PID 1 is the shell, not the application. `docker stop` and Kubernetes send SIGTERM to PID 1; the shell does not forward it, the application never gets to drain connections or flush data, and it is SIGKILLed after the grace period. A shell-form ENTRYPOINT also ignores CMD and the arguments of `docker run`.',
  remediation:
    'Use the exec (JSON array) form: `CMD ["node", "server.js"]`, `ENTRYPOINT ["/usr/local/bin/app"]`. If shell features are needed, put them in an entrypoint script that ends with `exec "$@"`, or start the shell-form command with `exec` (`CMD exec node server.js`).',
  references: [
    'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
    'https://docs.docker.com/reference/build-checks/json-args-recommended/',
    'https://github.com/hadolint/hadolint/wiki/DL3025',
  ],
  mappings: {
    hadolint: ['DL3025'],
  },
  tags: ['reliability'],
  check(df) {
    const { cmd, entrypoint } = effective(df);
    const hits: RuleHit[] = [];
    // A shell-form ENTRYPOINT ignores CMD altogether, so only the ENTRYPOINT matters then.
    const candidates = entrypoint && !isExecForm(entrypoint) ? [entrypoint] : [entrypoint, cmd];
    for (const instr of candidates) {
      if (!instr || isExecForm(instr) || instr.argsText.trim() === '') continue;
      const sh = shellInForce(df, instr);
      // Windows shells (cmd, powershell) have no SIGTERM to forward.
      if (sh && !isPosixShell(sh[0] ?? '')) continue;
      if (execsProgram(instr)) continue;
      const shell = sh ? sh.join(' ') : '/bin/sh -c';
      const text = instr.argsText.trim().replace(/\s+/g, ' ');
      const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      hits.push(
        hitAt(
          instr,
          `${instr.keyword} ${shown} is in shell form: it runs as \`${shell} "…"\`, so the shell is PID 1 and SIGTERM does not reach the program.`,
        ),
      );
    }
    return hits.sort((a, b) => a.startLine - b.startLine);
  },
};
