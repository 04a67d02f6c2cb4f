import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNpmLock } from './npm-lock.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/npm/${name}`, import.meta.url));

describe('parseNpmLock', () => {
  it('reads lockfile v1 nested dependencies, requires, dev flags and aliases', () => {
    const path = 'legacy/package-lock.json';
    const { packages, warnings } = parseNpmLock(path, fixture('package-lock-v1.json'));
    expect(warnings).toEqual([]);
    const base = { type: 'npm', path, fromLockFile: true };
    expect(packages).toStrictEqual([
      {
        ...base,
        namespace: '@babel',
        name: 'code-frame',
        version: '7.12.13',
        dev: true,
        dependsOn: ['@babel/highlight'],
      },
      {
        ...base,
        namespace: '@babel',
        name: 'highlight',
        version: '7.13.10',
        dev: true,
        dependsOn: ['chalk', 'js-tokens'],
      },
      { ...base, name: 'chalk', version: '2.4.2', dev: true },
      { ...base, name: 'js-tokens', version: '4.0.0' },
      { ...base, name: 'loose-envify', version: '1.4.0', dependsOn: ['js-tokens'] },
      { ...base, name: 'string-width', version: '4.2.3' },
      { ...base, name: 'webpack', version: '4.46.0', dev: true, dependsOn: ['loose-envify'] },
      { ...base, name: 'js-tokens', version: '3.0.2', dev: true },
    ]);
  });

  it('reads lockfile v3 packages: nested paths, aliases, dev; skips the root, links and workspaces', () => {
    const path = 'package-lock.json';
    const { packages, warnings } = parseNpmLock(path, fixture('package-lock-v3.json'));
    expect(warnings).toEqual([]);
    const base = { type: 'npm', path, fromLockFile: true };
    expect(packages).toStrictEqual([
      { ...base, namespace: '@aws-sdk', name: 'client-s3', version: '3.490.0', dependsOn: ['tslib'] },
      { ...base, name: 'express', version: '4.18.2', dependsOn: ['debug', 'qs'] },
      { ...base, name: 'debug', version: '2.6.9', dependsOn: ['ms'] },
      { ...base, name: 'debug', version: '4.3.4', dependsOn: ['ms'], dev: true },
      { ...base, name: 'fsevents', version: '2.3.3', dev: true },
      { ...base, name: 'qs', version: '6.11.0' },
      { ...base, name: 'ms', version: '2.1.2', dev: true },
      { ...base, name: 'ms', version: '2.0.0' },
      { ...base, name: 'string-width', version: '4.2.3' },
      { ...base, name: 'tslib', version: '2.6.2' },
      { ...base, name: 'typescript', version: '5.3.3', dev: true },
    ]);
  });

  it('merges one package installed in several places; dev only when every copy is dev', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'root' },
        'node_modules/a/node_modules/ms': { version: '2.1.3', dev: true },
        'node_modules/b/node_modules/ms': { version: '2.1.3' },
        'node_modules/c/node_modules/ms': { version: '2.1.3', dev: true, dependencies: { x: '1' } },
      },
    };
    expect(parseNpmLock('npm-shrinkwrap.json', Buffer.from(JSON.stringify(lock))).packages).toStrictEqual([
      {
        type: 'npm',
        name: 'ms',
        version: '2.1.3',
        path: 'npm-shrinkwrap.json',
        fromLockFile: true,
        dependsOn: ['x'],
      },
    ]);
  });

  it.each([
    ['{', 'invalid JSON'],
    ['"text"', 'not a JSON object'],
    ['{"name": "x"}', 'not an npm lock file'],
  ])('warns about %j', (text, warning) => {
    const result = parseNpmLock('package-lock.json', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings[0]).toMatch(new RegExp(`^package-lock\\.json: ${warning}`));
  });

  it('survives entries of the wrong shape', () => {
    const lock = {
      lockfileVersion: 2,
      packages: {
        'node_modules/a': 'x',
        'node_modules/b': { version: 3 },
        'node_modules/c': { version: '1.0.0' },
      },
    };
    const result = parseNpmLock('p', Buffer.from(JSON.stringify(lock)));
    expect(result).toStrictEqual({
      packages: [{ type: 'npm', name: 'c', version: '1.0.0', path: 'p', fromLockFile: true }],
      warnings: [],
    });
  });

  it('stops at an absurdly deep v1 tree instead of overflowing the stack', () => {
    const depth = 20_000;
    const open = Array.from(
      { length: depth },
      (_, i) => `"p${i}": {"version": "1.0.0", "dependencies": {`,
    ).join('');
    const text = `{"lockfileVersion": 1, "dependencies": {${open}${'}}'.repeat(depth)}}}`;
    const result = parseNpmLock('p', Buffer.from(text));
    expect(result.warnings).toEqual([]);
    expect(result.packages.length).toBeGreaterThan(10);
    expect(result.packages.length).toBeLessThan(100);
  });
});
