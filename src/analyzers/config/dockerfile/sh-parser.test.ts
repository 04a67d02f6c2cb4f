import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellSyntax, ShellSyntaxError } from './sh-parser.js';

/*
 * Differential test: our parser against mvdan/sh (the reference Go shell parser, here as the
 * GopherJS build mvdan-sh) on the same scripts. Both must find the same simple commands, with
 * the same words and lines, the same pipelines, and reject the same invalid scripts.
 */

interface Node {
  Pos(): { Line(): number; Offset(): number };
  End(): { Offset(): number };
  [k: string]: unknown;
}
interface Syntax {
  NewParser(...o: unknown[]): { Parse(src: string, name: string): Node };
  Walk(n: Node, f: (n: Node | null) => boolean): void;
  NodeType(n: Node): string;
  Variant(v: unknown): unknown;
  LangBash: unknown;
}
const sh = (createRequire(import.meta.url)('mvdan-sh') as { syntax: Syntax }).syntax;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function word(w: Node, src: string, quoted = false): string {
  let out = '';
  for (const part of list(w.Parts)) {
    const t = sh.NodeType(part);
    // mvdan keeps escapes as written; the shell removes them, and so do we.
    if (t === 'Lit') out += text(part.Value).replace(quoted ? /\\([\\"$`])/g : /\\(.)/gs, '$1');
    else if (t === 'SglQuoted' && part.Dollar === true)
      out += text(part.Value).replace(/\\t/g, '\t').replace(/\\n/g, '\n');
    else if (t === 'SglQuoted') out += text(part.Value);
    else if (t === 'DblQuoted') out += word(part, src, true);
    else if (t === 'ParamExp') out += '$' + text((part.Param as Node | null)?.Value);
    else out += src.slice(part.Pos().Offset(), part.End().Offset());
  }
  return out;
}

function oracle(src: string): { commands: string[]; pipelines: string[] } | 'error' {
  let file: Node;
  try {
    file = sh.NewParser(sh.Variant(sh.LangBash)).Parse(src, '');
  } catch {
    return 'error';
  }
  const commands: string[] = [];
  const pipes: { start: number; text: string }[] = [];
  const firstWord = (stmt: Node): string => {
    let found = '';
    sh.Walk(stmt, (n) => {
      if (!n || found) return false;
      if (sh.NodeType(n) === 'CallExpr' && list(n.Args).length > 0) {
        found = word(list(n.Args)[0] as Node, src);
        return false;
      }
      return true;
    });
    return found;
  };
  const flatten = (n: Node, out: Node[]): void => {
    for (const side of [n.X, n.Y] as (Node | null)[]) {
      if (!side) continue;
      const cmd = side.Cmd as Node | null;
      if (cmd && sh.NodeType(cmd) === 'BinaryCmd' && (Number(cmd.Op) === 12 || Number(cmd.Op) === 13))
        flatten(cmd, out);
      else out.push(side);
    }
  };
  const seen = new Set<number>();
  sh.Walk(file, (n) => {
    if (!n) return true;
    const t = sh.NodeType(n);
    if (t === 'CallExpr' && list(n.Args).length > 0) {
      commands.push(
        `${n.Pos().Line()}: ${list(n.Args)
          .map((w) => word(w, src))
          .join(' | ')}`,
      );
    } else if (
      t === 'BinaryCmd' &&
      (Number(n.Op) === 12 || Number(n.Op) === 13) &&
      !seen.has(n.Pos().Offset())
    ) {
      const elems: Node[] = [];
      flatten(n, elems);
      seen.add(n.Pos().Offset());
      sh.Walk(n, (m) => {
        if (m && sh.NodeType(m) === 'BinaryCmd') seen.add(m.Pos().Offset());
        return true;
      });
      pipes.push({ start: n.Pos().Offset(), text: elems.map(firstWord).join(' -> ') });
    }
    return true;
  });
  return { commands, pipelines: pipes.sort((a, b) => a.start - b.start).map((p) => p.text) };
}

function ours(src: string): { commands: string[]; pipelines: string[] } | 'error' {
  try {
    const s = parseShellSyntax(src, 1);
    return {
      // mvdan parses `time` as a keyword (TimeClause); we read it as a word and peel it later.
      commands: s.commands
        .filter((c) => c.decl === undefined && c.words.length > 0)
        .map(
          (c) =>
            `${c.line}: ${c.words
              .filter((w, i) => !(i === 0 && w.text === 'time'))
              .map((w) => w.text)
              .join(' | ')}`,
        ),
      pipelines: s.pipelines.map((p) => p.map((c) => c.words[0]?.text ?? '').join(' -> ')),
    };
  } catch (e) {
    if (e instanceof ShellSyntaxError) return 'error';
    throw e;
  }
}

const TRICKY = [
  'apt-get update && apt-get install -y --no-install-recommends curl=7.88.1 \\\n    git && rm -rf /var/lib/apt/lists/*',
  'set -eux; \\\n  wget -O /tmp/x.tgz "https://example.com/x-${VERSION}.tgz"; \\\n  tar -xzf /tmp/x.tgz -C /opt',
  'curl -fsSL https://x/install.sh | sudo -E bash -s -- --yes',
  'sh -c "$(wget -qO- https://y)" && bash <(curl -s https://z) && eval `curl -s https://w`',
  'if [ -f /etc/alpine-release ]; then apk add --no-cache tini; else apt-get update && apt-get install -y tini; fi',
  'for f in a b "c d"; do echo "$f" | tee -a /log; done',
  'for ((i=0; i<3; i++)); do echo $i; done',
  'while read -r line; do echo "$line"; done < /etc/passwd',
  'until curl -sf http://localhost:8080/health; do sleep 1; done',
  'case "$(uname -m)" in\n  x86_64|amd64) ARCH=amd64 ;;\n  aarch64) ARCH=arm64 ;;\n  *) echo unknown; exit 1 ;;\nesac',
  '(cd /src && make) || { echo failed >&2; exit 1; }',
  'FOO=bar BAZ="q x" make -j"$(nproc)" install 2>&1 | tee build.log',
  "echo 'single ; quoted && text' \"double $HOME ${PATH:-/bin} $(id -u)\" $'ansi\\tc' plain\\ escaped",
  'cat <<EOF > /etc/app.conf\nlisten = 0.0.0.0:8080\nuser = $USER\nEOF\nchmod 600 /etc/app.conf',
  "cat <<-'END' | sh\n\tcurl -k https://x\n\tEND\necho done",
  'f() { echo "in f"; }; f; function g { ls -la; }; g',
  '[[ -n "$X" && $(id -u) -eq 0 ]] && echo root',
  '((n = 3 + 4)) && echo $((n * 2))',
  '! grep -q foo /etc/hosts && echo missing',
  'ls | grep a |& cat | wc -l',
  'X=1; Y=$(echo $X); echo "$Y"',
  'echo a &\nwait',
  'apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir -r requirements.txt && apk del .build-deps',
  'echo "multi\nline" > /x; printf "%s\\n" a b',
  'command -v curl >/dev/null 2>&1 || { apt-get update && apt-get install -y curl; }',
  'git clone --depth 1 https://github.com/org/repo.git /src && cd /src && git checkout ${REF}',
  'echo "app ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers.d/app',
  'npm config set strict-ssl false && npm ci --omit=dev',
  'pip install --trusted-host pypi.internal -i http://pypi.internal/simple flask==3.0.0',
  'exec "$@"',
  'echo $1 $@ $# $? $$ ${#ARR[@]} ${VAR%%.*}',
  'a=(1 2 3); echo "${a[1]}"',
  'find / -perm -4000 -type f -exec chmod u-s {} \\; 2>/dev/null || true',
  'echo done; echo fi; echo then',
  'time make -j4',
  'curl -s https://x | tar -xz -C /opt && ln -s /opt/x/bin/x /usr/local/bin/x',
];

const INVALID = [
  'echo "unterminated',
  "echo 'open",
  'if true; then echo',
  'echo $(date',
  'for x in a b; do echo',
  '(cd /x',
  'echo a )',
  'case x in a) echo',
];

function corpus(): string[] {
  // RUN lines of the rule tests and the examples: real-world shapes written by others.
  const root = join(import.meta.dirname, '..', '..', '..', '..');
  const texts: string[] = [];
  const dirs = [join(root, 'src', 'rules', 'dockerfile')];
  for (const d of dirs)
    for (const f of readdirSync(d)) if (f.endsWith('.test.ts')) texts.push(readFileSync(join(d, f), 'utf8'));
  for (const ex of ['insecure', 'hardened', 'python-service'])
    texts.push(readFileSync(join(root, 'examples', ex, 'Dockerfile'), 'utf8'));
  const runs = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/^\s*RUN (?!\[|<<|--)([^\n`'\\]*?)\s*$/gm))
      if (m[1] && !m[1].includes('${')) runs.add(m[1]);
  }
  return [...runs];
}

describe('shell parser agrees with mvdan/sh', () => {
  it.each(TRICKY)('%j', (src) => {
    expect(ours(src)).toEqual(oracle(src));
  });
  it.each(INVALID)('rejects %j like mvdan/sh does', (src) => {
    expect(oracle(src)).toBe('error');
    expect(ours(src)).toBe('error');
  });
  it('on every single-line RUN of the rule cases and examples', () => {
    const scripts = corpus();
    expect(scripts.length).toBeGreaterThan(60);
    const diffs = scripts.filter((s) => JSON.stringify(ours(s)) !== JSON.stringify(oracle(s)));
    expect(diffs).toEqual([]);
  });
});

describe('shell parser details', () => {
  it('keeps heredoc bodies and their lines', () => {
    const s = parseShellSyntax('cat <<EOF >/x\nline1\nline2\nEOF\necho after', 10);
    expect(s.commands.map((c) => [c.words[0]?.text, c.line])).toEqual([
      ['cat', 10],
      ['echo', 14],
    ]);
    expect(s.commands[0]?.redirects).toEqual([
      { op: '<<', target: 'EOF', heredoc: { body: 'line1\nline2', line: 11, delimiter: 'EOF' } },
      { op: '>', target: '/x' },
    ]);
  });
  it('records redirect targets and declarations', () => {
    const s = parseShellSyntax('echo x >> /etc/sudoers; export A=1 B; readonly C=$(id -u)', 1);
    expect(s.commands[0]?.redirects).toEqual([{ op: '>>', target: '/etc/sudoers' }]);
    expect(s.commands[1]).toMatchObject({ decl: 'export', assigns: [{ name: 'A', value: '1' }] });
    expect(s.commands[2]).toMatchObject({ decl: 'readonly', assigns: [{ name: 'C', value: '$(id -u)' }] });
    expect(s.commands[3]?.words.map((w) => w.text)).toEqual(['id', '-u']);
  });
});
