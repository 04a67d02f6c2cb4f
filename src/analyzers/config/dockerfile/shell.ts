import { parseShellSyntax, ShellSyntaxError, type RawCommand, type RawScript } from './sh-parser.js';

/** A simple command found in a shell script, with wrappers such as `sudo` peeled off. */
export interface ShellCommand {
  /** Effective command name (basename): `apt-get`, `curl`, `sh`. */
  name: string;
  /** Effective arguments after the name, as literal strings (`$X` kept for expansions). */
  args: string[];
  /** Every word of the command as written, wrappers included. */
  words: string[];
  /** Wrappers peeled off in front of the effective command (`sudo`, `env`, `nohup`). */
  wrappers: string[];
  /**
   * Variables set for or by this command: `X=1 cmd` prefixes, `env X=1 cmd`, and the
   * assignments of `export X=1` / `declare` / `local` / `readonly` (recorded as commands).
   */
  assigns: { name: string; value: string }[];
  /** Redirections: `> /etc/sudoers`, `2>&1`, `<<EOF`. */
  redirects: { op: string; target: string }[];
  /** Absolute 1-based line in the Dockerfile. */
  line: number;
  /** Set when the command is an element of a pipeline. */
  pipeline?: { id: number; position: number; length: number };
  /** Commands inside `$(...)`, backticks or `<(...)` in this command's arguments. */
  substituted: ShellCommand[];
  /** Set when the command runs in a `( ... )` subshell: a `cd` or assignment there ends with it. */
  subshell?: true;
  /** Source offsets within the script: with the line, they identify a command (see `commandKey`). */
  start: number;
  end: number;
}

export interface ShellScript {
  /** Every simple command in source order, nested ones included. */
  commands: ShellCommand[];
  /** Pipelines (two or more commands joined by `|`), in source order. */
  pipelines: ShellCommand[][];
  /** Line of the first `set -o pipefail`, if any. */
  pipefailLine?: number;
  /** Set when the script could not be parsed; `commands` is then empty. */
  error?: { line: number; message: string };
}

export const EMPTY_SCRIPT: ShellScript = { commands: [], pipelines: [] };

const WRAPPERS = new Set([
  'sudo',
  'doas',
  'env',
  'nohup',
  'time',
  'exec',
  'command',
  'nice',
  'gosu',
  'su-exec',
  'chroot',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Peels `sudo -u x`, `env A=1`, `nohup` ... off the front of a command line. */
function peel(words: string[]): { name: string; args: string[]; wrappers: string[] } {
  const wrappers: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = basename(words[i] ?? '');
    if (!WRAPPERS.has(w)) break;
    // `command -v curl` asks whether curl exists; it does not run it.
    if (w === 'command' && /^-[vV]$/.test(words[i + 1] ?? '')) break;
    wrappers.push(w);
    i++;
    // Skip the wrapper's own options and assignments.
    while (i < words.length) {
      const next = words[i] ?? '';
      if (w === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(next)) i++;
      else if (next.startsWith('-')) {
        i++;
        // sudo -u user / -g group take a value
        if ((w === 'sudo' || w === 'doas') && /^-[ugCDhprtU]$/.test(next)) i++;
        if (w === 'nice' && next === '-n') i++;
      } else if ((w === 'gosu' || w === 'su-exec' || w === 'chroot') && !next.startsWith('-')) {
        i++; // the user or root dir
        break;
      } else break;
    }
  }
  const rest = words.slice(i);
  return { name: basename(rest[0] ?? ''), args: rest.slice(1), wrappers };
}

/**
 * Parses a shell script (RUN text) into commands and pipelines.
 * @param lineBase Dockerfile line of the script's first line.
 * @param depth Recursion guard for `sh -c '...'` and heredoc scripts.
 */
export function parseShell(src: string, lineBase: number, depth = 0): ShellScript {
  let raw: RawScript;
  try {
    raw = parseShellSyntax(src, lineBase);
  } catch (e) {
    if (e instanceof ShellSyntaxError)
      return { commands: [], pipelines: [], error: { line: e.line, message: e.message } };
    throw e;
  }
  const byRaw = new Map<RawCommand, ShellCommand>();
  const commands: ShellCommand[] = [];
  const nested: ShellScript[] = [];
  for (const r of raw.commands) {
    const cmd = toCommand(r);
    byRaw.set(r, cmd);
    commands.push(cmd);
    // `sh -c 'script'`: the string is a script too. Only a literal script can be read;
    // `sh -c "$(curl ...)"` is judged by its substitution.
    if (depth < 3 && SHELLS.has(cmd.name)) {
      const ci = cmd.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
      const script = ci >= 0 ? cmd.args[ci + 1] : undefined;
      if (script !== undefined && !script.includes('$(') && !script.includes('`')) {
        nested.push(parseShell(script, cmd.line, depth + 1));
      }
    }
  }
  for (const r of raw.commands) {
    const cmd = byRaw.get(r);
    if (!cmd) continue;
    for (const n of r.nested) {
      const inner = byRaw.get(n);
      if (inner) cmd.substituted.push(inner);
    }
  }
  // Heredoc bodies fed to a shell (`RUN <<EOF`, `bash -e -o pipefail <<EOF`) are scripts.
  if (depth < 3) {
    for (const st of raw.heredocStatements) {
      const cmd = st.command ? byRaw.get(st.command) : undefined;
      const feedsShell =
        !st.command ||
        (cmd !== undefined &&
          SHELLS.has(cmd.name) &&
          cmd.args.every(
            (a, i) => a.startsWith('-') || a.startsWith('+') || /^[-+]o$/.test(cmd.args[i - 1] ?? ''),
          ));
      if (!feedsShell) continue;
      for (const r of st.redirects) {
        if (r.heredoc) nested.push(parseShell(r.heredoc.body, r.heredoc.line, depth + 1));
      }
    }
  }

  const pipelines: ShellCommand[][] = [];
  for (const p of raw.pipelines) {
    const cmds = p.map((r) => byRaw.get(r)).filter((c): c is ShellCommand => c !== undefined);
    if (cmds.length < 2) continue;
    const id = pipelines.length;
    cmds.forEach((c, position) => (c.pipeline = { id, position, length: cmds.length }));
    pipelines.push(cmds);
  }

  const script: ShellScript = { commands, pipelines };
  const pf = commands.find((c) => c.name === 'set' && setsPipefail(c.args));
  if (pf) script.pipefailLine = pf.line;
  for (const n of nested) {
    if (n.error) continue;
    // A heredoc script or `sh -c` string that sets pipefail protects its own pipelines.
    if (script.pipefailLine === undefined && n.pipefailLine !== undefined)
      script.pipefailLine = n.pipefailLine;
    script.commands.push(...n.commands);
    const base = script.pipelines.length;
    for (const p of n.pipelines) {
      p.forEach((c) => {
        if (c.pipeline) c.pipeline.id += base;
      });
      script.pipelines.push(p);
    }
  }
  return script;
}

function toCommand(r: RawCommand): ShellCommand {
  const cmd = toPlainCommand(r);
  if (r.subshell) cmd.subshell = true;
  return cmd;
}

function toPlainCommand(r: RawCommand): ShellCommand {
  const redirects = r.redirects.map((x) => ({ op: x.op, target: x.target }));
  if (r.decl !== undefined) {
    return {
      name: r.decl,
      args: r.words.slice(1).map((w) => w.text),
      words: [],
      wrappers: [],
      assigns: r.assigns,
      redirects,
      line: r.line,
      substituted: [],
      start: r.start,
      end: r.end,
    };
  }
  const words = r.words.map((w) => w.text);
  const peeled = peel(words);
  const assigns = [...r.assigns];
  // `env A=1 cmd`: the wrapper's assignments apply to the command.
  if (peeled.wrappers.length > 0)
    for (const w of words.slice(0, words.length - peeled.args.length)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
      if (m?.[1] !== undefined) assigns.push({ name: m[1], value: m[2] ?? '' });
    }
  // Explicit properties, not a spread: V8's object spread took 90% of the parse time here.
  return {
    name: peeled.name,
    args: peeled.args,
    wrappers: peeled.wrappers,
    words,
    assigns,
    redirects,
    line: r.line,
    substituted: [],
    start: r.start,
    end: r.end,
  };
}

function setsPipefail(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (/^-[a-zA-Z]*o$/.test(a) && args[i + 1] === 'pipefail') return true;
  }
  return false;
}
