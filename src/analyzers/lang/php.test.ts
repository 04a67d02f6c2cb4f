import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseComposerInstalled, parseComposerLock } from './php.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/php/${name}`, import.meta.url));

describe('parseComposerLock', () => {
  it('reads packages and packages-dev; platform requirements are no dependencies', () => {
    const base = { type: 'composer', path: 'composer.lock', fromLockFile: true, licenses: ['MIT'] };
    expect(parseComposerLock('composer.lock', fixture('composer.lock'))).toStrictEqual({
      packages: [
        { ...base, namespace: 'monolog', name: 'monolog', version: '2.9.1', dependsOn: ['psr/log'] },
        { ...base, namespace: 'psr', name: 'log', version: '3.0.0' },
        { ...base, namespace: 'symfony', name: 'polyfill-mbstring', version: 'v1.28.0' },
        {
          ...base,
          namespace: 'phpunit',
          name: 'phpunit',
          version: '10.4.2',
          licenses: ['BSD-3-Clause'],
          dependsOn: ['sebastian/diff'],
          dev: true,
        },
      ],
      warnings: [],
    });
  });

  it.each([
    ['{"packages": {}}', 'composer.lock: not a composer.lock (no "packages" list)'],
    ['[]', 'composer.lock: not a JSON object'],
  ])('warns about %j', (text, warning) => {
    expect(parseComposerLock('composer.lock', Buffer.from(text))).toStrictEqual({
      packages: [],
      warnings: [warning],
    });
  });
});

describe('parseComposerInstalled', () => {
  const path = 'app/vendor/composer/installed.json';
  it('reads Composer 1 (an array)', () => {
    expect(parseComposerInstalled(path, fixture('installed-v1.json'))).toStrictEqual({
      packages: [
        {
          type: 'composer',
          namespace: 'guzzlehttp',
          name: 'guzzle',
          version: '6.5.5',
          path,
          licenses: ['MIT'],
          dependsOn: ['guzzlehttp/promises', 'guzzlehttp/psr7'],
        },
        {
          type: 'composer',
          namespace: 'guzzlehttp',
          name: 'promises',
          version: '1.4.0',
          path,
          licenses: ['MIT'],
        },
      ],
      warnings: [],
    });
  });

  it('reads Composer 2 ({packages}) with dev-package-names', () => {
    expect(parseComposerInstalled(path, fixture('installed-v2.json'))).toStrictEqual({
      packages: [
        {
          type: 'composer',
          namespace: 'laravel',
          name: 'framework',
          version: 'v10.30.1',
          path,
          licenses: ['MIT'],
          dependsOn: ['monolog/monolog'],
        },
        {
          type: 'composer',
          namespace: 'mockery',
          name: 'mockery',
          version: '1.6.6',
          path,
          licenses: ['BSD-3-Clause'],
          dependsOn: ['hamcrest/hamcrest-php'],
          dev: true,
        },
      ],
      warnings: [],
    });
  });

  it.each([
    ['{"packages": 1}', `${path}: not a Composer installed.json (no package list)`],
    ['{', `${path}: invalid JSON`],
  ])('warns about %j', (text, warning) => {
    const result = parseComposerInstalled(path, Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings[0]?.startsWith(warning)).toBe(true);
  });
});
