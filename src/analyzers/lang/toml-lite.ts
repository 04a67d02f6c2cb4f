// A TOML reader for the lock files that use it (Cargo.lock, poetry.lock, uv.lock). Those files are
// machine-written with a small part of TOML (tables, arrays of tables, strings, numbers, booleans,
// arrays and inline tables), so a ~300-line reader is enough and spares a dependency in the scan
// path. It is not a validating TOML parser: it rejects what it cannot read, and accepts a few
// things TOML forbids (redefined tables, newlines inside inline tables) that no lock file writes.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'TomlError';
    this.line = line;
  }
}

// Arrays and inline tables nest; a hostile file must not exhaust the stack.
const MAX_DEPTH = 64;

/** Tables without a prototype: a key named `__proto__` or `constructor` is just a key. */
function newTable(): TomlTable {
  return Object.create(null) as TomlTable;
}

export function isTomlTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseToml(text: string): TomlTable {
  return new Reader(text).document();
}

/** The `[[package]]` tables of a lock file (Cargo.lock, poetry.lock, uv.lock). */
export function tomlPackages(doc: TomlTable): TomlTable[] {
  const list = doc.package;
  return Array.isArray(list) ? list.filter(isTomlTable) : [];
}

const BARE_KEY = /[A-Za-z0-9_-]/;
// The characters of a basic string up to its end, an escape or a (forbidden) line break.
const PLAIN_RUN = /[^"\\\r\n]*/y;
const SCALAR = /[0-9A-Za-z_+\-.:]+/y;
const TIME_AFTER_SPACE = / \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?/y;
const RADIX: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

class Reader {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  document(): TomlTable {
    const root = newTable();
    let current = root;
    for (;;) {
      this.skipBlankLines();
      if (this.pos >= this.text.length) return root;
      if (this.text.startsWith('[[', this.pos)) {
        this.pos += 2;
        const path = this.keyPath();
        this.expect(']]');
        current = this.arrayTable(root, path);
      } else if (this.peek() === '[') {
        this.pos += 1;
        const path = this.keyPath();
        this.expect(']');
        current = this.descend(root, path);
      } else {
        this.keyValue(current, 0);
      }
      this.endOfLine();
    }
  }

  private fail(message: string): never {
    throw new TomlError(message, this.line);
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private expect(token: string): void {
    this.skipSpaces();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private skipComment(): void {
    if (this.peek() !== '#') return;
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.text.length : end;
  }

  private newline(): boolean {
    if (this.peek() === '\n') {
      this.pos++;
      this.line++;
      return true;
    }
    if (this.text.startsWith('\r\n', this.pos)) {
      this.pos += 2;
      this.line++;
      return true;
    }
    return false;
  }

  /** Spaces, comments and newlines: between top-level statements and inside arrays. */
  private skipBlankLines(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (!this.newline()) return;
    }
  }

  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.pos < this.text.length && !this.newline()) this.fail('expected the end of the line');
  }

  private keyPath(): string[] {
    const path = [this.key()];
    for (;;) {
      this.skipSpaces();
      if (this.peek() !== '.') return path;
      this.pos++;
      path.push(this.key());
    }
  }

  private key(): string {
    this.skipSpaces();
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    const start = this.pos;
    while (BARE_KEY.test(this.peek())) this.pos++;
    if (this.pos === start) this.fail('expected a key');
    return this.text.slice(start, this.pos);
  }

  /** Walks to a table; arrays of tables continue at their last element, as TOML says. */
  private descend(root: TomlTable, path: string[]): TomlTable {
    let table = root;
    for (const part of path) {
      let next = table[part];
      if (next === undefined) {
        next = newTable();
        table[part] = next;
      }
      if (Array.isArray(next)) next = next[next.length - 1];
      if (!isTomlTable(next)) this.fail(`"${path.join('.')}" is not a table`);
      table = next;
    }
    return table;
  }

  private arrayTable(root: TomlTable, path: string[]): TomlTable {
    const parent = this.descend(root, path.slice(0, -1));
    const last = path[path.length - 1] ?? '';
    const existing = parent[last] ?? [];
    if (!Array.isArray(existing)) this.fail(`"${path.join('.')}" is not an array of tables`);
    parent[last] = existing;
    const table = newTable();
    existing.push(table);
    return table;
  }

  private keyValue(table: TomlTable, depth: number): void {
    const path = this.keyPath();
    this.expect('=');
    this.skipSpaces();
    const value = this.value(depth);
    const parent = this.descend(table, path.slice(0, -1));
    const last = path[path.length - 1] ?? '';
    if (last in parent) this.fail(`duplicate key "${path.join('.')}"`);
    parent[last] = value;
  }

  private value(depth: number): TomlValue {
    if (depth > MAX_DEPTH) this.fail('values nested too deeply');
    const c = this.peek();
    if (c === '"') return this.text.startsWith('"""', this.pos) ? this.multilineBasic() : this.basicString();
    if (c === "'")
      return this.text.startsWith("'''", this.pos) ? this.multilineLiteral() : this.literalString();
    if (c === '[') return this.array(depth + 1);
    if (c === '{') return this.inlineTable(depth + 1);
    return this.scalar();
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      PLAIN_RUN.lastIndex = this.pos;
      const run = PLAIN_RUN.exec(this.text)?.[0] ?? '';
      out += run;
      this.pos += run.length;
      const c = this.peek();
      if (c === '' || c === '\n' || c === '\r') this.fail('unterminated string');
      this.pos++;
      if (c === '"') return out;
      out += this.escape();
    }
  }

  private escape(): string {
    const c = this.peek();
    this.pos++;
    const simple = ESCAPES[c];
    if (simple !== undefined) return simple;
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : c === 'x' ? 2 : 0;
    if (digits === 0) this.fail(`invalid escape "\\${c}"`);
    const hex = this.text.slice(this.pos, this.pos + digits);
    const code = /^[0-9A-Fa-f]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
    if (hex.length !== digits || !(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      this.fail(`invalid escape "\\${c}${hex}"`);
    }
    this.pos += digits;
    return String.fromCodePoint(code);
  }

  private literalString(): string {
    this.pos++;
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string');
      this.pos++;
      if (c === "'") return this.text.slice(start, this.pos - 1);
    }
  }

  /** A newline right after the opening quotes is not part of the string. */
  private skipFirstNewline(): void {
    this.newline();
  }

  private multilineBasic(): string {
    this.pos += 3;
    this.skipFirstNewline();
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      if (this.text.startsWith('"""', this.pos)) {
        // Up to two quotes may end the content right before the closing delimiter.
        let end = this.pos + 3;
        while (this.text.charAt(end) === '"' && end - this.pos < 5) end++;
        out += '"'.repeat(end - this.pos - 3);
        this.pos = end;
        return out;
      }
      const c = this.peek();
      if (c === '\\') {
        this.pos++;
        // A line-ending backslash joins lines, dropping the whitespace that follows.
        const rest = /^[ \t]*\r?\n/.exec(this.text.slice(this.pos, this.pos + 256));
        if (rest !== null) {
          this.pos += rest[0].length;
          this.line++;
          for (;;) {
            this.skipSpaces();
            if (!this.newline()) break;
          }
        } else {
          out += this.escape();
        }
      } else if (this.newline()) {
        out += '\n';
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private multilineLiteral(): string {
    this.pos += 3;
    this.skipFirstNewline();
    const close = this.text.indexOf("'''", this.pos);
    if (close < 0) this.fail('unterminated string');
    let end = close + 3;
    while (this.text.charAt(end) === "'" && end - close < 5) end++;
    const content = this.text.slice(this.pos, end - 3);
    this.line += content.split('\n').length - 1;
    this.pos = end;
    return content.replace(/\r\n/g, '\n');
  }

  private array(depth: number): TomlValue[] {
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlankLines();
      if (this.peek() === ']') {
        this.pos++;
        return items;
      }
      if (this.pos >= this.text.length) this.fail('unterminated array');
      items.push(this.value(depth));
      this.skipBlankLines();
      if (this.pos >= this.text.length) this.fail('unterminated array');
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]" in an array');
    }
  }

  private inlineTable(depth: number): TomlTable {
    this.pos++;
    const table = newTable();
    for (;;) {
      this.skipBlankLines();
      if (this.peek() === '}') {
        this.pos++;
        return table;
      }
      if (this.pos >= this.text.length) this.fail('unterminated inline table');
      this.keyValue(table, depth);
      this.skipBlankLines();
      if (this.pos >= this.text.length) this.fail('unterminated inline table');
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('expected "," or "}" in an inline table');
    }
  }

  /** Booleans, numbers, and dates (kept as their text: lock files use none that matter). */
  private scalar(): TomlValue {
    SCALAR.lastIndex = this.pos;
    let token = SCALAR.exec(this.text)?.[0];
    if (token === undefined) this.fail('expected a value');
    this.pos += token.length;
    if (/^\d{4}-\d{2}-\d{2}$/.test(token)) {
      // A date and a time may be separated by a space instead of "T".
      TIME_AFTER_SPACE.lastIndex = this.pos;
      const time = TIME_AFTER_SPACE.exec(this.text)?.[0];
      if (time !== undefined) {
        token += time;
        this.pos += time.length;
      }
      return token;
    }
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (/^[+-]?nan$/.test(token)) return Number.NaN;
    if (/^[+-]?inf$/.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
    const radix = RADIX[token.slice(0, 2)];
    if (radix !== undefined && /^0[xob][0-9A-Fa-f_]+$/.test(token)) {
      const n = Number.parseInt(token.slice(2).replace(/_/g, ''), radix);
      if (!Number.isNaN(n)) return n;
    }
    if (/^[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?$/.test(token))
      return Number(token.replace(/_/g, ''));
    if (/^\d{4}-\d{2}-\d{2}[Tt]|^\d{2}:\d{2}/.test(token)) return token;
    this.fail(`unexpected value "${token}"`);
  }
}
