import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYarnLock } from './yarn-lock.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/yarn/${name}`, import.meta.url));

const base = { type: 'npm', path: 'yarn.lock', fromLockFile: true };

describe('parseYarnLock', () => {
  it('reads yarn classic (v1): multi-range keys, scopes, aliases, dependencies; skips file: entries', () => {
    expect(parseYarnLock('yarn.lock', fixture('yarn-v1.lock'))).toStrictEqual({
      packages: [
        {
          ...base,
          namespace: '@babel',
          name: 'code-frame',
          version: '7.12.13',
          dependsOn: ['@babel/highlight'],
        },
        {
          ...base,
          namespace: '@babel',
          name: 'highlight',
          version: '7.13.10',
          dependsOn: ['@babel/helper-validator-identifier', 'chalk', 'js-tokens'],
        },
        {
          ...base,
          name: 'chalk',
          version: '2.4.2',
          dependsOn: ['ansi-styles', 'escape-string-regexp', 'supports-color'],
        },
        { ...base, name: 'fsevents', version: '2.3.3' },
        { ...base, name: 'js-tokens', version: '4.0.0' },
        {
          ...base,
          name: 'string-width',
          version: '4.2.3',
          dependsOn: ['emoji-regex', 'is-fullwidth-code-point', 'strip-ansi'],
        },
        {
          ...base,
          name: 'watchpack',
          version: '2.4.0',
          dependsOn: ['glob-to-regexp', 'graceful-fs', 'chokidar'],
        },
      ],
      warnings: [],
    });
  });

  it('reads yarn berry: resolutions, string versions; skips workspaces and patches', () => {
    expect(parseYarnLock('yarn.lock', fixture('yarn-berry.lock'))).toStrictEqual({
      packages: [
        {
          ...base,
          namespace: '@babel',
          name: 'code-frame',
          version: '7.23.5',
          dependsOn: ['@babel/highlight', 'chalk'],
        },
        {
          ...base,
          name: 'chalk',
          version: '2.4.2',
          dependsOn: ['ansi-styles', 'escape-string-regexp', 'supports-color'],
        },
        // YAML would read 1.10 as the number 1.1.
        { ...base, name: 'colors', version: '1.10' },
        { ...base, name: 'fsevents', version: '2.3.3', dependsOn: ['node-gyp'] },
        {
          ...base,
          name: 'string-width',
          version: '4.2.3',
          dependsOn: ['emoji-regex', 'is-fullwidth-code-point', 'strip-ansi'],
        },
      ],
      warnings: [],
    });
  });

  it('reads CRLF line endings', () => {
    const text = '# yarn lockfile v1\r\n\r\nms@^2.1.1:\r\n  version "2.1.3"\r\n';
    expect(parseYarnLock('yarn.lock', Buffer.from(text)).packages).toStrictEqual([
      { ...base, name: 'ms', version: '2.1.3' },
    ]);
  });

  it.each([
    ['random text\nwith lines\n', /^yarn\.lock: not a yarn lock file \(line 1 not understood\)$/],
    ['__metadata:\n  version: 6\n"a@npm:1":\n  - [unclosed\n', /^yarn\.lock: invalid YAML/],
  ])('warns about a file it cannot read: %j', (text, warning) => {
    const result = parseYarnLock('yarn.lock', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(warning);
  });

  it('lists ten problems at most', () => {
    const text = Array.from({ length: 50 }, (_, i) => `p${i}@^1:\n  resolved "x"\n`).join('');
    const { warnings } = parseYarnLock('yarn.lock', Buffer.from(text));
    expect(warnings).toHaveLength(11);
    expect(warnings[10]).toBe('yarn.lock: 40 more problem(s) not listed');
  });

  it('keeps what it can read and says what it could not', () => {
    const text = 'ms@^2.1.1:\n  version "2.1.3"\ngarbage line\nnoversion@^1:\n  resolved "x"\n';
    expect(parseYarnLock('yarn.lock', Buffer.from(text))).toStrictEqual({
      packages: [{ ...base, name: 'ms', version: '2.1.3' }],
      warnings: [
        'yarn.lock: 1 line(s) not understood, the first at line 3',
        'yarn.lock: line 4: "noversion@^1" has no version',
      ],
    });
  });
});
