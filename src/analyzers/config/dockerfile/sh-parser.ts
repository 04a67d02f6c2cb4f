/**
 * A POSIX/Bash parser for RUN scripts, written for this project.
 *
 * Why not a library: the only complete JavaScript shell parser, mvdan-sh (mvdan/sh compiled by
 * GopherJS), takes ~200 ms to load and ~0.5 ms per script once its AST is walked from
 * JavaScript (every field access converts Go values); at ~18 RUN scripts per Dockerfile that is
 * two orders of magnitude over our budget of 3,000 Dockerfiles/s. The WASM build (sh-syntax)
 * is asynchronous per call. This parser covers the grammar RUN scripts use: lists (`;`, `&`,
 * newlines), `&&`/`||`, pipelines (`|`, `|&`, `!`), simple commands with assignments and
 * redirections, quoting (`'…'`, `"…"`, `$'…'`, backslashes), expansions (`$x`, `${…}`, `$(…)`,
 * backticks, `$((…))`, `<(…)`), subshells, brace groups, if/while/until/for/case, functions,
 * `[[ … ]]`, `(( … ))` and heredocs. It produces the flat command view the rules read, not a
 * full AST. mvdan-sh stays as the oracle of a differential test (sh-parser.test.ts).
 */

export interface RawWord {
  /** The word as a literal string; expansions kept as `$NAME` / source text of `$(…)`. */
  text: string;
  /** True when the word has no expansion or substitution. */
  literal: boolean;
  line: number;
  start: number;
  end: number;
}

export interface RawRedirect {
  op: string;
  target: string;
  /** Body of a heredoc (`<<EOF`), with its first line. */
  heredoc?: { body: string; line: number; delimiter: string };
}

export interface RawCommand {
  words: RawWord[];
  assigns: { name: string; value: string }[];
  redirects: RawRedirect[];
  /** `export`, `declare`, `local`, `readonly`, `typeset`: a declaration, words are its arguments. */
  decl?: string;
  line: number;
  start: number;
  end: number;
  /** Commands inside substitutions in this command's words, assignments and redirects. */
  nested: RawCommand[];
  /** Set when the command runs inside a `( … )` subshell, whose `cd` and variables end with it. */
  subshell?: true;
}

export interface RawScript {
  /** Every simple command, pre-order (a command before those in its substitutions). */
  commands: RawCommand[];
  /** Pipelines of two or more elements: the first simple command of each element. */
  pipelines: RawCommand[][];
  /** Statements made only of redirections or fed by a heredoc: `<<EOF` alone, `bash <<EOF`. */
  heredocStatements: { command: RawCommand | null; redirects: RawRedirect[] }[];
}

export class ShellSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`${line}: ${message}`);
    this.line = line;
  }
}

const RESERVED_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}', 'in']);
const DECLS = new Set(['export', 'declare', 'local', 'readonly', 'typeset']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Characters that end an unquoted word. */
function isMeta(c: number): boolean {
  // space tab newline ; & | < > ( )
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 59 ||
    c === 38 ||
    c === 124 ||
    c === 60 ||
    c === 62 ||
    c === 40 ||
    c === 41
  );
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

interface PendingHeredoc {
  redirect: RawRedirect;
  delimiter: string;
  stripTabs: boolean;
}

class Parser {
  private pos = 0;
  private line: number;
  private readonly src: string;
  private commands: RawCommand[] = [];
  private readonly pipelines: { start: number; cmds: RawCommand[] }[] = [];
  private readonly heredocStatements: RawScript['heredocStatements'] = [];
  private pendingHeredocs: PendingHeredoc[] = [];
  /** Nesting of `( … )` subshells at the current position. */
  private subshellDepth = 0;

  constructor(src: string, lineBase: number) {
    this.src = src;
    this.line = lineBase;
  }

  parse(): RawScript {
    this.parseList(null);
    this.skipBlanks();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src.charAt(this.pos)}"`);
    if (this.pendingHeredocs.length > 0) this.readHeredocBodies();
    this.pipelines.sort((a, b) => a.start - b.start);
    return {
      commands: this.commands,
      pipelines: this.pipelines.map((p) => p.cmds),
      heredocStatements: this.heredocStatements,
    };
  }

  private fail(message: string): never {
    throw new ShellSyntaxError(this.line, message);
  }

  private peek(offset = 0): number {
    return this.src.charCodeAt(this.pos + offset);
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** Skips spaces, tabs, line continuations and comments (not newlines). */
  private skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (isSpace(c)) this.pos++;
      else if (c === 92 && this.peek(1) === 10) {
        this.pos += 2;
        this.line++;
      } else if (c === 35) {
        while (this.pos < this.src.length && this.peek() !== 10) this.pos++;
      } else return;
    }
  }

  /** Consumes one newline, reading any heredoc bodies that were waiting for it. */
  private newline(): void {
    this.pos++;
    this.line++;
    if (this.pendingHeredocs.length > 0) this.readHeredocBodies();
  }

  /** Skips blanks and newlines (where the grammar allows line breaks). */
  private skipLinebreaks(): void {
    for (;;) {
      this.skipBlanks();
      if (this.peek() === 10) this.newline();
      else return;
    }
  }

  private readHeredocBodies(): void {
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const h of pending) {
      const bodyLine = this.line;
      const lines: string[] = [];
      let closed = false;
      while (this.pos < this.src.length) {
        let nl = this.src.indexOf('\n', this.pos);
        if (nl < 0) nl = this.src.length;
        const raw = this.src.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, this.src.length);
        this.line++;
        const cmp = h.stripTabs ? raw.replace(/^\t+/, '') : raw;
        if (cmp === h.delimiter || cmp.trimEnd() === h.delimiter) {
          closed = true;
          break;
        }
        lines.push(h.stripTabs ? cmp : raw);
      }
      if (!closed && lines.length === 0) this.fail(`heredoc <<${h.delimiter} has no body`);
      h.redirect.heredoc = { body: lines.join('\n'), line: bodyLine, delimiter: h.delimiter };
    }
  }

  /** A list of and-or lists until a closing token the caller expects (or the end). */
  private parseList(terminators: Set<string> | null): void {
    for (;;) {
      this.skipLinebreaks();
      if (this.pos >= this.src.length) return;
      const c = this.peek();
      if (c === 41) return; // `)`: the caller checks it
      if (c === 59 && this.peek(1) === 59) return; // `;;` in case
      if (terminators && this.atReserved(terminators)) return;
      this.parseAndOr();
      this.skipBlanks();
      const d = this.peek();
      if (d === 59 && this.peek(1) !== 59) this.pos++;
      else if (d === 38 && this.peek(1) !== 38 && this.peek(1) !== 62) this.pos++;
      else if (d === 10) this.newline();
      else return;
    }
  }

  /** True when the next word is one of the reserved words (unquoted, followed by a delimiter). */
  private atReserved(words: Set<string>): boolean {
    for (const w of words) {
      if (this.startsWith(w)) {
        const after = this.peek(w.length);
        if (Number.isNaN(after) || isMeta(after)) return true;
      }
    }
    return false;
  }

  private parseAndOr(): void {
    this.parsePipeline();
    for (;;) {
      this.skipBlanks();
      if (this.startsWith('&&') || this.startsWith('||')) {
        this.pos += 2;
        this.skipLinebreaks();
        this.parsePipeline();
      } else return;
    }
  }

  private parsePipeline(): void {
    this.skipBlanks();
    if (this.peek() === 33 && isMeta(this.peek(1))) {
      this.pos++;
      this.skipBlanks();
    }
    const start = this.pos;
    const firsts: (RawCommand | undefined)[] = [];
    firsts.push(this.parseCommand());
    for (;;) {
      this.skipBlanks();
      if (this.peek() === 124 && this.peek(1) !== 124) {
        this.pos += this.peek(1) === 38 ? 2 : 1;
        this.skipLinebreaks();
        firsts.push(this.parseCommand());
      } else break;
    }
    const cmds = firsts.filter((c): c is RawCommand => c !== undefined);
    if (firsts.length >= 2 && cmds.length >= 2) this.pipelines.push({ start, cmds });
  }

  /** Parses one command; returns the first simple command in it (for pipelines). */
  private parseCommand(): RawCommand | undefined {
    this.skipBlanks();
    const before = this.commands.length;
    const c = this.peek();
    if (Number.isNaN(c)) this.fail('unexpected end of script: a command is missing');
    if (c === 40) {
      if (this.peek(1) === 40) {
        this.skipArithmetic();
      } else {
        this.pos++;
        this.subshellDepth++;
        this.parseList(null);
        this.skipLinebreaks();
        if (this.peek() !== 41) this.fail('unclosed "(": subshell not closed');
        this.pos++;
        this.subshellDepth--;
      }
      this.parseTrailingRedirects();
      return this.commands[before];
    }
    if (c === 123 && isMeta(this.peek(1))) {
      this.pos++;
      this.parseList(new Set(['}']));
      this.expectReserved('}');
      this.parseTrailingRedirects();
      return this.commands[before];
    }
    if (this.atReserved(new Set(['if']))) return this.parseIf(before);
    if (this.atReserved(new Set(['while', 'until']))) {
      this.pos += this.startsWith('while') ? 5 : 5;
      this.parseList(new Set(['do']));
      this.expectReserved('do');
      this.parseList(new Set(['done']));
      this.expectReserved('done');
      this.parseTrailingRedirects();
      return this.commands[before];
    }
    if (this.atReserved(new Set(['for']))) return this.parseFor(before);
    if (this.atReserved(new Set(['case']))) return this.parseCase(before);
    if (this.atReserved(new Set(['function']))) {
      this.pos += 8;
      this.skipBlanks();
      this.readWord();
      this.skipBlanks();
      if (this.startsWith('()')) this.pos += 2;
      this.skipLinebreaks();
      this.parseCommand();
      return this.commands[before];
    }
    if (this.atReserved(new Set(['[[']))) {
      this.pos += 2;
      const nested: RawCommand[] = [];
      for (;;) {
        this.skipLinebreaks();
        if (this.atReserved(new Set([']]']))) {
          this.pos += 2;
          break;
        }
        if (this.pos >= this.src.length) this.fail('unclosed "[["');
        if (isMeta(this.peek()) && this.peek() !== 40 && this.peek() !== 41) {
          this.pos++;
          continue;
        }
        if (this.peek() === 40 || this.peek() === 41) {
          this.pos++;
          continue;
        }
        nested.push(...this.readWordWithNested().nested);
      }
      this.commands.push(...nested);
      this.parseTrailingRedirects();
      return undefined;
    }
    return this.parseSimple();
  }

  private expectReserved(word: string): void {
    this.skipLinebreaks();
    if (!this.atReserved(new Set([word]))) this.fail(`expected "${word}"`);
    this.pos += word.length;
  }

  private parseIf(before: number): RawCommand | undefined {
    this.pos += 2;
    this.parseList(new Set(['then']));
    this.expectReserved('then');
    this.parseList(new Set(['elif', 'else', 'fi']));
    for (;;) {
      this.skipLinebreaks();
      if (this.atReserved(new Set(['elif']))) {
        this.pos += 4;
        this.parseList(new Set(['then']));
        this.expectReserved('then');
        this.parseList(new Set(['elif', 'else', 'fi']));
      } else if (this.atReserved(new Set(['else']))) {
        this.pos += 4;
        this.parseList(new Set(['fi']));
      } else break;
    }
    this.expectReserved('fi');
    this.parseTrailingRedirects();
    return this.commands[before];
  }

  private parseFor(before: number): RawCommand | undefined {
    this.pos += 3;
    this.skipBlanks();
    if (this.startsWith('((')) {
      this.skipArithmetic();
    } else {
      this.readWord();
      this.skipLinebreaks();
      if (this.atReserved(new Set(['in']))) {
        this.pos += 2;
        for (;;) {
          this.skipBlanks();
          const c = this.peek();
          if (c === 59 || c === 10 || Number.isNaN(c)) break;
          this.commands.push(...this.readWordWithNested().nested);
        }
      }
    }
    this.skipBlanks();
    if (this.peek() === 59) this.pos++;
    this.skipLinebreaks();
    this.expectReserved('do');
    this.parseList(new Set(['done']));
    this.expectReserved('done');
    this.parseTrailingRedirects();
    return this.commands[before];
  }

  private parseCase(before: number): RawCommand | undefined {
    this.pos += 4;
    this.skipBlanks();
    this.commands.push(...this.readWordWithNested().nested);
    this.skipLinebreaks();
    this.expectReserved('in');
    for (;;) {
      this.skipLinebreaks();
      if (this.atReserved(new Set(['esac']))) break;
      if (this.pos >= this.src.length) this.fail('unclosed "case": no "esac"');
      if (this.peek() === 40) this.pos++;
      // Patterns up to `)`.
      for (;;) {
        this.skipBlanks();
        const c = this.peek();
        if (c === 41) {
          this.pos++;
          break;
        }
        if (c === 124) {
          this.pos++;
          continue;
        }
        if (Number.isNaN(c) || c === 10) this.fail('case pattern without ")"');
        this.readWord();
      }
      this.parseList(new Set(['esac']));
      this.skipLinebreaks();
      if (this.startsWith(';;&')) this.pos += 3;
      else if (this.startsWith(';;') || this.startsWith(';&')) this.pos += 2;
    }
    this.pos += 4;
    this.parseTrailingRedirects();
    return this.commands[before];
  }

  private skipArithmetic(): void {
    // `((` … `))`, with nested parentheses.
    this.pos += 2;
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === 10) this.line++;
      if (c === 40) depth++;
      else if (c === 41) {
        if (depth === 0 && this.peek(1) === 41) {
          this.pos += 2;
          return;
        }
        depth--;
      }
      this.pos++;
    }
    this.fail('unclosed "(("');
  }

  private parseTrailingRedirects(): void {
    const saved = this.lastNested;
    this.lastNested = [];
    for (;;) {
      this.skipBlanks();
      if (!this.tryRedirect()) break;
    }
    this.commands.push(...this.lastNested);
    this.lastNested = saved;
  }

  /** Reads a redirection if one starts here (`>f`, `2>&1`, `<<EOF`, `&>f`). */
  private tryRedirect(): RawRedirect | undefined {
    const save = this.pos;
    let p = this.pos;
    while (p < this.src.length && this.src.charCodeAt(p) >= 48 && this.src.charCodeAt(p) <= 57) p++;
    const op = /^(<<<|<<-|<<|>>|<&|>&|<>|>\||&>>|&>|<|>)/.exec(this.src.slice(p, p + 3))?.[0];
    if (!op || (op.startsWith('&') && p !== this.pos)) {
      this.pos = save;
      return undefined;
    }
    // `<(` and `>(` are process substitutions, part of a word.
    if ((op === '<' || op === '>') && this.src.charCodeAt(p + 1) === 40) {
      this.pos = save;
      return undefined;
    }
    this.pos = p + op.length;
    this.skipBlanks();
    const w = this.readWordWithNested();
    const redirect: RawRedirect = { op, target: w.word.text };
    if (op === '<<' || op === '<<-') {
      const raw = this.src.slice(w.word.start, w.word.end);
      const delimiter = raw.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
      this.pendingHeredocs.push({ redirect, delimiter, stripTabs: op === '<<-' });
    }
    this.lastNested.push(...w.nested);
    return redirect;
  }

  private lastNested: RawCommand[] = [];

  private parseSimple(): RawCommand | undefined {
    const startPos = this.pos;
    const startLine = this.line;
    const words: RawWord[] = [];
    const assigns: RawCommand['assigns'] = [];
    const redirects: RawRedirect[] = [];
    const savedNested = this.lastNested;
    this.lastNested = [];
    let decl: string | undefined;
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (Number.isNaN(c) || c === 10 || c === 59 || c === 41) break;
      if (c === 124 || (c === 38 && this.peek(1) !== 62)) break;
      if (c === 40 && words.length > 0) {
        // `name() { … }`: a function definition.
        if (this.peek(1) === 41 && words.length === 1) {
          this.pos += 2;
          this.skipLinebreaks();
          this.lastNested = savedNested;
          this.parseCommand();
          return undefined;
        }
        this.fail('unexpected "("');
      }
      const r = this.tryRedirect();
      if (r) {
        redirects.push(r);
        continue;
      }
      if (words.length === 0 && this.atReserved(RESERVED_END)) break;
      // Assignments before the command name (and every argument of a declaration).
      if (words.length === 0 || decl !== undefined) {
        const m = this.tryAssignment();
        if (m) {
          assigns.push(m);
          if (decl !== undefined)
            words.push({
              text: `${m.name}=${m.value}`,
              literal: true,
              line: this.line,
              start: this.pos,
              end: this.pos,
            });
          continue;
        }
      }
      const { word, nested } = this.readWordWithNested();
      this.lastNested.push(...nested);
      if (words.length === 0 && word.literal && DECLS.has(word.text)) decl = word.text;
      words.push(word);
    }
    const nested = this.lastNested;
    this.lastNested = savedNested;
    if (words.length === 0 && assigns.length === 0 && redirects.length === 0) {
      if (this.pos === startPos) {
        const c = this.src.charAt(this.pos);
        if (c === ')' || c === ';' || c === '|' || c === '&') this.fail(`unexpected "${c}"`);
      }
      return undefined;
    }
    const cmd: RawCommand = {
      words,
      assigns,
      redirects,
      line: words[0]?.line ?? startLine,
      start: startPos,
      end: this.pos,
      nested,
    };
    if (decl !== undefined) cmd.decl = decl;
    if (this.subshellDepth > 0) cmd.subshell = true;
    if (words.length === 0 && assigns.length === 0) {
      // Only redirections: `<<EOF` alone feeds its heredoc to nothing but may be a script.
      this.heredocStatements.push({ command: null, redirects });
      this.commands.push(...nested);
      return undefined;
    }
    if (redirects.some((r) => r.op === '<<' || r.op === '<<-'))
      this.heredocStatements.push({ command: cmd, redirects });
    this.commands.push(cmd, ...nested);
    return cmd;
  }

  /** `NAME=value`, `NAME+=value`, `NAME[i]=value`, `NAME=(a b)`. */
  private tryAssignment(): { name: string; value: string } | undefined {
    let p = this.pos;
    if (!isNameStart(this.src.charCodeAt(p))) return undefined;
    while (isNameChar(this.src.charCodeAt(p))) p++;
    const name = this.src.slice(this.pos, p);
    if (this.src.charCodeAt(p) === 91) {
      const close = this.src.indexOf(']', p);
      if (close < 0) return undefined;
      p = close + 1;
    }
    if (this.src.charCodeAt(p) === 43) p++;
    if (this.src.charCodeAt(p) !== 61) return undefined;
    this.pos = p + 1;
    if (this.peek() === 40) {
      // Array value: words up to `)`.
      this.pos++;
      const parts: string[] = [];
      for (;;) {
        this.skipLinebreaks();
        if (this.peek() === 41) {
          this.pos++;
          break;
        }
        if (this.pos >= this.src.length) this.fail('unclosed array "("');
        const w = this.readWordWithNested();
        this.lastNested.push(...w.nested);
        parts.push(w.word.text);
      }
      return { name, value: `(${parts.join(' ')})` };
    }
    const c = this.peek();
    if (Number.isNaN(c) || isMeta(c)) return { name, value: '' };
    const w = this.readWordWithNested();
    this.lastNested.push(...w.nested);
    return { name, value: w.word.text };
  }

  private readWord(): RawWord {
    const { word, nested } = this.readWordWithNested();
    this.commands.push(...nested);
    return word;
  }

  /** Reads one word; commands in its substitutions are returned, not recorded. */
  private readWordWithNested(): { word: RawWord; nested: RawCommand[] } {
    const start = this.pos;
    const line = this.line;
    let text = '';
    let literal = true;
    const nested: RawCommand[] = [];
    const src = this.src;
    for (;;) {
      const c = this.peek();
      if (Number.isNaN(c)) break;
      if (c === 92) {
        // Backslash: escapes the next character; backslash-newline joins lines.
        const n = src.charAt(this.pos + 1);
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        text += n;
        this.pos += 2;
        continue;
      }
      if (c === 39) {
        const close = src.indexOf("'", this.pos + 1);
        if (close < 0) this.fail('unclosed single quote');
        const s = src.slice(this.pos + 1, close);
        this.countLines(s);
        text += s;
        this.pos = close + 1;
        continue;
      }
      if (c === 34) {
        this.pos++;
        const inner = this.readDoubleQuoted(nested);
        if (!inner.literal) literal = false;
        text += inner.text;
        continue;
      }
      if (c === 36 || c === 96) {
        const exp = this.readExpansion(c, nested);
        if (exp.expansion) literal = false;
        text += exp.text;
        continue;
      }
      if ((c === 60 || c === 62) && this.peek(1) === 40) {
        const s = this.pos;
        this.pos += 2;
        this.parseSubstitution(nested);
        text += src.slice(s, this.pos);
        literal = false;
        continue;
      }
      if (isMeta(c)) break;
      // A run of plain characters.
      let p = this.pos + 1;
      while (p < src.length) {
        const d = src.charCodeAt(p);
        if (isMeta(d) || d === 92 || d === 39 || d === 34 || d === 36 || d === 96) break;
        p++;
      }
      text += src.slice(this.pos, p);
      this.pos = p;
    }
    if (this.pos === start) this.fail(`unexpected "${src.charAt(this.pos)}"`);
    return { word: { text, literal, line, start, end: this.pos }, nested };
  }

  private countLines(s: string): void {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) this.line++;
  }

  private readDoubleQuoted(nested: RawCommand[]): { text: string; literal: boolean } {
    let text = '';
    let literal = true;
    const src = this.src;
    for (;;) {
      if (this.pos >= src.length) this.fail('unclosed double quote');
      const c = this.peek();
      if (c === 34) {
        this.pos++;
        return { text, literal };
      }
      if (c === 92) {
        const n = src.charAt(this.pos + 1);
        if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else if (n === '"' || n === '\\' || n === '$' || n === '`') {
          text += n;
          this.pos += 2;
        } else {
          text += '\\';
          this.pos++;
        }
        continue;
      }
      if (c === 36 || c === 96) {
        const exp = this.readExpansion(c, nested);
        if (exp.expansion) literal = false;
        text += exp.text;
        continue;
      }
      if (c === 10) this.line++;
      text += src.charAt(this.pos);
      this.pos++;
    }
  }

  /** A `$…` expansion or a backtick substitution, in a word or inside double quotes. */
  private readExpansion(c: number, nested: RawCommand[]): { text: string; expansion: boolean } {
    return c === 96 ? { text: this.readBackticks(nested), expansion: true } : this.readDollar(nested);
  }

  /** `$name`, `${…}`, `$(…)`, `$((…))`, `$'…'`, or a lone `$`. */
  private readDollar(nested: RawCommand[]): { text: string; expansion: boolean } {
    const src = this.src;
    const n = this.peek(1);
    if (n === 40) {
      const s = this.pos;
      if (this.peek(2) === 40) {
        this.pos++;
        this.skipArithmetic();
        return { text: src.slice(s, this.pos), expansion: true };
      }
      this.pos += 2;
      this.parseSubstitution(nested);
      return { text: src.slice(s, this.pos), expansion: true };
    }
    if (n === 123) {
      // ${…}: to the matching brace, minding quotes and nesting.
      let p = this.pos + 2;
      let depth = 1;
      while (p < src.length && depth > 0) {
        const c = src.charCodeAt(p);
        if (c === 92) p++;
        else if (c === 123) depth++;
        else if (c === 125) depth--;
        else if (c === 10) this.line++;
        p++;
      }
      if (depth > 0) this.fail('unclosed "${"');
      const inner = src.slice(this.pos + 2, p - 1);
      this.pos = p;
      const name = /^[#!]?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(inner)?.[1] ?? '';
      return { text: `$${name}`, expansion: true };
    }
    if (n === 39) {
      // $'…' ANSI-C quoting: a literal with backslash escapes.
      let p = this.pos + 2;
      let text = '';
      while (p < src.length && src.charCodeAt(p) !== 39) {
        if (src.charCodeAt(p) === 92) {
          const e = src.charAt(p + 1);
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          p += 2;
        } else {
          text += src.charAt(p);
          p++;
        }
      }
      if (p >= src.length) this.fail("unclosed $'");
      this.pos = p + 1;
      return { text, expansion: false };
    }
    if (isNameStart(n)) {
      let p = this.pos + 2;
      while (isNameChar(src.charCodeAt(p))) p++;
      const text = '$' + src.slice(this.pos + 1, p);
      this.pos = p;
      return { text, expansion: true };
    }
    if (
      (n >= 48 && n <= 57) ||
      n === 64 ||
      n === 42 ||
      n === 35 ||
      n === 63 ||
      n === 36 ||
      n === 33 ||
      n === 45
    ) {
      const text = src.slice(this.pos, this.pos + 2);
      this.pos += 2;
      return { text, expansion: true };
    }
    this.pos++;
    return { text: '$', expansion: false };
  }

  /** After `$(` or `<(`: parses the list and the closing `)`, collecting commands into `nested`. */
  private parseSubstitution(nested: RawCommand[]): void {
    const saved = this.commands;
    this.commands = [];
    this.parseList(null);
    this.skipLinebreaks();
    if (this.peek() !== 41) this.fail('unclosed "$(": command substitution not closed');
    this.pos++;
    nested.push(...this.commands);
    this.commands = saved;
  }

  /** `` `…` ``: the old command substitution; its text is parsed as a script of its own. */
  private readBackticks(nested: RawCommand[]): string {
    const src = this.src;
    let p = this.pos + 1;
    let inner = '';
    while (p < src.length && src.charCodeAt(p) !== 96) {
      if (src.charCodeAt(p) === 92 && p + 1 < src.length) {
        const e = src.charAt(p + 1);
        inner += e === '`' || e === '\\' || e === '$' ? e : '\\' + e;
        p += 2;
      } else {
        inner += src.charAt(p);
        p++;
      }
    }
    if (p >= src.length) this.fail('unclosed backquote');
    const text = src.slice(this.pos, p + 1);
    const sub = new Parser(inner, this.line).parse();
    nested.push(...sub.commands);
    this.countLines(inner);
    this.pos = p + 1;
    return text;
  }
}

/** Parses a script; throws ShellSyntaxError with the (absolute) line on invalid syntax. */
export function parseShellSyntax(src: string, lineBase: number): RawScript {
  return new Parser(src, lineBase).parse();
}
