import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElf, PT_LOAD } from './exe/elf.js';
import { parseMacho } from './exe/macho.js';
import { parsePe } from './exe/pe.js';
import {
  isExecutableCandidate,
  parseModInfo,
  readGoBuildInfo,
  readGoBuildInfoDetailed,
  unquote,
  type GoBuildInfo,
} from './go-binary.js';

const execFileAsync = promisify(execFile);

// Real binaries from the Go toolchain (`.ci/run` installs golang-go): a main module with one
// dependency, replaced by a local directory so that the build needs no network.
interface Target {
  goos: string;
  goarch: string;
  ldflags?: string;
  bigEndian: boolean;
}
const TARGETS: Record<string, Target> = {
  'linux-amd64': { goos: 'linux', goarch: 'amd64', bigEndian: false },
  'linux-amd64-stripped': { goos: 'linux', goarch: 'amd64', ldflags: '-s -w', bigEndian: false },
  // 32-bit big-endian ELF.
  'linux-mips': { goos: 'linux', goarch: 'mips', bigEndian: true },
  'darwin-amd64': { goos: 'darwin', goarch: 'amd64', bigEndian: false },
  'windows-amd64': { goos: 'windows', goarch: 'amd64', bigEndian: false },
  // PE32 (the 32-bit optional header).
  'windows-386': { goos: 'windows', goarch: '386', bigEndian: false },
};
// Debian's packages of Go programs, which the image tests install anyway (built outside module
// mode, with cgo and the external linker).
const DEBIAN_GO_BINARIES = ['/usr/bin/skopeo', '/usr/bin/umoci', '/usr/bin/docker-registry'];

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

let dir: string;
const files: Record<string, string> = {};
const bins: Record<string, Buffer> = {};

function bin(name: string): Buffer {
  const b = bins[name];
  if (!b) throw new Error(`no test binary ${name}`);
  return b;
}

beforeAll(async () => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('these tests build real Go binaries: install Go (apt-get install golang-go)');
  }
  dir = mkdtempSync(join(tmpdir(), 'bulkhead-go-binary-'));
  mkdirSync(join(dir, 'greet'));
  mkdirSync(join(dir, 'hello'));
  writeFileSync(join(dir, 'greet', 'go.mod'), 'module example.com/greet\n\ngo 1.19\n');
  writeFileSync(join(dir, 'greet', 'greet.go'), 'package greet\n\nfunc Hello() string { return "hi" }\n');
  writeFileSync(
    join(dir, 'hello', 'go.mod'),
    'module example.com/hello\n\ngo 1.19\n\nrequire example.com/greet v1.2.3\n\nreplace example.com/greet => ../greet\n',
  );
  // println instead of fmt: the runtime alone compiles in a few seconds per cross target.
  writeFileSync(
    join(dir, 'hello', 'main.go'),
    'package main\n\nimport "example.com/greet"\n\nfunc main() { println(greet.Hello()) }\n',
  );
  const env = {
    ...process.env,
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod -modcacherw',
    GOPROXY: 'off',
    GOENV: 'off',
    GOWORK: 'off',
    GOTOOLCHAIN: 'local',
    GOPATH: join(dir, 'gopath'),
    // Kept between runs: compiling the runtime for each cross target is what takes time.
    GOCACHE: join(tmpdir(), 'bulkhead-go-build-cache'),
  };
  await Promise.all(
    Object.entries(TARGETS).map(async ([name, t]) => {
      const out = join(dir, name);
      const args = ['build', ...(t.ldflags ? [`-ldflags=${t.ldflags}`] : []), '-o', out, '.'];
      await execFileAsync('go', args, {
        cwd: join(dir, 'hello'),
        env: { ...env, GOOS: t.goos, GOARCH: t.goarch },
      });
      files[name] = out;
      bins[name] = readFileSync(out);
    }),
  );
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `go version -m` as lines: the Go version, then the module info lines without their indent. */
function goVersionM(file: string): string[] {
  const out = execFileSync('go', ['version', '-m', file], { encoding: 'utf8' });
  const [first = '', ...rest] = out.split('\n');
  return [
    first.slice(first.lastIndexOf(': ') + 2),
    ...rest.map((l) => l.replace(/^\t/, '').trimEnd()).filter((l) => l !== ''),
  ];
}

/** Our result in the layout `go version -m` prints (runtime/debug's BuildInfo.String). */
function asGoVersionM(info: GoBuildInfo): string[] {
  const lines = [info.goVersion];
  if (info.path !== undefined) lines.push(`path\t${info.path}`);
  const mod = (word: string, m: NonNullable<GoBuildInfo['main']>): void => {
    lines.push(`${word}\t${m.path}\t${m.version}\t${m.replace ? '' : (m.sum ?? '')}`.trimEnd());
    if (m.replace)
      lines.push(`=>\t${m.replace.path}\t${m.replace.version}\t${m.replace.sum ?? ''}`.trimEnd());
  };
  if (info.main) mod('mod', info.main);
  for (const d of info.deps) mod('dep', d);
  // Test values are ASCII, where JSON's quoting and Go's strconv.Quote agree.
  const quote = (s: string, special: RegExp): string => (special.test(s) ? JSON.stringify(s) : s);
  for (const [k, v] of Object.entries(info.settings)) {
    lines.push(`build\t${quote(k, /[= \t\r\n"`]/)}=${quote(v, /[ \t\r\n"`]/)}`);
  }
  return lines;
}

/** The file offset of the build info blob (first magic at a 16-byte boundary). */
function blobOffset(b: Buffer): number {
  for (let i = b.indexOf(MAGIC); i >= 0; i = b.indexOf(MAGIC, i + 1)) {
    if (i % 16 === 0) return i;
  }
  throw new Error('no build info blob');
}

/** The inline (Go 1.18+) strings after the blob header: version, module info, and where they start. */
function inlineStrings(b: Buffer): {
  at: number;
  version: Buffer;
  modinfo: Buffer;
  modAt: number;
  end: number;
} {
  const at = blobOffset(b);
  const read = (pos: number): [Buffer, number, number] => {
    let len = 0;
    let shift = 1;
    for (;;) {
      const byte = b[pos++] ?? 0;
      len += (byte & 0x7f) * shift;
      shift *= 128;
      if (byte < 0x80) break;
    }
    return [Buffer.from(b.subarray(pos, pos + len)), pos, pos + len];
  };
  const [version, , next] = read(at + 32);
  const [modinfo, modAt, end] = read(next);
  return { at, version, modinfo, modAt, end };
}

/** Virtual address of a file offset, through the file's own headers (checked by `go version -m`). */
function vaddrOf(b: Buffer, off: number): number {
  const elf = parseElf(b);
  const seg = elf?.segments.find((s) => s.type === PT_LOAD && off >= s.offset && off < s.offset + s.filesz);
  if (seg) return seg.vaddr + (off - seg.offset);
  const m = parseMacho(b)?.[0]?.segments.find((s) => off >= s.fileoff && off < s.fileoff + s.filesize);
  if (m) return m.vmaddr + (off - m.fileoff);
  const pe = parsePe(b);
  const sect = pe?.sections.find((s) => off >= s.rawOffset && off < s.rawOffset + s.rawSize);
  if (pe && sect) return pe.imageBase + sect.virtualAddress + (off - sect.rawOffset);
  throw new Error(`offset ${off} is not mapped`);
}

/**
 * Rewrites a Go 1.18+ binary into the Go 1.13-1.17 layout: the blob holds pointers to Go string
 * headers instead of the strings. The headers and strings go right after the blob header, over
 * bytes of the data section that nothing reads statically.
 */
function toPointerFormat(original: Buffer, bigEndian: boolean): Buffer {
  const b = Buffer.from(original);
  const { at, version, modinfo } = inlineStrings(b);
  const p = b[at + 14] ?? 8;
  const put = (off: number, value: number): void => {
    if (p === 8) {
      if (bigEndian) b.writeBigUInt64BE(BigInt(value), off);
      else b.writeBigUInt64LE(BigInt(value), off);
    } else if (bigEndian) b.writeUInt32BE(value, off);
    else b.writeUInt32LE(value, off);
  };
  const versionHeader = at + 32;
  const modHeader = versionHeader + 2 * p;
  const versionData = modHeader + 2 * p;
  const modData = versionData + version.length;
  b[at + 15] = bigEndian ? 1 : 0;
  b.fill(0, at + 16, at + 32);
  put(at + 16, vaddrOf(b, versionHeader));
  put(at + 16 + p, vaddrOf(b, modHeader));
  put(versionHeader, vaddrOf(b, versionData));
  put(versionHeader + p, version.length);
  put(modHeader, vaddrOf(b, modData));
  put(modHeader + p, modinfo.length);
  version.copy(b, versionData);
  modinfo.copy(b, modData);
  return b;
}

/** A universal Mach-O file holding the given slices, page-aligned. */
function universal(slices: Buffer[]): Buffer {
  const header = Buffer.alloc(8 + 20 * slices.length);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(slices.length, 4);
  const parts: Buffer[] = [header];
  let offset = header.length;
  slices.forEach((s, i) => {
    const pad = (4096 - (offset % 4096)) % 4096;
    parts.push(Buffer.alloc(pad));
    offset += pad;
    const e = 8 + 20 * i;
    header.writeUInt32BE(s.length >= 12 ? s.readUInt32LE(4) : 0, e);
    header.writeUInt32BE(s.length >= 12 ? s.readUInt32LE(8) : 0, e + 4);
    header.writeUInt32BE(offset, e + 8);
    header.writeUInt32BE(s.length, e + 12);
    header.writeUInt32BE(12, e + 16);
    parts.push(s);
    offset += s.length;
  });
  return Buffer.concat(parts);
}

/** A small deterministic generator, so that a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function randomBytes(n: number, seed: number): Buffer {
  const next = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE(next(), i);
  return b;
}

const HELLO_DEPS = [
  { path: 'example.com/greet', version: 'v1.2.3', replace: { path: '../greet', version: '(devel)' } },
];

describe('readGoBuildInfo on binaries built by the Go toolchain', () => {
  it.each(Object.keys(TARGETS))('%s: what go version -m reads', (name) => {
    const t = TARGETS[name];
    const file = files[name];
    if (!t || !file) throw new Error(name);
    const b = bin(name);
    expect(isExecutableCandidate(b)).toBe(true);
    const info = readGoBuildInfo(file, b);
    expect(info).toMatchObject({
      path: 'example.com/hello',
      main: { path: 'example.com/hello', version: '(devel)' },
      deps: HELLO_DEPS,
      settings: { GOOS: t.goos, GOARCH: t.goarch, CGO_ENABLED: '0' },
    });
    expect(info?.goVersion).toMatch(/^go1\.\d+/);
    if (!info) return;
    expect(asGoVersionM(info)).toEqual(goVersionM(file));
  });

  it('reads a stripped binary, with its quoted -ldflags setting', () => {
    const info = readGoBuildInfo('hello', bin('linux-amd64-stripped'));
    expect(info?.settings['-ldflags']).toBe('-s -w');
    expect(info?.deps).toEqual(HELLO_DEPS);
  });

  it.each(Object.keys(TARGETS))('%s rewritten into the Go 1.13-1.17 pointer layout', (name) => {
    const t = TARGETS[name];
    if (!t) throw new Error(name);
    const original = bin(name);
    const rewritten = toPointerFormat(original, t.bigEndian);
    const at = blobOffset(rewritten);
    expect((rewritten[at + 15] ?? 0) & 2).toBe(0);
    // Go's own reader is the judge of the rewrite: it must read the same as before.
    const file = join(dir, `${name}.pointers`);
    // `go version` refuses files without an execute bit.
    writeFileSync(file, rewritten, { mode: 0o755 });
    expect(goVersionM(file)).toEqual(goVersionM(files[name] ?? ''));
    expect(readGoBuildInfoDetailed(file, rewritten)).toEqual({ info: readGoBuildInfo(name, original) });
  });

  it('reads universal (fat) Mach-O files, slice offsets included', () => {
    const darwin = bin('darwin-amd64');
    const expected = readGoBuildInfo('hello', darwin);
    expect(expected).toBeDefined();
    const fat = universal([darwin, darwin]);
    expect(isExecutableCandidate(fat)).toBe(true);
    expect(readGoBuildInfo('fat', fat)).toEqual(expected);
    // The first slice is no Mach-O at all; pointers in the second resolve inside that slice.
    const pointers = toPointerFormat(darwin, false);
    expect(readGoBuildInfo('fat', universal([randomBytes(5000, 7), pointers]))).toEqual(expected);
  });

  it('finds the exe sections the blob lives in', () => {
    const mips = parseElf(bin('linux-mips'));
    expect(mips).toMatchObject({ bits: 32, bigEndian: true });
    expect(mips?.sections.map((s) => s.name)).toContain('.go.buildinfo');
    const amd64 = parseElf(bin('linux-amd64'));
    expect(amd64).toMatchObject({ bits: 64, bigEndian: false });
    const macho = parseMacho(bin('darwin-amd64'));
    expect(macho).toHaveLength(1);
    expect(macho?.[0]).toMatchObject({ bits: 64, bigEndian: false, start: 0 });
    expect(macho?.[0]?.sections.find((s) => s.name === '__go_buildinfo')?.segment).toBe('__DATA');
    expect(parsePe(bin('windows-386'))?.pe32plus).toBe(false);
    const pe64 = parsePe(bin('windows-amd64'));
    expect(pe64?.pe32plus).toBe(true);
    expect(pe64?.sections.map((s) => s.name)).toContain('.data');
  });
});

describe('readGoBuildInfo on Go programs that Debian packages', () => {
  it.each(DEBIAN_GO_BINARIES)('%s', (file) => {
    const b = readFileSync(file);
    const info = readGoBuildInfo(file, b);
    expect(info).toBeDefined();
    if (!info) return;
    expect(info.path).toMatch(/^github\.com\//);
    expect(asGoVersionM(info)).toEqual(goVersionM(file));
  });

  it('still reads one whose section headers are gone', () => {
    // With the external linker the blob sits deep in the data segment, beyond the 64 KiB that Go's
    // reader searches from the segment start: only the scan of writable data finds it.
    const original = readFileSync('/usr/bin/skopeo');
    const b = Buffer.from(original);
    b.writeBigUInt64LE(0n, 0x28); // e_shoff
    b.writeUInt16LE(0, 0x3c); // e_shnum
    b.writeUInt16LE(0, 0x3e); // e_shstrndx
    expect(parseElf(b)?.sections).toEqual([]);
    expect(readGoBuildInfo('skopeo', b)).toEqual(readGoBuildInfo('skopeo', original));
  });
});

describe('readGoBuildInfo on what is not (readable) Go', () => {
  it('gives nothing, and no problem, for a non-Go executable', () => {
    const ls = readFileSync('/bin/ls');
    expect(isExecutableCandidate(ls)).toBe(true);
    expect(readGoBuildInfoDetailed('/bin/ls', ls)).toEqual({});
  });

  it('gives nothing for random bytes, also behind executable magic numbers', () => {
    const heads = [
      Buffer.from('7f454c46020101', 'hex'),
      Buffer.from('4d5a', 'hex'),
      Buffer.from('cffaedfe', 'hex'),
      Buffer.from('cafebabe00000002', 'hex'),
    ];
    for (const [i, head] of heads.entries()) {
      const b = randomBytes(1 << 20, i + 1);
      expect(readGoBuildInfoDetailed('random', b)).toEqual({});
      head.copy(b);
      expect(isExecutableCandidate(b)).toBe(true);
      expect(readGoBuildInfo('random', b)).toBeUndefined();
    }
  });

  it('tells Java classes from universal Mach-O files', () => {
    expect(isExecutableCandidate(Buffer.from('cafebabe00000041', 'hex'))).toBe(false);
    expect(isExecutableCandidate(Buffer.from('cafebabe00000002', 'hex'))).toBe(true);
    expect(isExecutableCandidate(Buffer.from('#!/bin/sh\n'))).toBe(false);
    expect(isExecutableCandidate(Buffer.alloc(0))).toBe(false);
  });

  it('ignores a text file that contains the magic followed by garbage', () => {
    const text = Buffer.concat([
      Buffer.from('notes about Go:\n'),
      MAGIC,
      Buffer.from([8, 2]),
      randomBytes(512, 3),
    ]);
    expect(text.indexOf(MAGIC) % 16).toBe(0);
    expect(readGoBuildInfoDetailed('notes.txt', text)).toEqual({});
  });

  it('reports a problem for the magic with garbage where Go puts build info', () => {
    const ls = Buffer.from(readFileSync('/bin/ls'));
    const elf = parseElf(ls);
    const data = elf?.segments.find((s) => s.type === PT_LOAD && (s.flags & 3) === 2);
    if (!data) throw new Error('no data segment in /bin/ls');
    const at = data.offset + ((16 - (data.vaddr % 16)) % 16);
    MAGIC.copy(ls, at);
    randomBytes(64, 5).copy(ls, at + MAGIC.length);
    const r = readGoBuildInfoDetailed('/bin/ls', ls);
    expect(r.info).toBeUndefined();
    expect(r.problem).toBeTypeOf('string');
  });

  it.each(['linux-amd64', 'darwin-amd64', 'windows-amd64'])(
    '%s cut anywhere in the build info: never a throw, a problem once the header is whole',
    (name) => {
      const b = bin(name);
      const { at, modAt, end } = inlineStrings(b);
      for (let cut = at; cut < end; cut++) {
        const r = readGoBuildInfoDetailed(name, b.subarray(0, cut));
        expect(r.info).toBeUndefined();
        if (cut >= at + 32) expect(r.problem).toMatch(/truncated/);
      }
      // Cut in the middle of the module info:
      const mid = readGoBuildInfoDetailed(name, b.subarray(0, modAt + 20));
      expect(mid).toEqual({ problem: 'module info: the file is truncated' });
    },
  );

  it.each([
    ['a build line without a key', 'build\t-compiler=gc', 'build\t=compiler=gc', /missing key/],
    ['a replacement with 4 columns', '\nmod\t', '\n=>\t\t', /3 columns/],
    ['an unreadable Go version', 'go1.', 'xo1.', /Go version is not readable/],
  ])('reports corrupt build info: %s', (_label, from, to, problem) => {
    const b = Buffer.from(bin('linux-amd64'));
    const { at } = inlineStrings(b);
    const i = b.indexOf(from, at);
    expect(i).toBeGreaterThan(at);
    // Same-length edits, so the strings' lengths still hold.
    expect(to.length).toBe(from.length);
    b.write(to, i, 'latin1');
    const r = readGoBuildInfoDetailed('hello', b);
    expect(r.info).toBeUndefined();
    expect(r.problem).toMatch(problem);
    expect(readGoBuildInfo('hello', b)).toBeUndefined();
  });

  it('reports bad pointers in the old layout', () => {
    const pointers = toPointerFormat(bin('linux-amd64'), false);
    const at = blobOffset(pointers);

    const badSize = Buffer.from(pointers);
    badSize[at + 14] = 3;
    expect(readGoBuildInfoDetailed('hello', badSize)).toEqual({ problem: 'unsupported pointer size 3' });

    const unmapped = Buffer.from(pointers);
    unmapped.writeBigUInt64LE(0x10n, at + 16);
    expect(readGoBuildInfoDetailed('hello', unmapped).problem).toMatch(/not in any segment/);

    const huge = Buffer.from(pointers);
    huge.writeBigUInt64LE(0xffff_ffff_ffff_fff0n, at + 16 + 8);
    expect(readGoBuildInfoDetailed('hello', huge).problem).toMatch(/module info/);
  });

  it('survives random damage to headers and build info (fuzz)', () => {
    const next = prng(42);
    for (const name of ['linux-amd64', 'linux-mips', 'darwin-amd64', 'windows-386']) {
      const original = bin(name);
      const pointers = toPointerFormat(original, TARGETS[name]?.bigEndian ?? false);
      for (const base of [original, pointers]) {
        const at = blobOffset(base);
        for (let round = 0; round < 60; round++) {
          const b = Buffer.from(base);
          for (let k = 0; k < 8; k++) {
            const headers = next() % 2 === 0;
            const pos = headers ? next() % 1024 : at + 14 + (next() % 96);
            b[pos] = next() & 0xff;
          }
          const r = readGoBuildInfoDetailed(name, b);
          if (r.info) expect(r.info.goVersion).toMatch(/^(go\d|devel)/);
        }
      }
    }
  });
});

describe('parseModInfo', () => {
  it.each([
    [
      'no trailing newline: the last line is not data',
      'path\ta\nmod\tm\tv1',
      { path: 'a', deps: [], settings: {} },
    ],
    [
      'unknown line kinds are skipped',
      'go\tgo1.22\nfuture\tx\ndep\td\tv1\th1:x\n',
      { deps: [{ path: 'd', version: 'v1', sum: 'h1:x' }], settings: {} },
    ],
    [
      'quoted keys and values',
      'build\t"a b"="c\\td"\nbuild\tX=`raw "q"`\nbuild\t__proto__=p\n',
      { deps: [], settings: { 'a b': 'c\td', X: 'raw "q"', ['__proto__']: 'p' } },
    ],
  ])('%s', (_label, text, expected) => {
    const parsed = parseModInfo(text);
    expect(parsed).toEqual(expected);
    if (typeof parsed !== 'string') expect(Object.getPrototypeOf(parsed.settings)).toBe(Object.prototype);
  });

  it.each([
    ['=>\tr\tv1\t\n', /no module on the previous line/],
    ['dep\ta\n', /2 or 3 columns/],
    ['build\tnoequals\n', /missing '='/],
    ['build\tk=a b\n', /must be quoted/],
    ['build\t"k\n', /invalid quoted key/],
  ])('rejects %j', (text, problem) => {
    expect(parseModInfo(text)).toMatch(problem);
  });
});

describe('unquote (Go strconv.Unquote)', () => {
  it.each([
    ['"plain"', 'plain'],
    ['"tab\\there"', 'tab\there'],
    ['"\\x41\\101\\u00e9\\U0001F600"', 'AAé😀'],
    ['"\\xc3\\xa9"', 'é'],
    ['`raw \\n`', 'raw \\n'],
    ['"open', undefined],
    ['"bad \\q"', undefined],
    ['"\\x4"', undefined],
    ['"in"side"', undefined],
  ])('%s', (input, expected) => {
    expect(unquote(input)).toBe(expected);
  });
});
