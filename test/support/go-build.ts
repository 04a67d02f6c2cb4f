import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds a real Go program that depends on a published-style module version, without network:
 * the dependency is served from a GOPROXY folder (`file://`), in the layout the module proxy
 * protocol defines (`<module>/@v/<version>.{info,mod,zip}`). Returns the binary's path.
 */
export function buildGoProgram(dir: string, dep = { path: 'example.com/greet', version: 'v1.2.3' }): string {
  const proxy = join(dir, 'proxy');
  const src = join(dir, 'src', `${dep.path}@${dep.version}`);
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'go.mod'), `module ${dep.path}\n\ngo 1.19\n`);
  writeFileSync(join(src, 'greet.go'), 'package greet\n\nfunc Hello() string { return "hi" }\n');
  const v = join(proxy, dep.path, '@v');
  mkdirSync(v, { recursive: true });
  writeFileSync(join(v, 'list'), `${dep.version}\n`);
  writeFileSync(
    join(v, `${dep.version}.info`),
    JSON.stringify({ Version: dep.version, Time: '2024-01-01T00:00:00Z' }),
  );
  writeFileSync(join(v, `${dep.version}.mod`), `module ${dep.path}\n\ngo 1.19\n`);
  // Module zips hold every file under `<module>@<version>/`.
  // Files only: the go command refuses folder entries in a module zip.
  const prefix = `${dep.path}@${dep.version}`;
  execFileSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    for f in sys.argv[2:]: z.write(f)',
      join(v, `${dep.version}.zip`),
      `${prefix}/go.mod`,
      `${prefix}/greet.go`,
    ],
    { cwd: join(dir, 'src') },
  );
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'go.mod'),
    `module example.com/app\n\ngo 1.19\n\nrequire ${dep.path} ${dep.version}\n`,
  );
  writeFileSync(
    join(app, 'main.go'),
    `package main\n\nimport "${dep.path}"\n\nfunc main() { println(greet.Hello()) }\n`,
  );
  const out = join(dir, 'app-bin');
  execFileSync('go', ['build', '-o', out, '.'], {
    cwd: app,
    stdio: 'pipe',
    env: {
      ...process.env,
      GOPROXY: `file://${proxy}`,
      GOFLAGS: '-mod=mod',
      GOSUMDB: 'off',
      GONOSUMCHECK: '1',
      GOPATH: join(dir, 'gopath'),
      GOCACHE: '/tmp/bulkhead-go-build-cache',
      CGO_ENABLED: '0',
    },
  });
  return out;
}
