import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { isUnder, normalizePath, removedPaths } from './lib/layers.js';

/**
 * True when a chmod-style mode grants write to "others" without the sticky bit. Sticky
 * world-writable directories (`1777`, `a+rwxt`) are the /tmp convention: users cannot remove
 * each other's files, so they are not flagged. A write bit without a "who" (`+w`) is filtered
 * by the umask and is not world-writable either.
 */
function isWorldWritableMode(mode: string): boolean {
  if (/^[0-7]{1,5}$/.test(mode)) {
    const digits = mode.padStart(4, '0').slice(-4);
    const special = Number(digits.charAt(0));
    const others = Number(digits.charAt(3));
    return (others & 2) !== 0 && (special & 1) === 0;
  }
  if (
    !/^[ugoa]*[-+=][rwxXstugo]*(?:[-+=][rwxXstugo]*)*(?:,[ugoa]*[-+=][rwxXstugo]*(?:[-+=][rwxXstugo]*)*)*$/.test(
      mode,
    )
  ) {
    return false;
  }
  let writable = false;
  let sticky = false;
  for (const clause of mode.split(',')) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    const reachesOthers = who.includes('o') || who.includes('a');
    for (const m of clause.slice(who.length).matchAll(/([-+=])([rwxXstugo]*)/g)) {
      const op = m[1] ?? '';
      const perms = m[2] ?? '';
      if (perms.includes('t') && op !== '-') sticky = true;
      if (reachesOthers && op !== '-' && perms.includes('w')) writable = true;
      if (reachesOthers && op === '-' && perms.includes('w')) writable = false;
    }
  }
  return writable && !sticky;
}

const INSTALL_LONG_WITH_VALUE = ['--owner', '--group', '--target-directory', '--suffix'];

/** The mode and targets of `chmod [opts] MODE file...`, `mkdir -m MODE dir`, `install -m MODE src dst`. */
function modeOf(cmd: ShellCommand): { mode: string; targets: string[] } | undefined {
  const args = cmd.args;
  if (cmd.name === 'chmod') {
    const operands: string[] = [];
    for (const a of args) {
      if (a.startsWith('--reference')) return undefined;
      // a mode can begin with '-' (`-w`), but removing bits never makes a file world-writable
      if (a.startsWith('-')) continue;
      operands.push(a);
    }
    const [mode, ...targets] = operands;
    return mode === undefined ? undefined : { mode, targets };
  }
  if (cmd.name === 'mkdir' || cmd.name === 'install') {
    let mode: string | undefined;
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '--mode') mode = args[++i];
      else if (a.startsWith('--mode=')) mode = a.slice('--mode='.length);
      else if (a.startsWith('--')) {
        if (cmd.name === 'install' && INSTALL_LONG_WITH_VALUE.includes(a)) i++;
      } else if (a.startsWith('-') && a.length > 1) {
        // short clusters: `-pm 777`, `-dm0777`, `install -o root -m 777`
        for (let j = 1; j < a.length; j++) {
          const c = a.charAt(j);
          if (c === 'm') {
            mode = a.slice(j + 1) || args[++i];
            break;
          }
          if (cmd.name === 'install' && 'ogtS'.includes(c)) {
            if (j === a.length - 1) i++;
            break;
          }
        }
      } else operands.push(a);
    }
    return mode === undefined ? undefined : { mode, targets: operands };
  }
  return undefined;
}

export const worldWritablePermissions: DockerfileRule = {
  id: 'DF023',
  name: 'world-writable-permissions',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Files or directories made world-writable (chmod 777 / 666 / o+w)',
  severity: 'MEDIUM',
  description:
    'A world-writable file or directory can be changed by any user in the container. If it holds code, configuration or binaries that a more privileged process later runs or reads (an entrypoint script, an app directory, a cron or init file), a low-privileged foothold becomes a way to plant code in it and escalate. `chmod 777` is usually a shortcut around an ownership problem.',
  remediation:
    'Give ownership to the user that needs to write and keep others read-only: `COPY --chown=10001:10001 app /app` or `RUN chown -R 10001:10001 /app/data && chmod -R u+rwX,go-w /app/data`. Use `755`/`644` (or `750`/`640`) for code and config, and `1777` only for a shared scratch directory like /tmp.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#copy---chown---chmod',
    'https://cwe.mitre.org/data/definitions/732.html',
    'https://man7.org/linux/man-pages/man1/chmod.1.html',
  ],
  mappings: {},
  tags: ['permissions'],
  check(df) {
    const hits: RuleHit[] = hitsPerRun(
      df,
      (cmd, run) => {
        const m = modeOf(cmd);
        if (!m || !isWorldWritableMode(m.mode)) return [];
        // A scratch directory the same RUN deletes afterwards (`chmod 777 "$tmp"` ... `rm -rf "$tmp"`)
        // never reaches the image.
        const removed = removedPaths(run, cmd).filter((p) => p !== '/');
        if (m.targets.length > 0 && m.targets.every((t) => isUnder(normalizePath(t), removed))) return [];
        return [`${cmd.name} ${m.mode}${m.targets.length > 0 ? ` ${m.targets.join(' ')}` : ''}`];
      },
      (details) => `World-writable permissions: ${details.join('; ')}.`,
    );
    for (const instr of df.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const chmod = instr.flags.find((f) => f.name === 'chmod');
      if (chmod?.value && isWorldWritableMode(chmod.value)) {
        hits.push({
          startLine: instr.startLine,
          endLine: instr.endLine,
          message: `World-writable permissions: ${instr.keyword} --chmod=${chmod.value} ${instr.args.join(' ')}.`,
        });
      }
    }
    return hits.sort((a, b) => a.startLine - b.startLine);
  },
};
