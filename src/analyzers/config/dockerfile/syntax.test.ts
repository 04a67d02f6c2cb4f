import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { lineOfOffset, parseDockerfileSyntax, splitWords, unquote } from './syntax.js';

/*
 * Differential test: our Dockerfile syntax layer against dockerfile-ast (the parser of the
 * Docker language server) on the same files: same instructions, line ranges, flags, arguments.
 */

interface Shape {
  keyword: string;
  lines: [number, number];
  flags: string[];
  args: string[];
}

function oracle(text: string): Shape[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => {
      const r = i.getRange();
      const withFlags = i as typeof i & {
        getFlags?: () => { getName(): string; getValue(): string | null }[];
      };
      let end = r.end.line + 1;
      // dockerfile-ast ends an unterminated instruction on the next (empty) line.
      if (r.end.character === 0 && end > r.start.line + 1) end--;
      return {
        keyword: i.getKeyword(),
        lines: [r.start.line + 1, end] as [number, number],
        flags: (withFlags.getFlags?.() ?? []).map((f) => `${f.getName()}=${f.getValue() ?? ''}`),
        args: i.getArguments().map((a) => a.getValue()),
      };
    });
}

function ours(text: string): Shape[] {
  return parseDockerfileSyntax(text).instructions.map((i) => ({
    keyword: i.keyword.toUpperCase(),
    lines: [i.startLine, i.endLine],
    flags: i.flags.map((f) => `${f.name}=${f.value ?? ''}`),
    args: i.argsText.split(/\s+/).filter(Boolean),
  }));
}

const FILES = [
  'FROM alpine:3.19\nRUN apk add --no-cache curl\nUSER 1000\n',
  'ARG BASE=node:20\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nWORKDIR /src\nCOPY --chown=1000:1000 --chmod=755 . .\nRUN --mount=type=cache,target=/root/.npm --network=none npm ci\nFROM gcr.io/distroless/nodejs20@sha256:abc\nCOPY --from=build /src /app\nCMD ["app.js"]\n',
  'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n       curl \\\n       git \\\n    && rm -rf /var/lib/apt/lists/*\nEXPOSE 8080/tcp 9090\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nSHELL ["powershell", "-Command"]\n',
  'FROM x\nENV A=1 B="two words" \\\n    C=3\nLABEL org.opencontainers.image.title="My App" version=1\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1\n',
  'FROM x\nONBUILD RUN echo hi\nSTOPSIGNAL SIGTERM\nVOLUME ["/data"]\nMAINTAINER me@example.com\nENTRYPOINT ["/bin/sh", "-c"]\n',
  'from alpine\nrun echo lower case\nUser app\n',
  'FROM x\n\n\nRUN echo a \\\n\n    b\n\n# trailing comment\n',
  'FROM x\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /a\nCOPY --link --parents ./a ./b /dst/\n',
  'FROM x\nENV LEGACY value with spaces\nARG ONE TWO=2\n',
];

describe('Dockerfile syntax agrees with dockerfile-ast', () => {
  it.each(FILES)('%j', (text) => {
    expect(ours(text)).toEqual(oracle(text));
  });

  it('on the bundled examples', () => {
    for (const ex of ['insecure', 'hardened', 'python-service']) {
      const text = readFileSync(
        join(import.meta.dirname, '..', '..', '..', '..', 'examples', ex, 'Dockerfile'),
        'utf8',
      );
      expect(ours(text)).toEqual(oracle(text));
    }
  });
});

describe('Dockerfile syntax details', () => {
  it('drops comment and blank lines inside a continuation, as BuildKit does', () => {
    const d = parseDockerfileSyntax('FROM x\nRUN apt-get install \\\n  # why\n  curl \\\n\n  git\nUSER 1\n');
    expect(d.instructions[1]).toMatchObject({
      startLine: 2,
      endLine: 6,
      argsText: 'apt-get install   curl   git',
    });
    expect(d.instructions[2]?.startLine).toBe(7);
  });

  it('reads heredocs: several per instruction, <<- and quoted delimiters', () => {
    const d = parseDockerfileSyntax(
      'FROM x\nRUN <<A <<-\'B\'\necho a\nA\n\techo b\n\tB\nCOPY <<"EOF" /etc/x\nhello\nEOF\nRUN cat <<<word\n',
    );
    expect(d.instructions[1]?.heredocs).toEqual([
      { name: 'A', bodyLine: 3, body: 'echo a', terminated: true, stripTabs: false },
      { name: 'B', bodyLine: 5, body: '\techo b', terminated: true, stripTabs: true },
    ]);
    expect(d.instructions[1]?.endLine).toBe(6);
    expect(d.instructions[2]).toMatchObject({
      startLine: 7,
      endLine: 9,
      heredocs: [{ name: 'EOF', body: 'hello' }],
    });
    expect(d.instructions[3]?.heredocs).toEqual([]);
  });

  it('keeps directives apart from comments and finds the argument position', () => {
    const d = parseDockerfileSyntax(
      '# syntax=docker/dockerfile:1\n# escape=\\\n# not a directive\nFROM x\nRUN --mount=type=secret,id=a \\\n    echo hi\n',
    );
    expect(d.directives.map((x) => x.name)).toEqual(['syntax', 'escape']);
    expect(d.comments).toEqual([{ line: 3, text: '# not a directive' }]);
    expect(d.instructions[1]).toMatchObject({ argsLine: 6, argsColumn: 4, argsText: 'echo hi' });
    const env = parseDockerfileSyntax('FROM x\nENV A=1 \\\n    B=2\n').instructions[1];
    expect(env && lineOfOffset(env, env.argsText.indexOf('B='))).toBe(3);
  });

  it('splits and unquotes words the BuildKit way', () => {
    expect(splitWords('A=1 B="two words" C=\'x y\' D=a\\ b', '\\').map((w) => w.raw)).toEqual([
      'A=1',
      'B="two words"',
      "C='x y'",
      'D=a\\ b',
    ]);
    expect(unquote('"two words"', '\\')).toBe('two words');
    expect(unquote('a\\ b', '\\')).toBe('a b');
    expect(unquote("'$HOME'", '\\')).toBe('$HOME');
  });
});
