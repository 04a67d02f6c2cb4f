import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../test/fixtures/lang/zip-writer.js';
import { LANG_PARSERS } from './index.js';

const parsersFor = (path: string): string[] => LANG_PARSERS.filter((p) => p.matches(path)).map((p) => p.id);

describe('LANG_PARSERS', () => {
  it('has unique ids', () => {
    expect(new Set(LANG_PARSERS.map((p) => p.id)).size).toBe(LANG_PARSERS.length);
  });

  it.each([
    ['app/node_modules/express/package.json', 'npm-package-json'],
    ['app/node_modules/@types/node/package.json', 'npm-package-json'],
    ['app/package-lock.json', 'npm-lock'],
    ['npm-shrinkwrap.json', 'npm-lock'],
    ['app/yarn.lock', 'yarn-lock'],
    ['pnpm-lock.yaml', 'pnpm-lock'],
    ['usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA', 'python-metadata'],
    ['usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO', 'python-metadata'],
    ['usr/lib/python3/dist-packages/distro_info-1.5.egg-info', 'python-metadata'],
    ['usr/lib/python3.6/site-packages/foo-1.0-py3.6.egg/EGG-INFO/PKG-INFO', 'python-metadata'],
    ['srv/requirements.txt', 'requirements-txt'],
    ['poetry.lock', 'poetry-lock'],
    ['app/Pipfile.lock', 'pipfile-lock'],
    ['uv.lock', 'uv-lock'],
    ['app/demo.jar', 'java-archive'],
    ['opt/jboss/standalone/deployments/shop.EAR', 'java-archive'],
    ['usr/local/tomcat/webapps/app.war', 'java-archive'],
    ['var/jenkins_home/plugins/git.jpi', 'java-archive'],
    ['Cargo.lock', 'cargo-lock'],
    ['go.mod', 'go-mod'],
    ['srv/api/go.sum', 'go-sum'],
    ['usr/local/bundle/specifications/rack-2.2.8.gemspec', 'gemspec'],
    ['usr/local/lib/ruby/gems/3.2.0/specifications/default/json-2.6.3.gemspec', 'gemspec'],
    ['Gemfile.lock', 'gemfile-lock'],
    ['gems.locked', 'gemfile-lock'],
    ['composer.lock', 'composer-lock'],
    ['var/www/vendor/composer/installed.json', 'composer-installed'],
    ['app/WebApi.deps.json', 'dotnet-deps'],
    ['src/Api/packages.lock.json', 'nuget-lock'],
  ])('%s → %s', (path, id) => {
    expect(parsersFor(path)).toEqual([id]);
  });

  it.each([
    'app/package.json',
    'app/node_modules/express/lib/package.json',
    'app/node_modules/some-pkg/package-lock.json',
    'app/node_modules/some-pkg/yarn.lock',
    'app/node_modules/.package-lock.json',
    'requirements-dev.txt',
    'app/gems/rack-2.2.8/rack.gemspec',
    'app/composer.json',
    'app/vendor/installed.json',
    'app/WebApi.runtimeconfig.json',
    'a.jar.sha1',
    'Cargo.toml',
    'pyproject.toml',
    'Gemfile',
    'Pipfile',
    'go.work',
    'root/go/pkg/mod/github.com/spf13/cobra@v1.8.0/go.mod',
    'go/pkg/mod/golang.org/x/text@v0.14.0/go.sum',
  ])('%s matches nothing', (path) => {
    expect(parsersFor(path)).toEqual([]);
  });

  it('marks lock files and manifests as lockFile, installed metadata as not', () => {
    expect(Object.fromEntries(LANG_PARSERS.map((p) => [p.id, p.lockFile]))).toStrictEqual({
      'npm-package-json': false,
      'npm-lock': true,
      'yarn-lock': true,
      'pnpm-lock': true,
      'python-metadata': false,
      'requirements-txt': true,
      'poetry-lock': true,
      'pipfile-lock': true,
      'uv-lock': true,
      'java-archive': false,
      'cargo-lock': true,
      'go-mod': true,
      'go-sum': true,
      gemspec: false,
      'gemfile-lock': true,
      'composer-lock': true,
      'composer-installed': false,
      'dotnet-deps': false,
      'nuget-lock': true,
    });
  });
});

// Every fixture, cut short at several points, and assorted junk: no parser may throw, hang or
// return a malformed result.
describe('robustness: every parser on damaged input', () => {
  const root = fileURLToPath(new URL('../../../test/fixtures/lang/', import.meta.url));
  const fixtures = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(root, f)).isFile() && !f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, f)));
  const junk = [
    Buffer.alloc(0),
    Buffer.from('\u0000'.repeat(100)),
    Buffer.from('{}'),
    Buffer.from('[]'),
    Buffer.from('null'),
    Buffer.from('"x"'),
    Buffer.from('['.repeat(10_000)),
    Buffer.from('{"a":'.repeat(10_000)),
    Buffer.from(`${' '.repeat(5000)}a${' '.repeat(5000)}`),
    Buffer.from(`a = ${'"'.repeat(5000)}`),
    Buffer.from(`x: ${'['.repeat(5000)}`),
    Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000')),
    buildZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version' }]),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  ];
  const inputs = [
    ...junk,
    ...fixtures.flatMap((f) => [0.1, 0.5, 0.9].map((cut) => f.subarray(0, Math.floor(f.length * cut)))),
  ];

  it.each(LANG_PARSERS.map((p) => [p.id, p] as const))('%s', (_id, parser) => {
    const started = performance.now();
    for (const input of inputs) {
      const result = parser.parse('some/file', input);
      expect(Array.isArray(result.packages)).toBe(true);
      for (const w of result.warnings) expect(w.startsWith('some/file')).toBe(true);
      for (const p of result.packages) {
        expect(typeof p.name).toBe('string');
        expect(typeof p.version).toBe('string');
        expect(p.name).not.toBe('');
        expect(p.version).not.toBe('');
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
