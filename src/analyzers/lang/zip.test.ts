import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip, type ZipOptions } from '../../../test/fixtures/lang/zip-writer.js';
import { listZipEntries, readZipEntry, ZipError, type ZipEntry } from './zip.js';

const has = (cmd: string, arg: string): boolean => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const hasPython = has('python3', '--version');
const hasZipCli = has('zip', '-v');

const big = (): number => 64 * 1024 * 1024;

function readAll(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of listZipEntries(buf)) out[e.name] = readZipEntry(buf, e, { remaining: big() }).toString();
  return out;
}

const FILES = [
  { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\r\n\r\n', method: 'deflate' as const },
  { name: 'META-INF/maven/', data: '' },
  { name: 'a/stored.txt', data: 'stored content' },
  { name: 'a/deflated.txt', data: 'deflated content '.repeat(100), method: 'deflate' as const },
  { name: 'ünïcode.txt', data: 'ü' },
];
const EXPECTED = Object.fromEntries(FILES.map((f) => [f.name, f.data]));

describe('listZipEntries / readZipEntry', () => {
  it.each<[string, ZipOptions]>([
    ['plain', {}],
    ['with an archive comment', { comment: 'made by a test' }],
    ['zip64', { zip64: true }],
    ['with a launch script prepended', { prefix: '#!/bin/sh\nexec java -jar "$0" "$@"\n' }],
    ['zip64 with a launch script prepended', { zip64: true, prefix: '#!/bin/sh\n'.repeat(50) }],
  ])('reads stored and deflated entries: %s', (_label, options) => {
    expect(readAll(buildZip(FILES, options))).toStrictEqual(EXPECTED);
  });

  it('returns stored entries as views, without copying', () => {
    const buf = buildZip([{ name: 'x', data: 'abc' }]);
    const [entry] = listZipEntries(buf);
    const data = readZipEntry(buf, entry as ZipEntry, { remaining: 1 });
    expect(data.buffer).toBe(buf.buffer);
  });

  it.each([
    ['empty', Buffer.alloc(0), /too short/],
    ['text', Buffer.from('this is not a zip archive at all, just text'), /no end of central directory/],
    ['an empty archive', buildZip([]), undefined],
  ])('%s', (_label, buf, error) => {
    if (error === undefined) expect(listZipEntries(buf)).toEqual([]);
    else expect(() => listZipEntries(buf)).toThrow(error);
  });

  it('rejects a truncated archive', () => {
    const buf = buildZip(FILES);
    expect(() => listZipEntries(buf.subarray(0, buf.length - 30))).toThrow(ZipError);
    expect(() => listZipEntries(buf.subarray(40))).toThrow(ZipError);
  });

  it('rejects encrypted entries and unknown compression methods', () => {
    const buf = buildZip([{ name: 'x', data: 'abc' }]);
    const [entry] = listZipEntries(buf) as [ZipEntry];
    expect(() => readZipEntry(buf, { ...entry, flags: 1 }, { remaining: 100 })).toThrow(/encrypted/);
    expect(() => readZipEntry(buf, { ...entry, method: 12 }, { remaining: 100 })).toThrow(
      /method 12 not supported/,
    );
    expect(() => readZipEntry(buf, { ...entry, localHeaderOffset: 5 }, { remaining: 100 })).toThrow(
      /no local header/,
    );
    expect(() => readZipEntry(buf, { ...entry, compressedSize: 1e9 }, { remaining: 100 })).toThrow(
      /runs past the end/,
    );
  });

  it('stops a zip bomb at the budget, even when its recorded size lies', () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const buf = buildZip([{ name: 'bomb', data: zeros, method: 'deflate' }]);
    expect(buf.length).toBeLessThan(50 * 1024);
    const [entry] = listZipEntries(buf) as [ZipEntry];
    expect(() => readZipEntry(buf, entry, { remaining: 1024 * 1024 })).toThrow(/inflated size limit reached/);
    expect(() => readZipEntry(buf, { ...entry, uncompressedSize: 10 }, { remaining: 1024 * 1024 })).toThrow(
      /inflated size limit reached/,
    );
    const budget = { remaining: 30 * 1024 * 1024 };
    expect(readZipEntry(buf, entry, budget)).toHaveLength(zeros.length);
    expect(budget.remaining).toBe(10 * 1024 * 1024);
  });

  it('reports corrupt deflate data as a ZipError', () => {
    const body = deflateRawSync(Buffer.from('hello world'.repeat(10)));
    const buf = buildZip([{ name: 'x', data: 'hello world'.repeat(10), method: 'deflate' }]);
    const at = buf.indexOf(body);
    buf.fill(0xff, at, at + body.length);
    const [entry] = listZipEntries(buf) as [ZipEntry];
    expect(() => readZipEntry(buf, entry, { remaining: big() })).toThrow(ZipError);
  });

  it('never throws anything but ZipError on damaged archives (random byte flips)', () => {
    const original = buildZip(FILES);
    const zip64 = buildZip(FILES, { zip64: true });
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const buf = Buffer.from(round % 2 ? zip64 : original);
      for (let flips = 1 + random(4); flips > 0; flips--) buf[random(buf.length)] = random(256);
      try {
        for (const entry of listZipEntries(buf)) {
          try {
            readZipEntry(buf, entry, { remaining: 1024 * 1024 });
          } catch (err) {
            if (!(err instanceof ZipError)) throw err;
          }
        }
      } catch (err) {
        if (!(err instanceof ZipError)) throw err;
      }
    }
  });
});

describe.skipIf(!hasPython)("against Python's zipfile", () => {
  const python = (script: string, input?: Buffer): string => {
    const run = spawnSync('python3', ['-c', script], { input, maxBuffer: 10 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(run.stderr.toString());
    return run.stdout.toString();
  };

  it.each<[string, ZipOptions]>([
    ['plain', {}],
    ['zip64', { zip64: true }],
  ])('Python reads what the test writer builds (%s)', (_label, options) => {
    const script = [
      'import io, json, sys, zipfile',
      'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
      'assert z.testzip() is None',
      'print(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))',
    ].join('\n');
    expect(JSON.parse(python(script, buildZip(FILES, options)))).toStrictEqual(EXPECTED);
  });

  it('reads what Python writes, data descriptors and forced zip64 included', () => {
    const script = [
      'import io, sys, zipfile',
      'b = io.BytesIO()',
      'with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:',
      '    z.writestr("a.txt", "alpha " * 50)',
      '    z.writestr(zipfile.ZipInfo("stored.txt"), "beta")',
      '    with z.open("forced64.txt", "w", force_zip64=True) as f:',
      '        f.write(b"gamma " * 30)',
      'sys.stdout.buffer.write(b.getvalue())',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script]);
    expect(readAll(run.stdout)).toStrictEqual({
      'a.txt': 'alpha '.repeat(50),
      'stored.txt': 'beta',
      'forced64.txt': 'gamma '.repeat(30),
    });
  });
});

describe.skipIf(!hasZipCli)('against Info-ZIP zip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-zip-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads an archive made by zip, including one streamed as zip64 from stdin', () => {
    mkdirSync(join(dir, 'src/sub'), { recursive: true });
    writeFileSync(join(dir, 'src/one.txt'), 'one '.repeat(100));
    writeFileSync(join(dir, 'src/sub/two.txt'), 'two');
    expect(spawnSync('zip', ['-q', '-r', '../out.zip', '.'], { cwd: join(dir, 'src') }).status).toBe(0);
    const made = readAll(readFileSync(join(dir, 'out.zip')));
    expect(made).toMatchObject({ 'one.txt': 'one '.repeat(100), 'sub/two.txt': 'two' });

    const streamed = spawnSync('zip', ['-q', '-', '-'], { input: 'streamed '.repeat(20) });
    expect(streamed.status).toBe(0);
    expect(readAll(streamed.stdout)).toStrictEqual({ '-': 'streamed '.repeat(20) });
  });
});
