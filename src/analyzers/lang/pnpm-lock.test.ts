import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePnpmLock } from './pnpm-lock.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/pnpm/${name}`, import.meta.url));

const base = { type: 'npm', path: 'pnpm-lock.yaml', fromLockFile: true };

describe('parsePnpmLock', () => {
  it('reads lockfile v5: /name/version keys, peer suffixes, dev flags, git entries', () => {
    expect(parsePnpmLock('pnpm-lock.yaml', fixture('pnpm-lock-v5.yaml'))).toStrictEqual({
      packages: [
        {
          ...base,
          namespace: '@babel',
          name: 'core',
          version: '7.20.12',
          dependsOn: ['@babel/code-frame', 'debug'],
          dev: true,
        },
        { ...base, namespace: '@babel', name: 'code-frame', version: '7.18.6', dev: true },
        { ...base, name: 'debug', version: '4.3.4', dependsOn: ['ms'], dev: true },
        { ...base, name: 'lodash', version: '4.17.21' },
        { ...base, name: 'ms', version: '2.1.2', dev: true },
        { ...base, name: 'react-dom', version: '18.2.0', dependsOn: ['loose-envify', 'react', 'scheduler'] },
        { ...base, name: 'left-pad', version: '1.3.0' },
      ],
      warnings: [],
    });
  });

  it('reads lockfile v6: /name@version(peers) keys; skips file: packages', () => {
    expect(parsePnpmLock('pnpm-lock.yaml', fixture('pnpm-lock-v6.yaml'))).toStrictEqual({
      packages: [
        {
          ...base,
          namespace: '@rollup',
          name: 'plugin-json',
          version: '4.1.0',
          dependsOn: ['@rollup/pluginutils', 'rollup'],
          dev: true,
        },
        {
          ...base,
          namespace: '@rollup',
          name: 'pluginutils',
          version: '3.1.0',
          dependsOn: ['rollup'],
          dev: true,
        },
        { ...base, name: 'lodash', version: '4.17.21' },
        { ...base, name: 'rollup', version: '2.79.1', dependsOn: ['fsevents'], dev: true },
        { ...base, name: 'fsevents', version: '2.3.3', dev: true },
      ],
      warnings: [],
    });
  });

  it('reads lockfile v9: packages plus snapshots, dev worked out from the importers', () => {
    expect(parsePnpmLock('pnpm-lock.yaml', fixture('pnpm-lock-v9.yaml'))).toStrictEqual({
      packages: [
        { ...base, namespace: '@types', name: 'prop-types', version: '15.7.11', dev: true },
        {
          ...base,
          namespace: '@types',
          name: 'react',
          version: '18.2.48',
          dependsOn: ['@types/prop-types'],
          dev: true,
        },
        // Also a dependency of the packages/shared workspace.
        { ...base, name: 'js-tokens', version: '4.0.0' },
        { ...base, name: 'loose-envify', version: '1.4.0', dependsOn: ['js-tokens'] },
        { ...base, name: 'react-dom', version: '18.2.0', dependsOn: ['loose-envify', 'react', 'scheduler'] },
        { ...base, name: 'react', version: '18.2.0', dependsOn: ['loose-envify'] },
        { ...base, name: 'scheduler', version: '0.23.0', dependsOn: ['loose-envify'] },
        { ...base, name: 'typescript', version: '5.3.3', dev: true },
      ],
      warnings: [],
    });
  });

  it('follows aliases in v9 snapshots', () => {
    const text = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    devDependencies:',
      '      sw:',
      '        specifier: npm:string-width@^4',
      '        version: string-width@4.2.3',
      'packages:',
      '  string-width@4.2.3:',
      '    resolution: {integrity: sha512-x}',
      '  ansi-regex@5.0.1:',
      '    resolution: {integrity: sha512-y}',
      'snapshots:',
      '  string-width@4.2.3:',
      '    dependencies:',
      '      ansi-regex: 5.0.1',
      '  ansi-regex@5.0.1: {}',
    ].join('\n');
    expect(parsePnpmLock('pnpm-lock.yaml', Buffer.from(text)).packages).toStrictEqual([
      { ...base, name: 'string-width', version: '4.2.3', dependsOn: ['ansi-regex'], dev: true },
      { ...base, name: 'ansi-regex', version: '5.0.1', dev: true },
    ]);
  });

  it.each([
    ['packages: [unclosed', /^pnpm-lock\.yaml: invalid YAML/],
    ['just: a map\n', /^pnpm-lock\.yaml: not a pnpm lock file \(no lockfileVersion\)$/],
    ['- a list\n', /^pnpm-lock\.yaml: not a pnpm lock file/],
  ])('warns about %j', (text, warning) => {
    const result = parsePnpmLock('pnpm-lock.yaml', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings[0]).toMatch(warning);
  });

  it.each([
    ['flow collections', `lockfileVersion: '9.0'\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['multi-line flow collections', `lockfileVersion: '9.0'\nx: ${'[\n'.repeat(5000)}`],
    ['compact sequences', `lockfileVersion: '9.0'\nx:\n  ${'- '.repeat(5000)}a\n`],
    ['indentation', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
  ])('refuses YAML nested deeper than any lock file (%s) before parsing it', (_label, text) => {
    // Deep recursion in the YAML parser can abort Node itself, not just throw.
    expect(parsePnpmLock('pnpm-lock.yaml', Buffer.from(text))).toStrictEqual({
      packages: [],
      warnings: ['pnpm-lock.yaml: YAML nested too deeply'],
    });
  });

  it('does not expand a billion-laughs alias bomb', () => {
    const text = [
      "lockfileVersion: '6.0'",
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const result = parsePnpmLock('pnpm-lock.yaml', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings[0]).toMatch(/^pnpm-lock\.yaml: .*alias/i);
  });
});
