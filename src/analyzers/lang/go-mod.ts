import { decodeText, guarded, lines, PackageCollector } from './common.js';
import { unquote } from './go-binary.js';
import type { LangResult } from './types.js';

/**
 * `go.mod` and `go.sum` of a Go module's source tree.
 *
 * go.mod: the `require` directives (one line or a `require ( ... )` block), with the `replace`
 * directives applied as the go command applies them: `old v => new v2` for that version of `old`,
 * `old => new v2` for every version (the version-specific one wins), and `old => ../dir` swaps in
 * local code, which has no published version and is dropped. `// indirect` requirements are
 * dependencies all the same. The `module` line (the main module is not a dependency of itself),
 * `go`, `toolchain`, `exclude`, `retract` and any other directive are ignored.
 *
 * go.sum: `module version hash` lines. A `version/go.mod` line only checksums a module's go.mod,
 * which the go command reads for every module in the graph, built or not: only lines for the
 * module's content count.
 */

/** `github.com/spf13/cobra` → namespace `github.com/spf13`, name `cobra`; purl-spec's golang layout. */
export function splitModule(path: string): { namespace?: string; name: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { name: path } : { namespace: path.slice(0, i), name: path.slice(i + 1) };
}

interface Module {
  path: string;
  version: string;
}

/** A replacement target: a module version, or a directory (local code). */
type Target = Module | 'local';

/** The punctuation tokens of go.mod; a quoted `"("` is a string, hence the symbols. */
const OPEN = Symbol('(');
const CLOSE = Symbol(')');
type Token = string | typeof OPEN | typeof CLOSE;

/** A word ends at a space, a parenthesis, a quote or a `//` comment. */
function endsWord(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 0x28 || c === 0x29 || c === 0x22 || c === 0x60) return true;
  if (c === 0x2f) return line.charCodeAt(at + 1) === 0x2f;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  return c > 0x7f && /\s/.test(line[at] ?? '');
}

/** The tokens of one line (its `//` comment dropped), or what is wrong with it. */
function tokenize(line: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (line.startsWith('//', i)) {
      break;
    } else if (c === '(' || c === ')') {
      tokens.push(c === '(' ? OPEN : CLOSE);
      i++;
    } else if (c === '"' || c === '`') {
      let end = -1;
      for (let j = i + 1; j < line.length; j++) {
        if (c === '"' && line[j] === '\\') j++;
        else if (line[j] === c) {
          end = j;
          break;
        }
      }
      const value = end < 0 ? undefined : unquote(line.slice(i, end + 1));
      if (value === undefined) return 'invalid quoted string';
      tokens.push(value);
      i = end + 1;
    } else {
      let j = i + 1;
      while (j < line.length && !endsWord(line, j)) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

/** A replacement's right side that names a directory (golang.org/x/mod/modfile's IsDirectoryPath). */
function isDirectoryPath(p: string): boolean {
  return (
    p === '.' ||
    p === '..' ||
    /^\.{0,2}[/\\]/.test(p) ||
    // Windows drive paths (`C:\src\lib`).
    /^[A-Za-z]:[/\\]/.test(p)
  );
}

export function parseGoMod(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const warnings: string[] = [];
    const requires: Module[] = [];
    // By `path@version` for a version-specific replacement, by `path` for one of every version.
    const replacements = new Map<string, Target>();

    const directive = (verb: string, args: Token[], lineNo: number): void => {
      const warn = (what: string): void => {
        warnings.push(`${path}: line ${lineNo}: ${what}`);
      };
      if (!args.every((a): a is string => typeof a === 'string')) {
        warn(`unexpected parenthesis in ${verb}`);
        return;
      }
      if (verb === 'require') {
        const [mod, version] = args;
        if (args.length !== 2 || mod === undefined || version === undefined) {
          warn('require: expected a module path and a version');
          return;
        }
        requires.push({ path: mod, version });
      } else if (verb === 'replace') {
        const arrow = args.indexOf('=>');
        const from = args.slice(0, Math.max(arrow, 0));
        const to = args.slice(arrow + 1);
        const [old, oldVersion] = from;
        const [target, targetVersion] = to;
        if (arrow < 0 || old === undefined || from.length > 2 || target === undefined || to.length > 2) {
          warn('replace: expected `module [version] => module version` or `module [version] => directory`');
          return;
        }
        let value: Target;
        if (targetVersion === undefined) {
          if (!isDirectoryPath(target)) {
            warn(`replace: ${target} is neither a directory (./ or ../) nor given a version`);
            return;
          }
          value = 'local';
        } else {
          if (isDirectoryPath(target)) {
            warn(`replace: a directory (${target}) takes no version`);
            return;
          }
          value = { path: target, version: targetVersion };
        }
        replacements.set(oldVersion === undefined ? old : `${old}@${oldVersion}`, value);
      }
      // module, go, toolchain, godebug, exclude, retract, tool, ignore: nothing to list.
    };

    let block: string | undefined;
    lines(decodeText(bytes)).forEach((line, index) => {
      const lineNo = index + 1;
      const tokens = tokenize(line);
      if (typeof tokens === 'string') {
        warnings.push(`${path}: line ${lineNo}: ${tokens}`);
        return;
      }
      const [first, second] = tokens;
      if (first === undefined) return;
      if (block !== undefined) {
        if (first === CLOSE) block = undefined;
        else if (typeof first === 'string' && second === OPEN)
          warnings.push(`${path}: line ${lineNo}: ${block} block not closed before ${first}`);
        else directive(block, tokens, lineNo);
        return;
      }
      if (typeof first !== 'string') {
        warnings.push(`${path}: line ${lineNo}: unexpected parenthesis`);
        return;
      }
      if (second === OPEN) {
        // `require (` opens a block; `require ()` on one line is an empty one.
        if (tokens.length === 2) block = first;
        else if (tokens.length !== 3 || tokens[2] !== CLOSE)
          warnings.push(`${path}: line ${lineNo}: ${first}: nothing may follow (`);
        return;
      }
      directive(first, tokens.slice(1), lineNo);
    });
    if (block !== undefined) warnings.push(`${path}: ${block} block not closed`);

    const out = new PackageCollector();
    for (const req of requires) {
      const target = replacements.get(`${req.path}@${req.version}`) ?? replacements.get(req.path) ?? req;
      if (target === 'local') continue;
      out.add({
        type: 'golang',
        ...splitModule(target.path),
        version: target.version,
        path,
        fromLockFile: true,
        dev: false,
      });
    }
    return { packages: out.list(), warnings };
  });
}

export function parseGoSum(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const warnings: string[] = [];
    const out = new PackageCollector();
    lines(decodeText(bytes)).forEach((line, index) => {
      const fields = line.trim().split(/\s+/);
      const [mod, version] = fields;
      if (mod === undefined || mod === '') return;
      if (fields.length !== 3 || version === undefined) {
        warnings.push(`${path}: line ${index + 1}: expected \`module version hash\``);
        return;
      }
      if (version.endsWith('/go.mod')) return;
      out.add({ type: 'golang', ...splitModule(mod), version, path, fromLockFile: true });
    });
    return { packages: out.list(), warnings };
  });
}
