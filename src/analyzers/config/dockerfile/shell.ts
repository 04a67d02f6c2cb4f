import { createRequire } from 'node:module';

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
  /** Absolute 1-based line in the Dockerfile. */
  line: number;
  /** Set when the command is an element of a pipeline. */
  pipeline?: { id: number; position: number; length: number };
  /** Commands inside `$(...)`, backticks or `<(...)` in this command's arguments. */
  substituted: ShellCommand[];
  /** Source offsets within the script, used to relate nested commands. */
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

/* The GopherJS build of mvdan/sh has no type declarations; these describe what we read. */
interface Pos {
  Line(): number;
  Offset(): number;
}
interface ShNode {
  Pos(): Pos;
  End(): Pos;
  [k: string]: unknown;
}
interface SyntaxApi {
  NewParser(...opts: unknown[]): { Parse(src: string, name: string): ShNode };
  Walk(node: ShNode, fn: (n: ShNode | null) => boolean): void;
  NodeType(n: ShNode): string;
  Variant(v: unknown): unknown;
  LangBash: unknown;
}

let syntaxApi: SyntaxApi | undefined;

/** mvdan-sh takes ~200 ms to load, so it is required on the first RUN that needs parsing. */
function syntax(): SyntaxApi {
  if (!syntaxApi) {
    const require = createRequire(import.meta.url);
    syntaxApi = (require('mvdan-sh') as { syntax: SyntaxApi }).syntax;
  }
  return syntaxApi;
}

function arr(v: unknown): ShNode[] {
  return Array.isArray(v) ? (v as ShNode[]) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Renders a word as a literal string; expansions stay visible as `$NAME` / `$(...)`. */
export function wordToString(word: ShNode, src: string): string {
  const api = syntax();
  let out = '';
  for (const part of arr(word.Parts)) {
    switch (api.NodeType(part)) {
      case 'Lit':
        out += str(part.Value);
        break;
      case 'SglQuoted':
        out += str(part.Value);
        break;
      case 'DblQuoted':
        out += wordToString(part, src);
        break;
      case 'ParamExp': {
        const param = part.Param as ShNode | null;
        out += '$' + (param ? str(param.Value) : '');
        break;
      }
      default:
        out += src.slice(part.Pos().Offset(), part.End().Offset());
    }
  }
  return out;
}

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
  const api = syntax();
  let file: ShNode;
  try {
    file = api.NewParser(api.Variant(api.LangBash)).Parse(src, '');
  } catch (e) {
    const message = shellErrorMessage(e);
    const m = /^:?(\d+):(\d+):/.exec(message);
    const line = m?.[1] ? Number(m[1]) : 1;
    return { commands: [], pipelines: [], error: { line: lineBase + line - 1, message } };
  }
  const commands: ShellCommand[] = [];
  const pipelineNodes: ShNode[] = [];
  const nested: ShellScript[] = [];
  const abs = (n: ShNode): number => lineBase + n.Pos().Line() - 1;

  api.Walk(file, (n) => {
    if (!n) return true;
    const type = api.NodeType(n);
    if (type === 'DeclClause') {
      const variant = n.Variant as ShNode | null;
      const assigns = arr(n.Args).map((a) => assignOf(a, src));
      commands.push({
        name: variant ? str(variant.Value) : 'export',
        args: assigns.map((a) => `${a.name}=${a.value}`),
        words: [],
        wrappers: [],
        assigns,
        line: abs(n),
        substituted: [],
        start: n.Pos().Offset(),
        end: n.End().Offset(),
      });
    } else if (type === 'CallExpr') {
      const words = arr(n.Args).map((w) => wordToString(w, src));
      const assigns = arr(n.Assigns).map((a) => assignOf(a, src));
      // `X=1` alone sets a shell variable: a command with no name, kept for its assignments.
      if (words.length === 0 && assigns.length === 0) return true;
      const peeled = peel(words);
      for (const w of words.slice(0, words.length - peeled.args.length)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
        if (m?.[1] !== undefined) assigns.push({ name: m[1], value: m[2] ?? '' });
      }
      commands.push({
        ...peeled,
        assigns,
        words,
        line: abs(n),
        substituted: [],
        start: n.Pos().Offset(),
        end: n.End().Offset(),
      });
      // `sh -c 'script'`: the string is a script too.
      if (depth < 3 && SHELLS.has(peeled.name)) {
        const ci = peeled.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
        const script = ci >= 0 ? peeled.args[ci + 1] : undefined;
        // Only a literal script can be read; `sh -c "$(curl ...)"` is judged by its substitution.
        if (script !== undefined && !script.includes('$(') && !script.includes('`')) {
          nested.push(parseShell(script, abs(n), depth + 1));
        }
      }
    } else if (type === 'BinaryCmd') {
      const op = Number(n.Op);
      // 12 is `|`, 13 is `|&` in mvdan/sh's BinCmdOperator.
      if (op === 12 || op === 13) pipelineNodes.push(n);
    } else if (type === 'Stmt' && depth < 3) {
      // Heredoc bodies fed to a shell (`RUN <<EOF`, `bash <<EOF`) are scripts.
      const cmd = n.Cmd as ShNode | null;
      let feedsShell = !cmd;
      if (cmd && api.NodeType(cmd) === 'CallExpr') {
        const words = arr(cmd.Args).map((w) => wordToString(w, src));
        const peeled = peel(words);
        // `bash -e -o pipefail <<EOF`: only options (and option values) before the heredoc.
        feedsShell =
          SHELLS.has(peeled.name) &&
          peeled.args.every(
            (a, i) => a.startsWith('-') || a.startsWith('+') || /^[-+]o$/.test(peeled.args[i - 1] ?? ''),
          );
      }
      if (feedsShell) {
        for (const r of arr(n.Redirs)) {
          const hdoc = r.Hdoc as ShNode | null;
          if (!hdoc) continue;
          const delim = r.Word ? wordToString(r.Word as ShNode, src).trim() : '';
          const raw = src.slice(hdoc.Pos().Offset(), hdoc.End().Offset());
          const lines = raw.split('\n');
          while (
            lines.length > 0 &&
            ((lines.at(-1) ?? '').trim() === delim || (lines.at(-1) ?? '').trim() === '')
          )
            lines.pop();
          const body = lines.join('\n');
          nested.push(parseShell(body, abs(hdoc), depth + 1));
        }
      }
    }
    return true;
  });

  // Nested substitutions: a command whose span lies inside another command's span.
  for (const outer of commands) {
    for (const inner of commands) {
      if (inner !== outer && inner.start > outer.start && inner.end <= outer.end)
        outer.substituted.push(inner);
    }
  }

  const pipelines: ShellCommand[][] = [];
  const seen = new Set<number>();
  pipelineNodes.sort((a, b) => a.Pos().Offset() - b.Pos().Offset());
  for (const p of pipelineNodes) {
    if (seen.has(p.Pos().Offset())) continue;
    const elems: ShNode[] = [];
    flattenPipe(api, p, elems, seen);
    const cmds = elems
      .map((stmt) => firstCommand(commands, stmt.Pos().Offset(), stmt.End().Offset()))
      .filter((c): c is ShellCommand => c !== undefined);
    if (cmds.length < 2) continue;
    const id = pipelines.length;
    cmds.forEach((c, position) => (c.pipeline = { id, position, length: cmds.length }));
    pipelines.push(cmds);
  }

  let pipefailLine: number | undefined;
  for (const c of commands) {
    if (c.name === 'set' && setsPipefail(c.args)) {
      pipefailLine = c.line;
      break;
    }
  }

  const script: ShellScript = { commands, pipelines };
  if (pipefailLine !== undefined) script.pipefailLine = pipefailLine;
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

function assignOf(a: ShNode, src: string): { name: string; value: string } {
  const name = a.Name as ShNode | null;
  const value = a.Value as ShNode | null;
  return { name: name ? str(name.Value) : '', value: value ? wordToString(value, src) : '' };
}

function setsPipefail(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (/^-[a-zA-Z]*o$/.test(a) && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

function flattenPipe(api: SyntaxApi, n: ShNode, out: ShNode[], seen: Set<number>): void {
  seen.add(n.Pos().Offset());
  for (const side of [n.X, n.Y] as (ShNode | null)[]) {
    if (!side) continue;
    const cmd = side.Cmd as ShNode | null;
    if (cmd && api.NodeType(cmd) === 'BinaryCmd' && (Number(cmd.Op) === 12 || Number(cmd.Op) === 13)) {
      flattenPipe(api, cmd, out, seen);
    } else out.push(side);
  }
}

function firstCommand(commands: ShellCommand[], start: number, end: number): ShellCommand | undefined {
  return commands.find((c) => c.start >= start && c.end <= end);
}

function shellErrorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object') {
    const o = e as { Error?: () => string; message?: string };
    if (typeof o.Error === 'function') return o.Error();
    if (typeof o.message === 'string') return o.message;
  }
  return String(e);
}
