import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isNodeModulesPackageJson, parseNpmPackageJson } from './npm-package-json.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/npm/${name}`, import.meta.url));

describe('isNodeModulesPackageJson', () => {
  it.each([
    ['app/node_modules/express/package.json', true],
    ['node_modules/express/package.json', true],
    ['/srv/app/node_modules/express/package.json', true],
    ['app/node_modules/@types/node/package.json', true],
    ['app/node_modules/a/node_modules/b/package.json', true],
    ['app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json', true],
    ['usr/local/lib/node_modules/npm/package.json', true],
    ['app/node_modules/express/lib/package.json', false],
    ['app/node_modules/@types/node/ts4.8/package.json', false],
    ['app/node_modules/@types/package.json', false],
    ['app/node_modules/.bin/package.json', false],
    ['app/node_modules/package.json', false],
    ['app/package.json', false],
    ['app/node_modules/express/package.json.bak', false],
  ])('%s: %s', (path, expected) => {
    expect(isNodeModulesPackageJson(path)).toBe(expected);
  });
});

describe('parseNpmPackageJson', () => {
  it.each([
    {
      file: 'express.package.json',
      path: 'app/node_modules/express/package.json',
      packages: [
        {
          type: 'npm',
          name: 'express',
          version: '4.18.2',
          path: 'app/node_modules/express/package.json',
          licenses: ['MIT'],
          dependsOn: [
            'accepts',
            'array-flatten',
            'body-parser',
            'content-disposition',
            'cookie',
            'debug',
            'qs',
          ],
        },
      ],
    },
    {
      file: 'types-node.package.json',
      path: 'app/node_modules/@types/node/package.json',
      packages: [
        {
          type: 'npm',
          namespace: '@types',
          name: 'node',
          version: '20.11.5',
          path: 'app/node_modules/@types/node/package.json',
          licenses: ['MIT'],
          dependsOn: ['undici-types'],
        },
      ],
    },
    {
      file: 'legacy-license.package.json',
      path: 'node_modules/inherits/package.json',
      packages: [
        {
          type: 'npm',
          name: 'inherits',
          version: '1.0.2',
          path: 'node_modules/inherits/package.json',
          licenses: ['WTFPL2', 'ISC'],
          dependsOn: ['fsevents'],
        },
      ],
    },
    {
      file: 'license-object.package.json',
      path: 'node_modules/colors/package.json',
      packages: [
        {
          type: 'npm',
          name: 'colors',
          version: '0.5.1',
          path: 'node_modules/colors/package.json',
          licenses: ['MIT'],
        },
      ],
    },
    { file: 'workspace-root.package.json', path: 'node_modules/x/package.json', packages: [] },
  ])('$file', ({ file, path, packages }) => {
    expect(parseNpmPackageJson(path, fixture(file))).toStrictEqual({ packages, warnings: [] });
  });

  it.each([
    ['{"name": "x", "version": ', 'invalid JSON'],
    ['[1, 2]', 'not a JSON object'],
    ['\u0000\u0001binary', 'invalid JSON'],
  ])('warns about %j', (text, warning) => {
    const result = parseNpmPackageJson('node_modules/x/package.json', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(new RegExp(`^node_modules/x/package\\.json: ${warning}`));
  });

  it('ignores fields of the wrong type and a byte-order mark', () => {
    const text = '\ufeff{"name": "a", "version": "1.0.0", "license": 7, "dependencies": ["b"]}';
    expect(parseNpmPackageJson('p', Buffer.from(text)).packages).toStrictEqual([
      { type: 'npm', name: 'a', version: '1.0.0', path: 'p' },
    ]);
  });

  it('skips a name or version that is not a string', () => {
    expect(parseNpmPackageJson('p', Buffer.from('{"name": "a", "version": 1}'))).toStrictEqual({
      packages: [],
      warnings: [],
    });
  });
});
