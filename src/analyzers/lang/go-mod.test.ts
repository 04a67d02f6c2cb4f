import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../core/package.js';
import { parseGoMod, parseGoSum, splitModule } from './go-mod.js';

const mod = (module: string, version: string, path = 'go.mod'): Package => ({
  type: 'golang',
  ...splitModule(module),
  version,
  path,
  fromLockFile: true,
  dev: false,
});
const sum = (module: string, version: string, path = 'go.sum'): Package => ({
  type: 'golang',
  ...splitModule(module),
  version,
  path,
  fromLockFile: true,
});

// spf13/cobra v1.8.0: a `go 1.15` module, whose go.mod lists direct dependencies only; its go.sum
// also has their dependencies (blackfriday for go-md2man) and yaml.v3's test dependency check.v1.
const COBRA_GO_MOD = `module github.com/spf13/cobra

go 1.15

require (
\tgithub.com/cpuguy83/go-md2man/v2 v2.0.3
\tgithub.com/inconshreveable/mousetrap v1.1.0
\tgithub.com/spf13/pflag v1.0.5
\tgopkg.in/yaml.v3 v3.0.1
)
`;
const COBRA_GO_SUM = `github.com/cpuguy83/go-md2man/v2 v2.0.3 h1:qMCsGGgs+MAzDFyp9LpAe1Lqy/fY/qCovCm0qnXZOBM=
github.com/cpuguy83/go-md2man/v2 v2.0.3/go.mod h1:tgQtvFlXSQOSOSIRvRPT7W67SCa46tRHOmNcaadrF8o=
github.com/inconshreveable/mousetrap v1.1.0 h1:wN+x4NVGpMsO7ErUn/mUI3vEoE6Jt13X2s0bqwp9tc8=
github.com/inconshreveable/mousetrap v1.1.0/go.mod h1:vpF70FUmC8bwa3OWnCshd2FqLfsEA9PFc4w1p2J65bw=
github.com/russross/blackfriday/v2 v2.1.0 h1:JIOH55/0cWyOuilr9/qlrm0BSXldqnqwMsf35Ld67mk=
github.com/russross/blackfriday/v2 v2.1.0/go.mod h1:+Rmxgy9KzJVeS9/2gXHxylqXiyQDYRxCVz55jmeOWTM=
github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=
github.com/spf13/pflag v1.0.5/go.mod h1:McXfInJRrz4CZXVZOBLb0bTZqETkiAhM9Iw0y3An2Bg=
gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405 h1:yhCVgyC4o1eVCa2tZl7eS0r+SDo693bJlVdllGtEeKM=
gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405/go.mod h1:Co6ibVJAznAaIkqp8huTwlJQCZ016jof/cbN4VW5Yz0=
gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=
gopkg.in/yaml.v3 v3.0.1/go.mod h1:K4uyk7z7BCEPqu6E+C64Yfv1cQ7kz7rIZviUmN+EgEM=
`;

// A service in a monorepo, as `go mod tidy` writes it since Go 1.17: direct and `// indirect`
// requirements in two blocks, a sibling module replaced by its folder, exclude and retract.
const SERVICE_GO_MOD = `module github.com/acme/inventory-api

go 1.21

toolchain go1.21.5

require (
\tgithub.com/acme/shared v0.0.0-00010101000000-000000000000
\tgithub.com/go-chi/chi/v5 v5.0.11
\tgithub.com/jackc/pgx/v5 v5.5.1
)

require (
\tgithub.com/jackc/pgpassfile v1.0.0 // indirect
\tgithub.com/jackc/pgservicefile v0.0.0-20221227161230-091c0ba34f0a // indirect
\tgolang.org/x/crypto v0.17.0 // indirect
\tgolang.org/x/text v0.14.0 // indirect
)

replace github.com/acme/shared => ../shared

exclude golang.org/x/crypto v0.16.0

retract (
\tv1.0.1 // Published with a broken migration.
\t[v0.9.0, v0.9.5]
)
`;

// Forks and pinned versions (after equinor/radix-cost-allocation): a version-specific replace
// applies to that version only, and wins over one for every version of the same module.
const REPLACES_GO_MOD = `module github.com/equinor/radix-cost-allocation

go 1.16

require (
\tgithub.com/apache/thrift v0.12.0 // indirect
\tgithub.com/nats-io/jwt v0.3.2 // indirect
\tgithub.com/prometheus/client_golang v1.10.0
\tgithub.com/stretchr/testify v1.6.1
\tgopkg.in/yaml.v2 v2.4.0 // indirect
)

replace (
\tgithub.com/apache/thrift v0.12.0 => github.com/apache/thrift v0.13.0
\tgithub.com/gorilla/websocket v0.0.0-20170926233335-4201258b820c => github.com/gorilla/websocket v1.4.1
\tgithub.com/nats-io/jwt v0.3.2 => github.com/nats-io/jwt/v2 v2.0.1
\tgithub.com/prometheus/client_golang => github.com/prometheus/client_golang v1.11.1
\tgithub.com/prometheus/client_golang v1.10.0 => github.com/prometheus/client_golang v1.12.2
\tgithub.com/stretchr/testify v1.6.0 => github.com/stretchr/testify v1.7.0
)

replace gopkg.in/yaml.v2 => /src/forks/yaml
`;

// One-line directives, quoted paths, comments everywhere, Windows line endings, newer directives.
const ONE_LINE_GO_MOD = [
  '// Build tooling, kept out of the main module.',
  'module "example.com/tools" // quoted',
  '',
  'go 1.24',
  'godebug default=go1.21',
  '',
  'require golang.org/x/tools v0.16.1',
  'require "github.com/google/go-cmp" v0.6.0 // indirect',
  'require `honnef.co/go/tools` v0.4.6 // a raw string',
  'require example.com/tools v1.0.0 // the module itself: nothing stops it, it is listed',
  'tool golang.org/x/tools/cmd/stringer',
  'require ()',
  '',
].join('\r\n');

describe('parseGoMod', () => {
  it.each([
    {
      name: 'cobra: one require block',
      text: COBRA_GO_MOD,
      packages: [
        mod('github.com/cpuguy83/go-md2man/v2', 'v2.0.3'),
        mod('github.com/inconshreveable/mousetrap', 'v1.1.0'),
        mod('github.com/spf13/pflag', 'v1.0.5'),
        mod('gopkg.in/yaml.v3', 'v3.0.1'),
      ],
    },
    {
      name: 'direct and indirect blocks; the folder replacement dropped; exclude, retract, toolchain ignored',
      text: SERVICE_GO_MOD,
      packages: [
        mod('github.com/go-chi/chi/v5', 'v5.0.11'),
        mod('github.com/jackc/pgx/v5', 'v5.5.1'),
        mod('github.com/jackc/pgpassfile', 'v1.0.0'),
        mod('github.com/jackc/pgservicefile', 'v0.0.0-20221227161230-091c0ba34f0a'),
        mod('golang.org/x/crypto', 'v0.17.0'),
        mod('golang.org/x/text', 'v0.14.0'),
      ],
    },
    {
      name: 'replacements: by version, for every version, the specific one first, an absolute folder',
      text: REPLACES_GO_MOD,
      packages: [
        mod('github.com/apache/thrift', 'v0.13.0'),
        mod('github.com/nats-io/jwt/v2', 'v2.0.1'),
        mod('github.com/prometheus/client_golang', 'v1.12.2'),
        // Replaced at v1.6.0 only.
        mod('github.com/stretchr/testify', 'v1.6.1'),
      ],
    },
    {
      name: 'one-line requires, quoted paths, comments, CRLF',
      text: ONE_LINE_GO_MOD,
      packages: [
        mod('golang.org/x/tools', 'v0.16.1'),
        mod('github.com/google/go-cmp', 'v0.6.0'),
        mod('honnef.co/go/tools', 'v0.4.6'),
        mod('example.com/tools', 'v1.0.0'),
      ],
    },
    { name: 'a module without requirements', text: 'module example.com/hello\n\ngo 1.22\n', packages: [] },
    { name: 'an empty file', text: '', packages: [] },
    {
      name: 'a module path without a slash has no namespace',
      text: 'module m\n\nrequire rsc v1.0.0\n',
      packages: [
        { type: 'golang', name: 'rsc', version: 'v1.0.0', path: 'go.mod', fromLockFile: true, dev: false },
      ],
    },
  ])('$name', ({ text, packages }) => {
    expect(parseGoMod('go.mod', Buffer.from(text))).toStrictEqual({ packages, warnings: [] });
  });

  it('keeps the path it was given', () => {
    const { packages } = parseGoMod('srv/api/go.mod', Buffer.from(COBRA_GO_MOD));
    expect(packages.map((p) => p.path)).toEqual(Array(4).fill('srv/api/go.mod'));
  });

  it.each([
    {
      text: 'module m\n\nrequire (\n\texample.com/a v1.0.0\n',
      packages: [mod('example.com/a', 'v1.0.0')],
      warnings: ['go.mod: require block not closed'],
    },
    {
      text: 'module m\n\nrequire (\n\texample.com/a v1.0.0\nreplace (\n)\n',
      packages: [mod('example.com/a', 'v1.0.0')],
      warnings: ['go.mod: line 5: require block not closed before replace'],
    },
    {
      text: 'module m\nrequire example.com/a\nrequire example.com/b v1 extra\nrequire example.com/c v1.0.0\n',
      packages: [mod('example.com/c', 'v1.0.0')],
      warnings: [
        'go.mod: line 2: require: expected a module path and a version',
        'go.mod: line 3: require: expected a module path and a version',
      ],
    },
    {
      text: 'module m\nrequire "example.com/a v1.0.0\nrequire "a\\qb" v1.0.0\n',
      packages: [],
      warnings: ['go.mod: line 2: invalid quoted string', 'go.mod: line 3: invalid quoted string'],
    },
    {
      text: [
        'require example.com/a v1.0.0',
        'replace example.com/a example.com/b v1.0.0',
        'replace example.com/a => example.com/b',
        'replace example.com/a => ./b v1.0.0',
        'replace => example.com/b v1.0.0',
        ')',
        'require (a v1) x',
      ].join('\n'),
      packages: [mod('example.com/a', 'v1.0.0')],
      warnings: [
        'go.mod: line 2: replace: expected `module [version] => module version` or `module [version] => directory`',
        'go.mod: line 3: replace: example.com/b is neither a directory (./ or ../) nor given a version',
        'go.mod: line 4: replace: a directory (./b) takes no version',
        'go.mod: line 5: replace: expected `module [version] => module version` or `module [version] => directory`',
        'go.mod: line 6: unexpected parenthesis',
        'go.mod: line 7: require: nothing may follow (',
      ],
    },
  ])('warns about what it cannot read and keeps the rest: $warnings', ({ text, packages, warnings }) => {
    expect(parseGoMod('go.mod', Buffer.from(text))).toStrictEqual({ packages, warnings });
  });
});

describe('parseGoSum', () => {
  it('cobra: one package per module version whose content is checksummed; go.mod-only lines skipped', () => {
    expect(parseGoSum('go.sum', Buffer.from(COBRA_GO_SUM))).toStrictEqual({
      packages: [
        sum('github.com/cpuguy83/go-md2man/v2', 'v2.0.3'),
        sum('github.com/inconshreveable/mousetrap', 'v1.1.0'),
        sum('github.com/russross/blackfriday/v2', 'v2.1.0'),
        sum('github.com/spf13/pflag', 'v1.0.5'),
        sum('gopkg.in/check.v1', 'v0.0.0-20161208181325-20d25e280405'),
        sum('gopkg.in/yaml.v3', 'v3.0.1'),
      ],
      warnings: [],
    });
  });

  it.each([
    {
      name: 'a module only needed for its go.mod (graph pruning, older versions) is not a package',
      text: [
        'github.com/davecgh/go-spew v1.1.0/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=',
        'github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=',
        'github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=',
        '',
      ].join('\n'),
      packages: [sum('github.com/davecgh/go-spew', 'v1.1.1')],
      warnings: [],
    },
    {
      name: 'the same module version twice, CRLF, blank lines',
      text: 'example.com/a v1.0.0 h1:AAAA=\r\n\r\nexample.com/a v1.0.0 h1:AAAA=\r\n',
      packages: [sum('example.com/a', 'v1.0.0')],
      warnings: [],
    },
    {
      name: 'malformed lines are reported with their number',
      text: 'example.com/a v1.0.0\nexample.com/b v1.0.0 h1:BBBB=\nexample.com/c v1.0.0 h1:CCCC= extra\n',
      packages: [sum('example.com/b', 'v1.0.0')],
      warnings: [
        'go.sum: line 1: expected `module version hash`',
        'go.sum: line 3: expected `module version hash`',
      ],
    },
  ])('$name', ({ text, packages, warnings }) => {
    expect(parseGoSum('go.sum', Buffer.from(text))).toStrictEqual({ packages, warnings });
  });
});

// ---------------------------------------------------------------------------------------------
// The go command as the oracle: a module whose dependencies come from a GOPROXY folder (the
// layout the module proxy protocol defines), go.mod and go.sum written by `go mod tidy`, and what
// `go list` says the build uses.

let dir: string;

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPROXY: `file://${join(dir, 'proxy')}`,
    GOFLAGS: '-mod=mod -modcacherw',
    GOSUMDB: 'off',
    GONOSUMCHECK: '1',
    GOENV: 'off',
    GOWORK: 'off',
    GOTOOLCHAIN: 'local',
    GOPATH: join(dir, 'gopath'),
    GOCACHE: join(tmpdir(), 'bulkhead-go-build-cache'),
    CGO_ENABLED: '0',
  };
}

function go(args: string[], cwd: string): string {
  return execFileSync('go', args, { cwd, env: goEnv(), encoding: 'utf8', stdio: 'pipe' });
}

/** Publishes `module@version` with the given files (go.mod included) to the proxy folder. */
function publish(module: string, version: string, files: Record<string, string>): void {
  const prefix = `${module}@${version}`;
  const src = join(dir, 'src');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, prefix, name)), { recursive: true });
    writeFileSync(join(src, prefix, name), text);
  }
  const v = join(dir, 'proxy', module, '@v');
  mkdirSync(v, { recursive: true });
  writeFileSync(join(v, 'list'), `${version}\n`, { flag: 'a' });
  writeFileSync(
    join(v, `${version}.info`),
    JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }),
  );
  writeFileSync(join(v, `${version}.mod`), files['go.mod'] ?? `module ${module}\n`);
  // Module zips hold files only (no folder entries), each under `<module>@<version>/`.
  execFileSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    for f in sys.argv[2:]: z.write(f)',
      join(v, `${version}.zip`),
      ...Object.keys(files).map((name) => `${prefix}/${name}`),
    ],
    { cwd: src },
  );
}

const goFile = (pkg: string, body: string): string => `package ${pkg}\n\n${body}\n`;

beforeAll(() => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('these tests run the go command: install Go (apt-get install golang-go)');
  }
  dir = mkdtempSync(join(tmpdir(), 'bulkhead-go-mod-'));
  // greet needs words to build and testonly for its tests only. A `go 1.16` module: its
  // requirements' go.mod files are part of the module graph (no graph pruning).
  publish('example.com/greet', 'v1.2.3', {
    'go.mod':
      'module example.com/greet\n\ngo 1.16\n\nrequire (\n\texample.com/testonly v1.0.0\n\texample.com/words v0.3.0\n)\n',
    'greet.go': goFile('greet', 'import "example.com/words"\n\nfunc Hello() string { return words.Hi }'),
    'greet_test.go': goFile(
      'greet',
      'import (\n\t"testing"\n\n\t"example.com/testonly"\n)\n\nfunc TestHello(t *testing.T) { testonly.Check(t) }',
    ),
  });
  for (const version of ['v0.3.0', 'v0.4.0'])
    publish('example.com/words', version, {
      'go.mod': 'module example.com/words\n\ngo 1.16\n',
      'words.go': goFile('words', 'const Hi = "hi"'),
    });
  publish('example.com/testonly', 'v1.0.0', {
    'go.mod': 'module example.com/testonly\n\ngo 1.19\n',
    'testonly.go': goFile('testonly', 'import "testing"\n\nfunc Check(t *testing.T) {}'),
  });
  // A fork of example.com/old, published under its own path, in two versions.
  for (const version of ['v1.1.0', 'v1.2.0'])
    publish('example.com/fork', version, {
      'go.mod': 'module example.com/old\n\ngo 1.19\n',
      'old.go': goFile('old', `const Version = "${version}"`),
    });
  mkdirSync(join(dir, 'local'));
  writeFileSync(join(dir, 'local', 'go.mod'), 'module example.com/local\n\ngo 1.19\n');
  writeFileSync(join(dir, 'local', 'local.go'), goFile('local', 'const Name = "local"'));

  mkdirSync(join(dir, 'app'));
  writeFileSync(
    join(dir, 'app', 'go.mod'),
    [
      'module example.com/app',
      '',
      'go 1.19',
      '',
      'require (',
      '\texample.com/greet v1.2.3',
      '\texample.com/local v0.0.0-00010101000000-000000000000',
      '\texample.com/old v1.0.0',
      // Newer than the v0.3.0 greet asks for: v0.3.0 is in the graph, v0.4.0 is built.
      '\texample.com/words v0.4.0',
      ')',
      '',
      'replace example.com/old => example.com/fork v1.1.0',
      '',
      'replace example.com/old v1.0.0 => example.com/fork v1.2.0',
      '',
      'replace example.com/local => ../local',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'app', 'main.go'),
    goFile(
      'main',
      'import (\n\t"example.com/greet"\n\t"example.com/local"\n\t"example.com/old"\n)\n\nfunc main() { println(greet.Hello(), local.Name, old.Version) }',
    ),
  );
  go(['mod', 'tidy'], join(dir, 'app'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `path version[ => path2 version2]` lines as the module versions built: replaced, folders dropped. */
function effective(out: string): string[] {
  const built = new Set<string>();
  for (const line of out.split('\n')) {
    const [left = '', right] = line.split(' => ');
    if (left.trim() === '') continue;
    const [path, version] = (right ?? left).trim().split(' ');
    // A folder replacement has no version.
    if (version) built.add(`${path ?? ''}@${version}`);
  }
  return [...built].sort();
}

const moduleIds = (packages: Package[]): string[] =>
  packages.map((p) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}@${p.version}`).sort();

const LIST_FORMAT = '{{.Path}} {{.Version}}{{with .Replace}} => {{.Path}} {{.Version}}{{end}}';

describe('go mod tidy output, with the go command as the oracle', () => {
  const read = (name: string): Buffer => readFileSync(join(dir, 'app', name));

  it('go.mod: the module versions `go list -deps` builds from', () => {
    const { packages, warnings } = parseGoMod('app/go.mod', read('go.mod'));
    expect(warnings).toEqual([]);
    const deps = go(
      ['list', '-deps', '-f', `{{with .Module}}{{if not .Main}}${LIST_FORMAT}{{end}}{{end}}`, './...'],
      join(dir, 'app'),
    );
    expect(moduleIds(packages)).toEqual(effective(deps));
    expect(moduleIds(packages)).toEqual([
      'example.com/fork@v1.2.0',
      'example.com/greet@v1.2.3',
      'example.com/words@v0.4.0',
    ]);
    // tidy wrote words as an indirect requirement: a package all the same.
    expect(read('go.mod').toString()).toMatch(/example\.com\/words v0\.4\.0 \/\/ indirect/);
  });

  it('go.sum: the module versions `go list -m all` selects, not those only checksummed for their go.mod', () => {
    const { packages, warnings } = parseGoSum('app/go.sum', read('go.sum'));
    expect(warnings).toEqual([]);
    const all = go(['list', '-m', '-f', `{{if not .Main}}${LIST_FORMAT}{{end}}`, 'all'], join(dir, 'app'));
    expect(moduleIds(packages)).toEqual(effective(all));
    // testonly: only greet's tests import it, yet tidy keeps its checksum; not in go.mod.
    expect(moduleIds(packages)).toEqual([
      'example.com/fork@v1.2.0',
      'example.com/greet@v1.2.3',
      'example.com/testonly@v1.0.0',
      'example.com/words@v0.4.0',
    ]);
    // What greet asks for, read for the module graph only.
    const text = read('go.sum').toString();
    expect(text).toMatch(/^example\.com\/words v0\.3\.0\/go\.mod h1:/m);
    expect(text).not.toMatch(/^example\.com\/words v0\.3\.0 h1:/m);
  });
});
