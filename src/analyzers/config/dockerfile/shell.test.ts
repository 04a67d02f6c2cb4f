import { describe, expect, it } from 'vitest';
import { parseShell } from './shell.js';

describe('parseShell', () => {
  it('splits &&, ;, || and pipes into commands with lines', () => {
    const s = parseShell('a 1 && b 2; c | d\ne || f', 10);
    expect(s.commands.map((c) => [c.name, c.line])).toEqual([
      ['a', 10],
      ['b', 10],
      ['c', 10],
      ['d', 10],
      ['e', 11],
      ['f', 11],
    ]);
    expect(s.pipelines.map((p) => p.map((c) => c.name))).toEqual([['c', 'd']]);
  });

  it('flattens long pipelines in order', () => {
    const s = parseShell('curl -s x | tar xz | tee log | wc -l', 1);
    expect(s.pipelines[0]?.map((c) => [c.name, c.pipeline?.position])).toEqual([
      ['curl', 0],
      ['tar', 1],
      ['tee', 2],
      ['wc', 3],
    ]);
  });

  it('peels sudo, env and nohup wrappers', () => {
    const s = parseShell('sudo -u root -E env A=1 apt-get install x; nohup ./run.sh', 1);
    expect(s.commands.map((c) => [c.name, c.args, c.wrappers])).toEqual([
      ['apt-get', ['install', 'x'], ['sudo', 'env']],
      ['run.sh', [], ['nohup']],
    ]);
  });

  it('renders quotes and expansions as words', () => {
    const s = parseShell(`echo "a b" 'c d' x\${Y}z $(id -u)`, 1);
    expect(s.commands[0]?.args).toEqual(['a b', 'c d', 'x$Yz', '$(id -u)']);
    expect(s.commands[0]?.substituted.map((c) => c.name)).toEqual(['id']);
  });

  it('finds commands in subshells, sh -c strings and heredoc scripts', () => {
    const s = parseShell("(cd /src && make) && sh -c 'wget -qO- x | sh'\nbash <<EOF\napk add y\nEOF", 1);
    expect(s.commands.map((c) => c.name)).toEqual(['cd', 'make', 'sh', 'bash', 'wget', 'sh', 'apk']);
    expect(s.commands.find((c) => c.name === 'apk')?.line).toBe(3);
    expect(s.pipelines.map((p) => p.map((c) => c.name))).toEqual([['wget', 'sh']]);
  });

  it('marks the commands of ( ... ) subshells, nested ones included, and nothing else', () => {
    const s = parseShell('cd /a && (cd /b; (pwd)) && { cd /c; } && x=$(cd /d && pwd)', 1);
    expect(s.commands.map((c) => [c.name, c.args[0], c.subshell === true])).toEqual([
      ['cd', '/a', false],
      ['cd', '/b', true],
      ['pwd', undefined, true],
      ['cd', '/c', false],
      ['', undefined, false],
      ['cd', '/d', false],
      ['pwd', undefined, false],
    ]);
  });

  it('records set -o pipefail', () => {
    expect(parseShell('set -euxo pipefail\ncurl x | sh', 5).pipefailLine).toBe(5);
    expect(parseShell('set -e\ncurl x | sh', 5).pipefailLine).toBeUndefined();
  });

  it('reports syntax errors with a line', () => {
    const s = parseShell('echo ok\nif true; then echo', 7);
    expect(s.error?.line).toBeGreaterThanOrEqual(7);
    expect(s.commands).toEqual([]);
  });
});

describe('parseShell nested scripts', () => {
  it('reads heredocs fed to a shell with option values, and their pipefail', () => {
    const s = parseShell('bash -o pipefail <<EOF\nset -o pipefail\ncurl x | tar x\nEOF', 1);
    expect(s.commands.map((c) => c.name)).toEqual(['bash', 'set', 'curl', 'tar']);
    expect(s.pipefailLine).toBe(2);
  });
});

describe('parseShell wrappers', () => {
  it('does not take `command -v x` for running x', () => {
    const s = parseShell('if command -v sudo >/dev/null; then command apt-get update; fi', 1);
    expect(s.commands.map((c) => [c.name, c.wrappers])).toEqual([
      ['command', []],
      ['apt-get', ['command']],
    ]);
  });
});

describe('parseShell assignments', () => {
  it('records prefix assignments, env assignments and export/declare', () => {
    const s = parseShell(
      'PIP_NO_CACHE_DIR=1 pip install x && env A=1 B="two words" npm ci\nexport GIT_SSL_NO_VERIFY=true',
      1,
    );
    expect(s.commands.map((c) => [c.name, c.assigns])).toEqual([
      ['pip', [{ name: 'PIP_NO_CACHE_DIR', value: '1' }]],
      [
        'npm',
        [
          { name: 'A', value: '1' },
          { name: 'B', value: 'two words' },
        ],
      ],
      ['export', [{ name: 'GIT_SSL_NO_VERIFY', value: 'true' }]],
    ]);
  });
});
