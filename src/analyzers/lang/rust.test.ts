import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCargoLock } from './rust.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/rust/${name}`, import.meta.url));

const base = { type: 'cargo', path: 'Cargo.lock', fromLockFile: true };

describe('parseCargoLock', () => {
  it.each([
    {
      file: 'Cargo.lock',
      packages: [
        { ...base, name: 'autocfg', version: '1.1.0' },
        { ...base, name: 'log', version: '0.4.20' },
        { ...base, name: 'num-traits', version: '0.2.17', dependsOn: ['autocfg'] },
        { ...base, name: 'rand', version: '0.8.5', dependsOn: ['rand_core'] },
        { ...base, name: 'rand_core', version: '0.6.4' },
        { ...base, name: 'syn', version: '1.0.109' },
        { ...base, name: 'syn', version: '2.0.39' },
      ],
    },
    {
      // Lock format v1: dependencies carry version and source; checksums sit in [metadata].
      file: 'Cargo-v1.lock',
      packages: [
        { ...base, name: 'libc', version: '0.2.62' },
        { ...base, name: 'rand', version: '0.7.2', dependsOn: ['libc'] },
      ],
    },
  ])('$file: registry and git crates; the workspace crate skipped', ({ file, packages }) => {
    expect(parseCargoLock('Cargo.lock', fixture(file))).toStrictEqual({ packages, warnings: [] });
  });

  it.each([
    [
      '[[package]]\nname = "a"\nversion = "1"\nsource = "registry+x"\ndependencies = [\n "b",\n',
      /unterminated array/,
    ],
    ['\u0000\u0001\u0002', /invalid TOML/],
  ])('warns about unreadable TOML: %j', (text, warning) => {
    const result = parseCargoLock('Cargo.lock', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^Cargo\.lock: invalid TOML/);
    expect(result.warnings[0]).toMatch(warning);
  });
});
