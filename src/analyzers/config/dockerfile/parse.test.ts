import { describe, expect, it } from 'vitest';
import { decodeDockerfile, parseDockerfile } from './parse.js';

const parse = (text: string) => parseDockerfile('Dockerfile', text);

describe('parseDockerfile', () => {
  it('keeps 1-based line ranges across continuations', () => {
    const df = parse('FROM alpine:3.19\nRUN apk add \\\n    curl \\\n    git\nUSER 1000\n');
    expect(df.instructions.map((i) => [i.keyword, i.startLine, i.endLine])).toEqual([
      ['FROM', 1, 1],
      ['RUN', 2, 4],
      ['USER', 5, 5],
    ]);
  });

  it('honours the escape directive', () => {
    const df = parse('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n    b\n');
    expect(df.escape).toBe('`');
    expect(df.instructions[1]?.endLine).toBe(4);
    expect(df.instructions[1]?.shell().commands.map((c) => c.words)).toEqual([['echo', 'a', 'b']]);
  });

  it('resolves ARG-substituted FROM from the global default and links named stages', () => {
    const df = parse('ARG BASE=node:20\nARG TAG\nFROM ${BASE} AS Build\nFROM build\nFROM alpine:${TAG}\n');
    expect(df.globalArgs.get('BASE')).toBe('node:20');
    expect(df.stages.map((s) => [s.name, s.resolvedImage, s.parentStage])).toEqual([
      ['build', 'node:20', undefined],
      [undefined, 'build', 0],
      [undefined, undefined, undefined],
    ]);
  });

  it('reads heredocs and the commands inside them', () => {
    const df = parse('FROM alpine:3.19\nRUN <<EOF\nset -e\ncurl -fsSL http://x | sh\nEOF\nUSER 1\n');
    const run = df.instructions[1];
    expect(run?.heredocs).toEqual([
      { name: 'EOF', body: 'set -e\ncurl -fsSL http://x | sh', bodyLine: 3, terminated: true },
    ]);
    expect([run?.startLine, run?.endLine]).toEqual([2, 5]);
    const cmds = run?.shell().commands.map((c) => [c.name, c.line]);
    expect(cmds).toEqual([
      ['set', 3],
      ['curl', 4],
      ['sh', 4],
    ]);
    expect(df.instructions[2]?.keyword).toBe('USER');
  });

  it('reads exec and shell forms, flags and pairs', () => {
    const df = parse(
      'FROM a:1\nRUN --mount=type=secret,id=npm ["sh", "-c", "npm ci && npm test"]\nENV A=1 B="two words"\nCMD node app.js\n',
    );
    const run = df.instructions[1];
    expect(run?.flags).toEqual([{ name: 'mount', value: 'type=secret,id=npm' }]);
    expect(run?.json).toEqual(['sh', '-c', 'npm ci && npm test']);
    expect(run?.shell().commands.map((c) => c.name)).toEqual(['npm', 'npm']);
    expect(df.instructions[2]?.pairs).toEqual([
      { name: 'A', value: '1', line: 3 },
      { name: 'B', value: 'two words', line: 3 },
    ]);
    expect(df.instructions[3]?.json).toBeNull();
  });

  it('maps commands of a multi-line RUN to their own lines, dropping comment lines', () => {
    const df = parse(
      'FROM a:1\nRUN apt-get update \\\n  # refresh\n  && apt-get install -y curl \\\n\n  && rm -rf /var/lib/apt/lists/*\n',
    );
    const cmds = df.instructions[1]?.shell().commands.map((c) => [c.name, c.args[0], c.line]);
    expect(cmds).toEqual([
      ['apt-get', 'update', 2],
      ['apt-get', 'install', 4],
      ['rm', '-rf', 6],
    ]);
  });

  it('reads inline and file-wide ignore comments', () => {
    const df = parse(
      '# bulkhead:ignore-file=DF039 probes run in k8s\nFROM a:1\n# bulkhead:ignore=DF011,DF013 vendor installer\n# another comment\nRUN curl -k x | sh\n',
    );
    expect(df.fileIgnores).toEqual([{ ids: ['DF039'], reason: 'probes run in k8s', line: 1 }]);
    expect(df.inlineIgnores).toEqual([
      {
        ids: ['DF011', 'DF013'],
        reason: 'vendor installer',
        line: 3,
        appliesTo: { startLine: 5, endLine: 5 },
      },
    ]);
  });

  describe('bad input becomes problems, never exceptions', () => {
    it.each([
      ['', /empty Dockerfile/],
      ['   \n\n', /empty Dockerfile/],
      ['FROM a:1\nFOO bar\n', /unknown instruction "FOO"/],
      ['FROM a:1\nRUN <<EOF\necho hi\n', /unterminated heredoc <<EOF/],
      ['RUN echo hi\n', /no FROM/],
      ['ENV A=1\nFROM a:1\n', /ENV before the first FROM/],
    ])('%j', (text, re) => {
      const df = parse(text);
      expect(df.problems.map((p) => p.message).join('\n')).toMatch(re);
      for (const p of df.problems) expect(p.line).toBeGreaterThanOrEqual(1);
    });

    it('reports the line of an unknown instruction', () => {
      expect(parse('FROM a:1\nRUN true\nCOPPY a b\n').problems).toEqual([
        { line: 3, endLine: 3, message: 'unknown instruction "COPPY"' },
      ]);
    });

    it('binary content is not parsed', () => {
      const d = decodeDockerfile(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
      expect(d.isText).toBe(false);
      expect(d.problems[0]?.message).toMatch(/binary/);
    });

    it('invalid UTF-8 is decoded with replacement and reported at its line', () => {
      const bytes = Buffer.concat([
        Buffer.from('FROM a:1\nRUN echo '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n'),
      ]);
      const d = decodeDockerfile(bytes);
      expect(d.isText).toBe(true);
      expect(d.problems).toEqual([
        { line: 2, endLine: 2, message: 'invalid UTF-8; undecodable bytes were replaced' },
      ]);
    });

    it('a shell syntax error is reported, not thrown', () => {
      const df = parse('FROM a:1\nRUN echo "unterminated\n');
      expect(df.instructions[1]?.shell().error?.line).toBe(2);
    });
  });
});

describe('SHELL inheritance', () => {
  it('carries SHELL through stages that build on each other', () => {
    const df = parseDockerfile(
      'Dockerfile',
      'FROM x AS a\nSHELL ["powershell","-Command"]\nFROM a AS b\nFROM b\nRUN Get-Item | Select Name\nRUN ["cmd", "/c", "dir"]\n',
    );
    expect(df.stages.map((s) => s.shell?.[0])).toEqual(['powershell', 'powershell', 'powershell']);
    expect(df.instructions[4]?.shell().commands).toEqual([]);
    expect(df.instructions[5]?.shell().commands.map((c) => c.name)).toEqual(['cmd']);
  });
  it('keeps whitespace inside exec-form strings and reads an empty exec form', () => {
    const df = parseDockerfile('Dockerfile', 'FROM a:1\nRUN ["sh", "-c", "cd /src && make"]\nCMD []\n');
    expect(df.instructions[1]?.json).toEqual(['sh', '-c', 'cd /src && make']);
    expect(df.instructions[2]?.json).toEqual([]);
  });
});
