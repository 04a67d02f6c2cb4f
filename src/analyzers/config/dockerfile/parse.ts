import type {
  DockerfileModel,
  Heredoc,
  InlineIgnore,
  Instruction,
  InstructionFlag,
  KeyValue,
  ParseProblem,
  Stage,
} from './model.js';
import { EMPTY_SCRIPT, parseShell, type ShellScript } from './shell.js';
import { lineOfOffset, parseDockerfileSyntax, splitWords, unquote, type RawInstruction } from './syntax.js';
import { expandVars } from './vars.js';

export const KNOWN_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** The result of turning raw bytes into Dockerfile text. */
export interface DecodedText {
  text: string;
  /** False when the bytes are not text at all (NUL bytes). */
  isText: boolean;
  problems: ParseProblem[];
}

/**
 * Decodes bytes as UTF-8. Invalid sequences become U+FFFD and are reported with their line;
 * content with NUL bytes is treated as binary and not parsed.
 */
export function decodeDockerfile(bytes: Uint8Array): DecodedText {
  if (bytes.includes(0)) {
    return {
      text: '',
      isText: false,
      problems: [{ line: 1, endLine: 1, message: 'binary content (NUL bytes): this is not a Dockerfile' }],
    };
  }
  const problems: ParseProblem[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    problems.push({ line, endLine: line, message: 'invalid UTF-8; undecodable bytes were replaced' });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, isText: true, problems };
}

// Ours, and hadolint's (`# hadolint ignore=DL3008`, `# hadolint global ignore=DL3003`) so that a
// Dockerfile migrating from hadolint keeps its suppressions; hadolint ids match through mappings.
const IGNORE_RE = /^#\s*(?:bulkhead:ignore=|hadolint\s+ignore=)([A-Za-z0-9_,.-]+)(?:\s+(.*))?$/;
const IGNORE_FILE_RE =
  /^#\s*(?:bulkhead:ignore-file=|hadolint\s+global\s+ignore=)([A-Za-z0-9_,.-]+)(?:\s+(.*))?$/;

/** Parses Dockerfile text into the model rules read. Never throws on bad input. */
export function parseDockerfile(
  path: string,
  text: string,
  extraProblems: ParseProblem[] = [],
): DockerfileModel {
  const raw = parseDockerfileSyntax(text);
  const lines = raw.lines;
  const escape = raw.escape;
  const problems: ParseProblem[] = [...extraProblems];
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const covered = new Set<number>();
  let currentShell: string[] | undefined;

  for (const ri of raw.instructions) {
    const { startLine, endLine } = ri;
    for (let l = startLine; l <= endLine; l++) covered.add(l);

    const keyword = ri.keyword.toUpperCase();
    const stageIndex = stages.length - 1;
    const instr = buildInstruction(ri, keyword, lines, escape, stageIndex, () => currentShell);

    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      problems.push({
        line: startLine,
        endLine,
        message: `unknown instruction "${printable(ri.keyword)}"`,
      });
    }
    for (const h of instr.heredocs) {
      if (!h.terminated) {
        problems.push({
          line: startLine,
          endLine,
          message: `unterminated heredoc <<${h.name}: no closing "${h.name}" line`,
        });
      }
    }

    if (keyword === 'FROM') {
      const stage = buildStage(instr, stages, globalArgs);
      currentShell = stage.parentStage !== undefined ? stages[stage.parentStage]?.shell : undefined;
      if (currentShell) stage.shell = currentShell;
      instr.stage = stage.index;
      stages.push(stage);
      instructions.push(instr);
      continue;
    }
    if (stageIndex < 0) {
      if (keyword === 'ARG') {
        for (const p of instr.pairs) globalArgs.set(p.name, p.value);
      } else if (KNOWN_INSTRUCTIONS.has(keyword)) {
        problems.push({
          line: startLine,
          endLine,
          message: `${keyword} before the first FROM: only ARG may come first`,
        });
      }
    } else {
      stages[stageIndex]?.instructions.push(instr);
      if (keyword === 'SHELL' && instr.json) {
        currentShell = instr.json;
        const st = stages[stageIndex];
        if (st) st.shell = instr.json;
      }
    }
    instructions.push(instr);
  }

  if (text.trim() === '') {
    problems.push({ line: 1, endLine: 1, message: 'empty Dockerfile' });
  } else if (stages.length === 0 && extraProblems.every((p) => !p.message.startsWith('binary'))) {
    problems.push({
      line: 1,
      endLine: Math.max(1, lines.length),
      message: 'no FROM instruction: not a buildable Dockerfile',
    });
  }

  const { inlineIgnores, fileIgnores } = readIgnores(lines, covered, instructions);
  return {
    path,
    lines,
    escape,
    instructions,
    stages,
    globalArgs,
    problems,
    inlineIgnores,
    fileIgnores,
    parsed: true,
  };
}

/** A model for content that could not be parsed at all (binary files). */
export function unparsedDockerfile(path: string, problems: ParseProblem[]): DockerfileModel {
  return {
    path,
    lines: [],
    escape: '\\',
    instructions: [],
    stages: [],
    globalArgs: new Map(),
    problems,
    inlineIgnores: [],
    fileIgnores: [],
    parsed: false,
  };
}

function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 40);
}

function buildInstruction(
  ri: RawInstruction,
  keyword: string,
  lines: string[],
  escape: string,
  stage: number,
  shellInForce: () => string[] | undefined,
): Instruction {
  const { startLine, endLine, argsText } = ri;

  const flags: InstructionFlag[] = ri.flags.map((f) => ({ name: f.name, value: f.value }));
  const json = EXEC_FORM.has(keyword) ? execForm(argsText) : null;
  const heredocs: Heredoc[] = ri.heredocs.map((h) => ({
    name: h.name,
    body: h.body,
    bodyLine: h.bodyLine,
    terminated: h.terminated,
  }));
  const pairs: KeyValue[] =
    keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL' ? readPairs(ri, keyword, escape) : [];
  let script: ShellScript | undefined;
  let text: string | undefined;
  const instr: Instruction = {
    keyword,
    startLine,
    endLine,
    // Most rules never read the source text: join it on first use.
    get text(): string {
      return (text ??= lines.slice(startLine - 1, endLine).join('\n'));
    },
    argsText,
    args: argsText.split(/\s+/).filter(Boolean),
    flags,
    json,
    heredocs,
    pairs,
    stage,
    shell(): ShellScript {
      if (script) return script;
      script = EMPTY_SCRIPT;
      if (keyword !== 'RUN' || argsText === '') return script;
      // Exec form ignores SHELL; shell form under PowerShell / cmd is not ours to parse.
      const sh = shellInForce();
      if (!json && sh && !isPosixShell(sh[0] ?? '')) return script;
      if (json) {
        const first = basename(json[0] ?? '');
        const ci = json.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
        if (isPosixShell(first) && ci > 0 && json[ci + 1] !== undefined) {
          script = parseShell(json[ci + 1] ?? '', startLine);
        } else {
          script = parseShell(json.map(shellQuote).join(' '), startLine);
        }
        return script;
      }
      const src = shellSource(lines, ri.argsLine - 1, ri.argsColumn, endLine, escape, heredocs);
      script = parseShell(src, ri.argsLine);
      return script;
    },
  };
  return instr;
}

/**
 * ENV/LABEL `key=value ...` (or the legacy `key value`), ARG `name[=default] ...`: values
 * unquoted as BuildKit does, each pair with the line it starts on.
 */
function readPairs(ri: RawInstruction, keyword: string, escape: string): KeyValue[] {
  const words = splitWords(ri.argsText, escape);
  const first = words[0];
  if (!first) return [];
  if (keyword !== 'ARG' && !first.raw.includes('=')) {
    const value = ri.argsText.slice(first.raw.length).trim();
    return [{ name: first.raw, value: unquote(value, escape), line: lineOfOffset(ri, first.start) }];
  }
  return words.map((w) => {
    const eq = w.raw.indexOf('=');
    const line = lineOfOffset(ri, w.start);
    if (eq < 0) return { name: unquote(w.raw, escape), value: undefined, line };
    return { name: unquote(w.raw.slice(0, eq), escape), value: unquote(w.raw.slice(eq + 1), escape), line };
  });
}

const EXEC_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'COPY', 'ADD', 'VOLUME']);

/** Docker's rule: arguments that parse as a JSON array of strings are the exec form. */
function execForm(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isPosixShell(cmd: string): boolean {
  return /^(sh|bash|ash|dash|zsh|ksh|mksh|busybox)$/.test(basename(cmd));
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The RUN text as the shell will see it, with line structure kept so shell line numbers map
 * back to Dockerfile lines: Dockerfile continuations become shell continuations, and comment or
 * blank lines inside a continuation (which Docker drops) become bare continuations.
 */
function shellSource(
  lines: string[],
  line0: number,
  char0: number,
  endLine: number,
  escape: string,
  heredocs: Heredoc[],
): string {
  const inHeredoc = (l: number): boolean =>
    heredocs.some((h) => l >= h.bodyLine && l <= h.bodyLine + h.body.split('\n').length);
  const out: string[] = [];
  let continued = false;
  for (let l = line0 + 1; l <= endLine; l++) {
    let s = lines[l - 1] ?? '';
    if (l === line0 + 1) s = s.slice(char0);
    if (inHeredoc(l)) {
      out.push(s);
      continued = false;
      continue;
    }
    if (continued && l !== line0 + 1 && (s.trim() === '' || s.trim().startsWith('#'))) {
      out.push('\\');
      continue;
    }
    const trimmed = s.replace(/[ \t]+$/, '');
    if (trimmed.endsWith(escape)) {
      s = trimmed.slice(0, -escape.length) + '\\';
      continued = true;
    } else continued = false;
    out.push(s);
  }
  return out.join('\n');
}

function buildStage(instr: Instruction, stages: Stage[], globalArgs: Map<string, string | undefined>): Stage {
  const image = instr.args[0] ?? '';
  const name = instr.args[1]?.toUpperCase() === 'AS' ? instr.args[2]?.toLowerCase() : undefined;
  const resolved = expandVars(image, (n) => globalArgs.get(n));
  const platform = instr.flags.find((f) => f.name === 'platform')?.value ?? undefined;
  const stage: Stage = { index: stages.length, from: instr, image, instructions: [] };
  if (name) stage.name = name;
  if (resolved !== undefined) stage.resolvedImage = resolved;
  if (platform) stage.platform = platform;
  const parent = resolved ? stages.findIndex((s) => s.name === resolved.toLowerCase()) : -1;
  if (parent >= 0) stage.parentStage = parent;
  return stage;
}

function readIgnores(
  lines: string[],
  covered: Set<number>,
  instructions: Instruction[],
): { inlineIgnores: InlineIgnore[]; fileIgnores: DockerfileModel['fileIgnores'] } {
  const inlineIgnores: InlineIgnore[] = [];
  const fileIgnores: DockerfileModel['fileIgnores'] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    if (covered.has(lineNo)) continue;
    const t = (lines[i] ?? '').trim();
    if (!t.startsWith('#')) continue;
    const fm = IGNORE_FILE_RE.exec(t);
    if (fm?.[1]) {
      const entry: DockerfileModel['fileIgnores'][number] = { ids: splitIds(fm[1]), line: lineNo };
      if (fm[2]) entry.reason = fm[2].trim();
      fileIgnores.push(entry);
      continue;
    }
    const m = IGNORE_RE.exec(t);
    if (!m?.[1]) continue;
    // The comment applies to the next instruction, across further comment lines only.
    let j = i + 1;
    while (j < lines.length && !covered.has(j + 1) && (lines[j] ?? '').trim().startsWith('#')) j++;
    const target = instructions.find((ins) => ins.startLine === j + 1);
    if (!target) continue;
    const entry: InlineIgnore = {
      ids: splitIds(m[1]),
      line: lineNo,
      appliesTo: { startLine: target.startLine, endLine: target.endLine },
    };
    if (m[2]) entry.reason = m[2].trim();
    inlineIgnores.push(entry);
  }
  return { inlineIgnores, fileIgnores };
}

function splitIds(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
