import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../core/package.js';
import { langAllAnalyzer, langInstalledAnalyzer } from './analyzer.js';
import { parseElf } from './exe/elf.js';
import { parseMacho } from './exe/macho.js';
import { parsePe } from './exe/pe.js';
import { MAX_AUDIT_JSON_BYTES, readRustAudit } from './rust-binary.js';

/*
 * Real executables with real audit sections: a Rust program compiled with rustc (ELF), and Go
 * programs cross-compiled for Windows (PE) and macOS (Mach-O), each given a `.dep-v0` section
 * the way cargo-auditable's linker step leaves it, by objcopy. The payloads are zlib-compressed
 * by Python's zlib, not by the code under test.
 */

// What `cargo auditable build` embeds for a small tool: the root crate last (cargo-auditable
// sorts by name, then version, then source), crates.io crates, a build-only proc macro and its
// dependencies, a workspace crate and a git crate.
const AUDIT = {
  packages: [
    { name: 'cfg-if', version: '1.0.0', source: 'crates.io' },
    { name: 'getrandom', version: '0.2.11', source: 'crates.io', dependencies: [0, 2] },
    { name: 'libc', version: '0.2.151', source: 'crates.io' },
    { name: 'ppv-lite86', version: '0.2.17', source: 'crates.io' },
    { name: 'proc-macro2', version: '1.0.70', source: 'crates.io', kind: 'build', dependencies: [11] },
    { name: 'quote', version: '1.0.33', source: 'crates.io', kind: 'build', dependencies: [4] },
    { name: 'rand', version: '0.8.5', source: 'crates.io', dependencies: [2, 7, 8] },
    { name: 'rand_chacha', version: '0.3.1', source: 'crates.io', dependencies: [3, 8] },
    { name: 'rand_core', version: '0.6.4', source: 'crates.io', dependencies: [1] },
    {
      name: 'serde_derive',
      version: '1.0.193',
      source: 'crates.io',
      kind: 'build',
      dependencies: [4, 5, 10],
    },
    { name: 'syn', version: '2.0.41', source: 'crates.io', kind: 'build', dependencies: [4, 5, 11] },
    { name: 'unicode-ident', version: '1.0.12', source: 'crates.io', kind: 'build' },
    { name: 'dicer-core', version: '0.3.0', source: 'local', dependencies: [6, 9] },
    { name: 'tinyjson', version: '2.5.1', source: 'git' },
    { name: 'dicer', version: '0.3.0', source: 'local', dependencies: [6, 12, 13], root: true },
  ],
};

const cargo = (name: string, version: string, path: string, dependsOn?: string[]): Package => ({
  type: 'cargo',
  name,
  version,
  path,
  ...(dependsOn ? { dependsOn } : {}),
});

/** The packages AUDIT gives for a file at `path`. */
const auditPackages = (path: string): Package[] => [
  cargo('cfg-if', '1.0.0', path),
  cargo('getrandom', '0.2.11', path, ['cfg-if', 'libc']),
  cargo('libc', '0.2.151', path),
  cargo('ppv-lite86', '0.2.17', path),
  cargo('proc-macro2', '1.0.70', path, ['unicode-ident']),
  cargo('quote', '1.0.33', path, ['proc-macro2']),
  cargo('rand', '0.8.5', path, ['libc', 'rand_chacha', 'rand_core']),
  cargo('rand_chacha', '0.3.1', path, ['ppv-lite86', 'rand_core']),
  cargo('rand_core', '0.6.4', path, ['getrandom']),
  cargo('serde_derive', '1.0.193', path, ['proc-macro2', 'quote', 'syn']),
  cargo('syn', '2.0.41', path, ['proc-macro2', 'quote', 'unicode-ident']),
  cargo('unicode-ident', '1.0.12', path),
  cargo('dicer-core', '0.3.0', path, ['rand', 'serde_derive']),
  cargo('tinyjson', '2.5.1', path),
];

let dir: string;
const bins: Record<string, Buffer> = {};

function bin(name: string): Buffer {
  const b = bins[name];
  if (!b) throw new Error(`no test binary ${name}`);
  return b;
}

function need(tool: string, args: string[], hint: string): void {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
  } catch {
    throw new Error(`these tests need ${tool}: ${hint}`);
  }
}

/** Python's zlib.compress of a file's bytes, or of `n` zero bytes when `zeros` is given. */
function zlibCompress(out: string, input: { file: string } | { zeros: number }): void {
  const script =
    'file' in input
      ? 'import sys, zlib\nopen(sys.argv[1], "wb").write(zlib.compress(open(sys.argv[2], "rb").read(), 9))'
      : 'import sys, zlib\nopen(sys.argv[1], "wb").write(zlib.compress(bytes(int(sys.argv[2])), 9))';
  execFileSync('python3', ['-c', script, out, 'file' in input ? input.file : String(input.zeros)]);
}

beforeAll(() => {
  need('rustc', ['--version'], 'install Rust (rustup, or apt-get install rustc)');
  need('objcopy', ['--version'], 'apt-get install binutils');
  need('llvm-objcopy', ['--version'], 'apt-get install llvm (Mach-O and PE sections)');
  need('go', ['version'], 'apt-get install golang-go');
  need('python3', ['--version'], 'apt-get install python3');
  dir = mkdtempSync(join(tmpdir(), 'bulkhead-rust-binary-'));
  const p = (name: string): string => join(dir, name);

  writeFileSync(p('main.rs'), 'fn main() {\n    println!("rolled a {}", 4);\n}\n');
  execFileSync('rustc', ['-C', 'strip=debuginfo', '-o', p('plain'), p('main.rs')], { stdio: 'pipe' });

  writeFileSync(p('audit.json'), JSON.stringify(AUDIT));
  zlibCompress(p('audit.z'), { file: p('audit.json') });
  writeFileSync(p('shape.json'), JSON.stringify({ packages: [{ name: 'libc', version: 12 }] }));
  zlibCompress(p('shape.z'), { file: p('shape.json') });
  // 64 MiB of zeros: 64 KiB compressed, eight times the cap inflated.
  zlibCompress(p('bomb.z'), { zeros: 8 * MAX_AUDIT_JSON_BYTES });
  // A valid stream cut short, and bytes that are no zlib stream at all.
  writeFileSync(p('truncated.z'), readFileSync(p('audit.z')).subarray(0, 40));
  writeFileSync(p('garbage.z'), Buffer.from('{"packages":[]} is not compressed'));

  for (const payload of ['audit', 'shape', 'bomb', 'truncated', 'garbage']) {
    execFileSync('objcopy', [
      '--add-section',
      `.dep-v0=${p(`${payload}.z`)}`,
      p('plain'),
      p(`elf-${payload}`),
    ]);
    bins[`elf-${payload}`] = readFileSync(p(`elf-${payload}`));
  }
  bins.plain = readFileSync(p('plain'));

  // PE and Mach-O: a Go program is the quickest real executable for both; the Go reader is not
  // involved, readRustAudit only looks for the section.
  mkdirSync(p('gohello'));
  writeFileSync(p('gohello/go.mod'), 'module example.com/hello\n\ngo 1.19\n');
  writeFileSync(p('gohello/main.go'), 'package main\n\nfunc main() { println("hi") }\n');
  const env = {
    ...process.env,
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOENV: 'off',
    GOWORK: 'off',
    GOTOOLCHAIN: 'local',
    GOPATH: p('gopath'),
    GOCACHE: join(tmpdir(), 'bulkhead-go-build-cache'),
  };
  for (const [name, goos, section] of [
    ['pe', 'windows', '.dep-v0'],
    ['macho', 'darwin', '__DATA,.dep-v0'],
  ] as const) {
    execFileSync('go', ['build', '-o', p(name), '.'], {
      cwd: p('gohello'),
      env: { ...env, GOOS: goos, GOARCH: 'amd64' },
      stdio: 'pipe',
    });
    execFileSync('llvm-objcopy', [
      '--add-section',
      `${section}=${p('audit.z')}`,
      p(name),
      p(`${name}-audit`),
    ]);
    bins[name] = readFileSync(p(name));
    bins[`${name}-audit`] = readFileSync(p(`${name}-audit`));
  }
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('readRustAudit', () => {
  it.each(['elf-audit', 'pe-audit', 'macho-audit'])(
    '%s: every crate but the root, dependencies by name',
    (name) => {
      expect(readRustAudit(`usr/local/bin/${name}`, bin(name))).toStrictEqual({
        packages: auditPackages(`usr/local/bin/${name}`),
      });
    },
  );

  it('the test files are what they claim: the section where each format keeps it', () => {
    expect(parseElf(bin('elf-audit'))?.sections.some((s) => s.name === '.dep-v0')).toBe(true);
    expect(parsePe(bin('pe-audit'))?.sections.some((s) => s.name === '.dep-v0')).toBe(true);
    expect(
      parseMacho(bin('macho-audit'))?.[0]?.sections.some(
        (s) => s.segment === '__DATA' && s.name === '.dep-v0',
      ),
    ).toBe(true);
  });

  it.each(['plain', 'pe', 'macho'])('%s: no audit section → undefined', (name) => {
    expect(readRustAudit(name, bin(name))).toBeUndefined();
  });

  it.each([
    Buffer.alloc(0),
    Buffer.from('#!/bin/sh\necho hi\n'),
    Buffer.from('\x7fELF'),
    Buffer.from('MZ'),
    Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
  ])('not an executable, or too short to be one: undefined (%#)', (bytes) => {
    expect(readRustAudit('x', bytes)).toBeUndefined();
  });

  it.each([
    ['elf-truncated', /^audit data is not zlib data \(unexpected end of file\)$/],
    ['elf-garbage', /^audit data is not zlib data \(incorrect header check\)$/],
    ['elf-shape', /^audit package 0 has no version$/],
    ['elf-bomb', new RegExp(`^audit data inflates to more than ${MAX_AUDIT_JSON_BYTES} bytes$`)],
  ])('%s: a problem and no packages', (name, problem) => {
    const result = readRustAudit(name, bin(name));
    expect(result?.packages).toEqual([]);
    expect(result?.problem).toMatch(problem);
  });

  it('a section header claiming more bytes than the file has: a problem, nothing read past the end', () => {
    const b = Buffer.from(bin('elf-audit'));
    const elf = parseElf(b);
    const index = elf?.sections.findIndex((s) => s.name === '.dep-v0') ?? -1;
    expect(index).toBeGreaterThan(0);
    // ELF64: e_shoff at 0x28, e_shentsize at 0x3a, sh_size at 0x20 in each header.
    const header = Number(b.readBigUInt64LE(0x28)) + index * b.readUInt16LE(0x3a);
    b.writeBigUInt64LE(2n ** 40n, header + 0x20);
    expect(readRustAudit('x', b)).toStrictEqual({
      packages: [],
      problem: 'the .dep-v0 section runs past the end of the file',
    });
  });

  it('damaged audit data at any byte: a result, never an exception', () => {
    const good = bin('elf-audit');
    const section = parseElf(good)?.sections.find((s) => s.name === '.dep-v0');
    if (!section) throw new Error('no section');
    for (let i = 0; i < section.size; i += 7) {
      const b = Buffer.from(good);
      b[section.offset + i] = (b[section.offset + i] ?? 0) ^ 0x5a;
      const result = readRustAudit('x', b);
      expect(result).toBeDefined();
      if (result?.problem === undefined) expect(result?.packages.length).toBeGreaterThan(0);
    }
  });
});

describe('readRustAudit: the JSON', () => {
  // The section parsing is covered above; here one real ELF carries each document in turn.
  const withJson = (doc: unknown): Buffer => {
    const p = (name: string): string => join(dir, name);
    writeFileSync(p('doc.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
    zlibCompress(p('doc.z'), { file: p('doc.json') });
    execFileSync('objcopy', ['--add-section', `.dep-v0=${p('doc.z')}`, p('plain'), p('doc-bin')]);
    return readFileSync(p('doc-bin'));
  };

  it.each([
    ['not JSON', '{"packages": [', /^audit data is not JSON \(/],
    ['an array', [], /^audit data has no "packages" list$/],
    ['packages not a list', { packages: { name: 'libc' } }, /^audit data has no "packages" list$/],
    ['a package that is not an object', { packages: ['libc 0.2.151'] }, /^audit package 0 is not an object$/],
    [
      'a package without a name',
      { packages: [{ name: 'a', version: '1.0.0' }, { version: '1.0.0' }] },
      /^audit package 1 has no name$/,
    ],
    [
      'root not a boolean',
      { packages: [{ name: 'a', version: '1.0.0', root: 'yes' }] },
      /^audit package 0: "root" is not true or false$/,
    ],
    [
      'dependencies not a list',
      { packages: [{ name: 'a', version: '1.0.0', dependencies: 1 }] },
      /^audit package 0: "dependencies" is not a list$/,
    ],
    [
      'a dependency index out of range',
      { packages: [{ name: 'a', version: '1.0.0', dependencies: [1] }] },
      /^audit package 0: dependency 1 is not a package index$/,
    ],
    [
      'a dependency that is no index',
      { packages: [{ name: 'a', version: '1.0.0', dependencies: ['b'] }] },
      /^audit package 0: dependency b is not a package index$/,
    ],
  ])('%s: a problem', (_name, doc, problem) => {
    const result = readRustAudit('x', withJson(doc));
    expect(result?.packages).toEqual([]);
    expect(result?.problem).toMatch(problem);
  });

  it('only a root package: no packages, no problem', () => {
    expect(
      readRustAudit(
        'x',
        withJson({ packages: [{ name: 'hello', version: '0.1.0', source: 'local', root: true }] }),
      ),
    ).toStrictEqual({ packages: [] });
  });

  it('the same crate twice (from two sources): listed once, dependencies merged', () => {
    const doc = {
      format: 1,
      packages: [
        { name: 'a', version: '1.0.0', source: 'crates.io', dependencies: [2] },
        { name: 'a', version: '1.0.0', source: 'git', dependencies: [3] },
        { name: 'b', version: '2.0.0', source: { Other: 'sparse+https://example.com/index/' } },
        { name: 'c', version: '3.0.0', source: 'registry' },
      ],
    };
    expect(readRustAudit('x', withJson(doc))).toStrictEqual({
      packages: [cargo('a', '1.0.0', 'x', ['b', 'c']), cargo('b', '2.0.0', 'x'), cargo('c', '3.0.0', 'x')],
    });
  });
});

describe('the language analyzers on executables', () => {
  it.each([langInstalledAnalyzer, langAllAnalyzer])('$name: a Rust binary’s crates', (analyzer) => {
    const b = bin('elf-audit');
    expect(analyzer.claims('usr/local/bin/dicer', 0o755, b.length)).toBe(true);
    expect(analyzer.analyze('usr/local/bin/dicer', b)).toStrictEqual([
      {
        kind: 'packages',
        path: 'usr/local/bin/dicer',
        packages: auditPackages('usr/local/bin/dicer'),
        warnings: [],
      },
    ]);
  });

  it('unreadable audit data: a warning', () => {
    expect(langInstalledAnalyzer.analyze('usr/local/bin/dicer', bin('elf-truncated'))).toStrictEqual([
      {
        kind: 'packages',
        path: 'usr/local/bin/dicer',
        packages: [],
        warnings: [
          'usr/local/bin/dicer: a Rust binary whose cargo-auditable data is unreadable (audit data is not zlib data (unexpected end of file))',
        ],
      },
    ]);
  });

  it('a Rust binary without audit data: nothing', () => {
    expect(langInstalledAnalyzer.analyze('usr/local/bin/plain', bin('plain'))).toEqual([]);
  });
});
