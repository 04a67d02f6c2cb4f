import { describe, expect, it } from 'vitest';
import { parseToml, TomlError, tomlPackages } from './toml-lite.js';

// Compares through JSON: the reader's tables have no prototype.
const parse = (text: string): unknown => JSON.parse(JSON.stringify(parseToml(text))) as unknown;

describe('parseToml', () => {
  it.each([
    ['a = "b"', { a: 'b' }],
    ["a = 'C:\\path'", { a: 'C:\\path' }],
    ['a = "tab\\there \\"q\\" \\u00e9 \\U0001F600 \\\\"', { a: 'tab\there "q" é 😀 \\' }],
    ['"quoted key" = 1\n\'lit.key\' = 2', { 'quoted key': 1, 'lit.key': 2 }],
    ['a.b.c = true\na.d = false', { a: { b: { c: true }, d: false } }],
    [
      'n = -12\nf = 3.5\ne = 1e3\nu = 1_000\nh = 0xff\no = 0o17\nb = 0b101',
      { n: -12, f: 3.5, e: 1000, u: 1000, h: 255, o: 15, b: 5 },
    ],
    [
      'd = 1979-05-27T07:32:00Z\nl = 1979-05-27 07:32:00\nt = 07:32:00',
      { d: '1979-05-27T07:32:00Z', l: '1979-05-27 07:32:00', t: '07:32:00' },
    ],
    ['x = [1, 2, 3]\ny = []\nz = [ "a", [ "b" ] ]', { x: [1, 2, 3], y: [], z: ['a', ['b']] }],
    ['x = [\n  "a", # first\n  "b",\n]\n', { x: ['a', 'b'] }],
    [
      's = { registry = "https://pypi.org/simple" }\ne = {}',
      { s: { registry: 'https://pypi.org/simple' }, e: {} },
    ],
    [
      'w = [\n { url = "u", size = 5 },\n { url = "v", size = 6 },\n]',
      {
        w: [
          { url: 'u', size: 5 },
          { url: 'v', size: 6 },
        ],
      },
    ],
    ['m = """\nline 1\nline "2"\\\n   joined"""', { m: 'line 1\nline "2"joined' }],
    ["m = '''\nraw \\n\n'''", { m: 'raw \\n\n' }],
    ['# comment\n\n  a = 1   # trailing\r\nb = 2\r\n', { a: 1, b: 2 }],
    ['[t]\nx = 1\n[t.inner]\ny = 2\n[u]', { t: { x: 1, inner: { y: 2 } }, u: {} }],
    [
      '[[package]]\nname = "a"\n[package.dependencies]\nb = "*"\n[[package]]\nname = "c"\n[[package.wheels]]\nurl = "w"',
      {
        package: [
          { name: 'a', dependencies: { b: '*' } },
          { name: 'c', wheels: [{ url: 'w' }] },
        ],
      },
    ],
    [
      '"checksum libc 0.2.62 (registry+https://x)" = "34fc"',
      { 'checksum libc 0.2.62 (registry+https://x)': '34fc' },
    ],
  ])('%j', (text, expected) => {
    expect(parse(text)).toStrictEqual(expected);
  });

  it.each([
    ['a = "unterminated', /line 1: unterminated string/],
    ['a = 1\nb = [1, 2', /line 2: unterminated array/],
    ['a = 1\na = 2', /line 2: duplicate key "a"/],
    ['a = b', /unexpected value "b"/],
    ['a = 1 2', /expected the end of the line/],
    ['[t\nx = 1', /expected "]"/],
    ['a = 1\n[a]', /"a" is not a table/],
    ['a = {x = 1\n', /unterminated inline table|expected/],
    ['= 1', /expected a key/],
    ['a = "\\q"', /invalid escape/],
    ['a = "\\uD800"', /invalid escape/],
    [`a = ${'['.repeat(100)}${']'.repeat(100)}`, /nested too deeply/],
  ])('rejects %j', (text, message) => {
    expect(() => parseToml(text)).toThrow(TomlError);
    expect(() => parseToml(text)).toThrow(message);
  });

  it('keeps keys named like Object.prototype members as plain keys', () => {
    const doc = parseToml('__proto__ = "x"\nconstructor = 1\ntoString = 2');
    expect(Object.keys(doc)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('tomlPackages lists the [[package]] tables', () => {
    expect(
      tomlPackages(parseToml('[[package]]\nname = "a"\n[[package]]\nname = "b"')).map((p) => p.name),
    ).toEqual(['a', 'b']);
    expect(tomlPackages(parseToml('package = "x"'))).toEqual([]);
    expect(tomlPackages(parseToml(''))).toEqual([]);
  });
});
