/**
 * The Dockerfile syntax layer: text to instructions with exact line ranges.
 *
 * Why not a library: dockerfile-ast (the parser of the Docker language server) is correct but
 * built for an editor: every accessor re-derives arguments from LSP positions, which costs
 * ~0.6 ms per 50-line Dockerfile and most of our time budget (3,000 Dockerfiles/s). This parser
 * follows BuildKit's rules (parser directives, the escape character, continuation lines with
 * comment and blank lines dropped, heredocs with `<<-` and quoted delimiters, flags, exec form)
 * in one pass. dockerfile-ast stays as the oracle of a differential test (syntax.test.ts).
 */

export interface RawFlag {
  name: string;
  value: string | null;
}

export interface RawHeredoc {
  name: string;
  /** 1-based line of the body's first line. */
  bodyLine: number;
  body: string;
  terminated: boolean;
  stripTabs: boolean;
}

export interface RawInstruction {
  /** The keyword as written. */
  keyword: string;
  startLine: number;
  endLine: number;
  flags: RawFlag[];
  /** Arguments after the flags, continuation lines joined with a space, comment lines dropped. */
  argsText: string;
  /** Where the arguments (after the flags) start in the source: 1-based line, 0-based column. */
  argsLine: number;
  argsColumn: number;
  /** For each physical line joined into `argsText`: the offset in `argsText` where it starts. */
  segments: { offset: number; line: number }[];
  heredocs: RawHeredoc[];
}

export interface RawDockerfile {
  /** The physical lines of the text. */
  lines: string[];
  escape: string;
  directives: { name: string; value: string; line: number }[];
  instructions: RawInstruction[];
  /** Comment lines outside instructions: 1-based line and text. */
  comments: { line: number; text: string }[];
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
// `<<EOF`, `<<-EOF`, `<<'EOF'`; not the here-string `<<<` nor a shift like `1<<2`.
const HEREDOC_RE = /(?<![<0-9])<<(?!<)(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;

/** Parses Dockerfile text. Never throws: problems are for the caller to find in the result. */
export function parseDockerfileSyntax(text: string): RawDockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  const directives: RawDockerfile['directives'] = [];
  const comments: RawDockerfile['comments'] = [];
  const instructions: RawInstruction[] = [];

  let i = 0;
  // Parser directives: only at the very top, before any other comment, blank line or instruction.
  const seen = new Set<string>();
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec((lines[i] ?? '').trim());
    if (!m?.[1] || !m[2]) break;
    const name = m[1].toLowerCase();
    if (seen.has(name)) break;
    seen.add(name);
    directives.push({ name, value: m[2], line: i + 1 });
    if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }

  const endsWithEscape = (line: string): boolean => {
    const t = line.replace(/[ \t]+$/, '');
    return t.endsWith(escape) && t.length > 0;
  };

  while (i < lines.length) {
    const line = lines[i] ?? '';
    const trimmed = line.trimStart();
    if (trimmed === '') {
      i++;
      continue;
    }
    if (trimmed.startsWith('#')) {
      comments.push({ line: i + 1, text: trimmed });
      i++;
      continue;
    }
    const startLine = i + 1;
    const indent = line.length - trimmed.length;
    const kwMatch = /^\S+/.exec(trimmed);
    const keyword = kwMatch?.[0] ?? '';
    // Logical line: physical lines joined while they end with the escape character.
    const parts: string[] = [];
    const partLines: number[] = [startLine];
    let first = trimmed.slice(keyword.length);
    let endLine = startLine;
    let cont = endsWithEscape(line);
    if (cont) first = stripEscape(first, escape);
    parts.push(first);
    i++;
    while (cont && i < lines.length) {
      const l = lines[i] ?? '';
      const t = l.trimStart();
      if (t === '' || t.startsWith('#')) {
        // BuildKit drops comment and blank lines inside a continuation.
        i++;
        continue;
      }
      endLine = i + 1;
      cont = endsWithEscape(l);
      parts.push(cont ? stripEscape(l, escape) : l);
      partLines.push(i + 1);
      i++;
    }
    const joined = parts.join('');
    const upper = keyword.toUpperCase();

    // Flags: leading `--name[=value]` words of the instructions that take them.
    const flags: RawFlag[] = [];
    let rest = joined.trimStart();
    let consumed = joined.length - rest.length;
    if (FLAG_KEYWORDS.has(upper)) {
      for (;;) {
        const m = /^--([A-Za-z0-9][A-Za-z0-9-]*)(?:=(\S*))?(?=\s|$)/.exec(rest);
        if (!m?.[1]) break;
        flags.push({ name: m[1], value: m[2] ?? null });
        const after = rest.slice(m[0].length);
        const next = after.trimStart();
        consumed += rest.length - next.length;
        rest = next;
      }
    }
    const argsText = rest.trimEnd();
    const segments: RawInstruction['segments'] = [];
    let off = -consumed;
    parts.forEach((part, k) => {
      segments.push({ offset: Math.max(0, off), line: partLines[k] ?? startLine });
      off += part.length;
    });
    const { line: argsLine, column: argsColumn } = locate(
      lines,
      startLine,
      indent + keyword.length,
      consumed,
      escape,
    );

    // Heredocs: the bodies follow the logical line, in the order the markers appear.
    const heredocs: RawHeredoc[] = [];
    if (HEREDOC_KEYWORDS.has(upper)) {
      for (const m of argsText.matchAll(HEREDOC_RE)) {
        const name = m[3] ?? '';
        const stripTabs = m[1] === '-';
        const bodyLine = i + 1;
        const body: string[] = [];
        let terminated = false;
        while (i < lines.length) {
          const l = lines[i] ?? '';
          i++;
          if ((stripTabs ? l.replace(/^\t+/, '') : l) === name) {
            terminated = true;
            break;
          }
          body.push(l);
        }
        endLine = terminated ? i : Math.max(endLine, i);
        heredocs.push({ name, bodyLine, body: body.join('\n'), terminated, stripTabs });
      }
    }
    instructions.push({
      keyword,
      startLine,
      endLine,
      flags,
      argsText,
      argsLine,
      argsColumn,
      segments,
      heredocs,
    });
  }
  return { lines, escape, directives, instructions, comments };
}

function stripEscape(s: string, escape: string): string {
  const t = s.replace(/[ \t]+$/, '');
  return t.slice(0, t.length - escape.length);
}

/**
 * Finds the physical position of the arguments: `offset` characters into the joined logical
 * line, which starts at column `col0` of `startLine`.
 */
function locate(
  lines: string[],
  startLine: number,
  col0: number,
  offset: number,
  escape: string,
): { line: number; column: number } {
  let line = startLine;
  let col = col0;
  let left = offset;
  for (;;) {
    const l = lines[line - 1] ?? '';
    const cont = l.replace(/[ \t]+$/, '').endsWith(escape);
    const usable = (cont ? stripEscape(l, escape) : l).length - col;
    if (left <= usable || !cont) return { line, column: col + left };
    left -= usable;
    line++;
    while (line <= lines.length) {
      const t = (lines[line - 1] ?? '').trimStart();
      if (t !== '' && !t.startsWith('#')) break;
      line++;
    }
    col = 0;
  }
}

/** The source line of an offset into `argsText`. */
export function lineOfOffset(instr: RawInstruction, offset: number): number {
  let line = instr.startLine;
  for (const seg of instr.segments) {
    if (seg.offset <= offset) line = seg.line;
    else break;
  }
  return line;
}

/** Words separated by whitespace outside quotes, as BuildKit splits ENV/ARG/LABEL arguments. */
export function splitWords(text: string, escape: string): { raw: string; start: number }[] {
  const out: { raw: string; start: number }[] = [];
  let start = -1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (start < 0) {
      if (c === ' ' || c === '\t') continue;
      start = i;
    }
    if (c === escape && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ' ' || c === '\t') {
      out.push({ raw: text.slice(start, i), start });
      start = -1;
    }
  }
  if (start >= 0) out.push({ raw: text.slice(start), start });
  return out;
}

/** Removes quotes and escapes from a word, as BuildKit does for ENV/ARG/LABEL values. */
export function unquote(raw: string, escape: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === escape && quote !== "'" && i + 1 < raw.length) {
      out += raw.charAt(i + 1);
      i++;
    } else if (quote) {
      if (c === quote) quote = '';
      else out += c;
    } else if (c === '"' || c === "'") quote = c;
    else out += c;
  }
  return out;
}
