import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDepsJson, parseNugetLock } from './dotnet.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/dotnet/${name}`, import.meta.url));

describe('parseDepsJson', () => {
  it('reads package libraries with their dependencies from the targets; skips projects', () => {
    const path = 'app/WebApi.deps.json';
    expect(parseDepsJson(path, fixture('WebApi.deps.json'))).toStrictEqual({
      packages: [
        { type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.3', path },
        { type: 'nuget', name: 'Serilog', version: '3.1.1', path },
        { type: 'nuget', name: 'Serilog.AspNetCore', version: '8.0.0', path, dependsOn: ['Serilog'] },
      ],
      warnings: [],
    });
  });

  it.each([
    ['{"targets": {}}', 'app.deps.json: not a .deps.json (no "libraries")'],
    ['{"libraries": {"NoVersion": {"type": "package"}, "A/": {"type": "package"}}}', undefined],
  ])('copes with %j', (text, warning) => {
    expect(parseDepsJson('app.deps.json', Buffer.from(text))).toStrictEqual({
      packages: [],
      warnings: warning === undefined ? [] : [warning],
    });
  });
});

describe('parseNugetLock', () => {
  it('reads resolved versions across frameworks, once each; skips projects', () => {
    const base = { type: 'nuget', path: 'packages.lock.json', fromLockFile: true };
    expect(parseNugetLock('packages.lock.json', fixture('packages.lock.json'))).toStrictEqual({
      packages: [
        { ...base, name: 'Newtonsoft.Json', version: '13.0.3' },
        { ...base, name: 'Serilog.Sinks.Console', version: '5.0.0', dependsOn: ['Serilog'] },
        { ...base, name: 'Serilog', version: '3.1.0' },
      ],
      warnings: [],
    });
  });

  it('warns about a file without dependencies', () => {
    expect(parseNugetLock('packages.lock.json', Buffer.from('{"version": 1}'))).toStrictEqual({
      packages: [],
      warnings: ['packages.lock.json: not a NuGet packages.lock.json (no "dependencies")'],
    });
  });
});
