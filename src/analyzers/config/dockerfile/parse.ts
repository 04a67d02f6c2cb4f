import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
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

const IGNORE_RE = /^#\s*bulkhead:ignore=([A-Za-z0-9_,.-]+)(?:\s+(.*))?$/;
const IGNORE_FILE_RE = /^#\s*bulkhead:ignore-file=([A-Za-z0-9_,.-]+)(?:\s+(.*))?$/;

/** Parses Dockerfile text into the model rules read. Never throws on bad input. */
export function parseDockerfile(
  path: string,
  text: string,
  extraProblems: ParseProblem[] = [],
): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const escape = ast.getEscapeCharacter();
  const problems: ParseProblem[] = [...extraProblems];
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const covered = new Set<number>();
  let currentShell: string[] | undefined;

  for (const ai of ast.getInstructions()) {
    const range = ai.getRange();
    const startLine = range.start.line + 1;
    // A trailing empty line is not part of the instruction.
    let endLine = range.end.line + 1;
    while (endLine > startLine && (lines[endLine - 1] ?? '').trim() === '' && range.end.character === 0)
      endLine--;
    for (let l = startLine; l <= endLine; l++) covered.add(l);

    const keyword = ai.getKeyword().toUpperCase();
    const stageIndex = stages.length - 1;
    const instr = buildInstruction(
      ai,
      keyword,
      startLine,
      endLine,
      lines,
      escape,
      stageIndex,
      () => currentShell,
    );

    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      problems.push({
        line: startLine,
        endLine,
        message: `unknown instruction "${printable(ai.getKeyword())}"`,
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
      const stage = buildStage(ai, instr, stages, globalArgs);
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
  ai: AstInstruction,
  keyword: string,
  startLine: number,
  endLine: number,
  lines: string[],
  escape: string,
  stage: number,
  shellInForce: () => string[] | undefined,
): Instruction {
  const text = lines.slice(startLine - 1, endLine).join('\n');
  const withFlags = ai as AstInstruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
  };
  const flags: InstructionFlag[] = (withFlags.getFlags?.() ?? []).map((f) => ({
    name: f.getName(),
    value: f.getValue(),
  }));
  const args = ai.getArguments();
  const argsText = ai.getArgumentsContent() ?? '';
  const json = EXEC_FORM.has(keyword) ? execForm(argsText) : null;

  const heredocs: Heredoc[] = [];
  const withHeredocs = ai as AstInstruction & {
    getHeredocs: () => {
      getName(): string;
      getContentRange(): { start: { line: number }; end: { line: number } } | null;
      getDelimiterRange(): unknown;
    }[];
  };
  for (const h of withHeredocs.getHeredocs()) {
    const cr = h.getContentRange();
    const bodyLine = cr ? cr.start.line + 1 : startLine + 1;
    const bodyEnd = cr ? cr.end.line + 1 : bodyLine - 1;
    heredocs.push({
      name: h.getName(),
      body: cr ? lines.slice(bodyLine - 1, bodyEnd).join('\n') : '',
      bodyLine,
      terminated: h.getDelimiterRange() !== null,
    });
  }

  const pairs: KeyValue[] = [];
  const withProps = ai as AstInstruction & {
    getProperties?: () => {
      getName(): string;
      getValue(): string | null;
      getRange(): { start: { line: number } };
    }[];
  };
  if (keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL') {
    for (const p of withProps.getProperties?.() ?? []) {
      const v = p.getValue();
      pairs.push({ name: p.getName(), value: v ?? undefined, line: p.getRange().start.line + 1 });
    }
  }

  const firstRange = args[0]?.getRange();
  let script: ShellScript | undefined;
  const instr: Instruction = {
    keyword,
    startLine,
    endLine,
    text,
    argsText,
    args: args.map((a) => a.getValue()),
    flags,
    json,
    heredocs,
    pairs,
    stage,
    onbuild: false,
    shell(): ShellScript {
      if (script) return script;
      script = EMPTY_SCRIPT;
      if (keyword !== 'RUN' || !firstRange) return script;
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
      const src = shellSource(
        lines,
        firstRange.start.line,
        firstRange.start.character,
        endLine,
        escape,
        heredocs,
      );
      script = parseShell(src, firstRange.start.line + 1);
      return script;
    },
  };
  return instr;
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

function buildStage(
  ai: AstInstruction,
  instr: Instruction,
  stages: Stage[],
  globalArgs: Map<string, string | undefined>,
): Stage {
  const from = ai as AstInstruction & {
    getImage(): string | null;
    getBuildStage(): string | null;
  };
  const image = from.getImage() ?? '';
  const name = from.getBuildStage()?.toLowerCase();
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
