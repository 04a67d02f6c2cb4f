import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGemfileLock, parseGemspec } from './ruby.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/ruby/${name}`, import.meta.url));

describe('parseGemspec', () => {
  const dir = 'usr/local/bundle/specifications';
  it.each([
    // Development dependencies are not installed with the gem.
    { file: 'rack-2.2.8.gemspec', expected: { name: 'rack', version: '2.2.8', licenses: ['MIT'] } },
    {
      file: 'nokogiri-1.15.4-x86_64-linux.gemspec',
      expected: { name: 'nokogiri', version: '1.15.4', licenses: ['MIT', 'Apache-2.0'], dependsOn: ['racc'] },
    },
    // Hand-written: %q{} name, a constant as version (the file name has it), both dependency branches.
    {
      file: 'old-format-0.9.1.gemspec',
      expected: { name: 'old-format', version: '0.9.1', licenses: ['Ruby'], dependsOn: ['json'] },
    },
  ])('$file', ({ file, expected }) => {
    const path = `${dir}/${file}`;
    expect(parseGemspec(path, fixture(file))).toStrictEqual({
      packages: [{ type: 'gem', path, ...expected }],
      warnings: [],
    });
  });

  it('warns when neither the content nor the file name give a name and version', () => {
    expect(
      parseGemspec('specifications/broken.gemspec', Buffer.from('Gem::Specification.new do |s|\nend\n')),
    ).toStrictEqual({
      packages: [],
      warnings: ['specifications/broken.gemspec: no gem name or version found'],
    });
  });
});

describe('parseGemfileLock', () => {
  it('reads GEM and GIT specs with their dependencies and platforms; skips PATH gems', () => {
    const base = { type: 'gem', path: 'Gemfile.lock', fromLockFile: true };
    expect(parseGemfileLock('Gemfile.lock', fixture('Gemfile.lock'))).toStrictEqual({
      packages: [
        { ...base, name: 'sprockets', version: '4.2.1', dependsOn: ['concurrent-ruby', 'rack'] },
        { ...base, name: 'actionpack', version: '7.0.8', dependsOn: ['actionview', 'activesupport', 'rack'] },
        { ...base, name: 'concurrent-ruby', version: '1.2.2' },
        // Locked for two platforms: which one is installed depends on the machine.
        { ...base, name: 'nokogiri', version: '1.15.4', dependsOn: ['racc'] },
        { ...base, name: 'racc', version: '1.7.1' },
        { ...base, name: 'rack', version: '2.2.8' },
      ],
      warnings: [],
    });
  });

  it('keeps the platform of a gem locked for one platform', () => {
    const text = 'GEM\n  remote: https://rubygems.org/\n  specs:\n    grpc (1.59.2-x86_64-linux-musl)\n';
    expect(parseGemfileLock('Gemfile.lock', Buffer.from(text)).packages).toStrictEqual([
      {
        type: 'gem',
        name: 'grpc',
        version: '1.59.2',
        arch: 'x86_64-linux-musl',
        path: 'Gemfile.lock',
        fromLockFile: true,
      },
    ]);
  });

  it.each([
    ['', 'Gemfile.lock: not a Gemfile.lock (no sections)'],
    ['    rack (2.2.8)\n', 'Gemfile.lock: not a Gemfile.lock (no sections)'],
  ])('warns about %j', (text, warning) => {
    expect(parseGemfileLock('Gemfile.lock', Buffer.from(text))).toStrictEqual({
      packages: [],
      warnings: [warning],
    });
  });
});
