import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parsePipfileLock,
  parsePoetryLock,
  parsePythonMetadata,
  parseRequirementsTxt,
  parseUvLock,
} from './python.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/lang/python/${name}`, import.meta.url));

describe('parsePythonMetadata', () => {
  const path = 'usr/lib/python3.11/site-packages/x.dist-info/METADATA';
  it.each([
    {
      file: 'requests.METADATA',
      expected: {
        name: 'requests',
        version: '2.31.0',
        licenses: ['Apache 2.0'],
        // PySocks and chardet are behind extras.
        dependsOn: ['charset-normalizer', 'idna', 'urllib3', 'certifi'],
      },
    },
    // The License field holds the license text: the classifier names it.
    { file: 'numpy.METADATA', expected: { name: 'numpy', version: '1.26.3', licenses: ['BSD License'] } },
    {
      file: 'pydantic.METADATA',
      expected: {
        name: 'pydantic_core',
        version: '2.27.2',
        licenses: ['MIT'],
        dependsOn: ['typing-extensions', 'importlib_metadata'],
      },
    },
    // `License: UNKNOWN` (old setuptools) says nothing.
    { file: 'six.PKG-INFO', expected: { name: 'six', version: '1.16.0', licenses: ['MIT License'] } },
  ])('$file', ({ file, expected }) => {
    expect(parsePythonMetadata(path, fixture(file))).toStrictEqual({
      packages: [{ type: 'pypi', path, ...expected }],
      warnings: [],
    });
  });

  it.each([
    ['', 'not a metadata file (no "Name:" header)'],
    ['<html>\n<body>not metadata</body>', 'not a metadata file (no "Name:" header)'],
    ['Metadata-Version: 2.1\nName: foo\nSummary: x\n', 'no Version header'],
    ['Metadata-Version: 2.1\nVersion: 1.0\nName:\n', 'no Name header'],
  ])('warns about %j', (text, warning) => {
    expect(parsePythonMetadata('m', Buffer.from(text))).toStrictEqual({
      packages: [],
      warnings: [`m: ${warning}`],
    });
  });

  it('reads CRLF files with continuation lines', () => {
    const text =
      'Metadata-Version: 2.1\r\nName: crlf\r\nVersion: 0.1\r\nLicense: line one\r\n  line two\r\nClassifier: License :: OSI Approved :: ISC License (ISCL)\r\n\r\nbody';
    expect(parsePythonMetadata('m', Buffer.from(text)).packages).toStrictEqual([
      { type: 'pypi', name: 'crlf', version: '0.1', path: 'm', licenses: ['ISC License (ISCL)'] },
    ]);
  });
});

describe('parseRequirementsTxt', () => {
  it('reads exact pins only: hashes, comments, extras and markers handled', () => {
    const base = { type: 'pypi', path: 'requirements.txt', fromLockFile: true };
    expect(parseRequirementsTxt('requirements.txt', fixture('requirements.txt'))).toStrictEqual({
      packages: [
        { ...base, name: 'Django', version: '4.2.7' },
        { ...base, name: 'asgiref', version: '3.7.2' },
        { ...base, name: 'requests', version: '2.31.0' },
        { ...base, name: 'importlib-metadata', version: '6.8.0' },
        { ...base, name: 'zope.interface', version: '5.5.2' },
        { ...base, name: 'torch', version: '2.1.0+cpu' },
      ],
      warnings: [],
    });
  });

  it('reads UTF-16 (pip freeze in Windows PowerShell)', () => {
    const text = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('flask==3.0.0\r\nitsdangerous==2.1.2\r\n', 'utf16le'),
    ]);
    expect(
      parseRequirementsTxt('requirements.txt', text).packages.map((p) => `${p.name}@${p.version}`),
    ).toEqual(['flask@3.0.0', 'itsdangerous@2.1.2']);
  });

  it('finds nothing in binary garbage, without a warning', () => {
    expect(parseRequirementsTxt('requirements.txt', Buffer.from([0, 1, 2, 0xff, 0x3d, 0x3d]))).toStrictEqual({
      packages: [],
      warnings: [],
    });
  });
});

describe('parsePoetryLock', () => {
  const base = { type: 'pypi', path: 'poetry.lock', fromLockFile: true };
  it('reads lock 1.x with categories', () => {
    expect(parsePoetryLock('poetry.lock', fixture('poetry-v1.lock'))).toStrictEqual({
      packages: [
        { ...base, name: 'certifi', version: '2023.7.22' },
        {
          ...base,
          name: 'pytest',
          version: '7.4.2',
          dev: true,
          dependsOn: ['colorama', 'iniconfig', 'packaging', 'pluggy'],
        },
        {
          ...base,
          name: 'requests',
          version: '2.31.0',
          dependsOn: ['certifi', 'charset-normalizer', 'idna', 'urllib3'],
        },
      ],
      warnings: [],
    });
  });

  it('reads lock 2.x with groups; skips path dependencies', () => {
    expect(parsePoetryLock('poetry.lock', fixture('poetry-v2.lock'))).toStrictEqual({
      packages: [
        { ...base, name: 'anyio', version: '4.8.0', dependsOn: ['idna', 'sniffio', 'typing_extensions'] },
        { ...base, name: 'colorama', version: '0.4.6' },
        {
          ...base,
          name: 'mypy',
          version: '1.14.1',
          dev: true,
          dependsOn: ['mypy_extensions', 'typing_extensions'],
        },
      ],
      warnings: [],
    });
  });

  it('warns about TOML it cannot read', () => {
    const result = parsePoetryLock('poetry.lock', Buffer.from('[[package]]\nname = "a\n'));
    expect(result).toStrictEqual({
      packages: [],
      warnings: ['poetry.lock: invalid TOML (line 2: unterminated string)'],
    });
  });
});

describe('parsePipfileLock', () => {
  it('reads default and develop; skips editable and VCS entries', () => {
    const base = { type: 'pypi', path: 'Pipfile.lock', fromLockFile: true };
    expect(parsePipfileLock('Pipfile.lock', fixture('Pipfile.lock'))).toStrictEqual({
      packages: [
        { ...base, name: 'certifi', version: '2023.7.22' },
        { ...base, name: 'flask', version: '3.0.0' },
        { ...base, name: 'pytest', version: '7.4.2', dev: true },
      ],
      warnings: [],
    });
  });

  it.each([
    ['{"default": ', /^Pipfile\.lock: invalid JSON/],
    ['null', /^Pipfile\.lock: not a JSON object$/],
  ])('warns about %j', (text, warning) => {
    const result = parsePipfileLock('Pipfile.lock', Buffer.from(text));
    expect(result.packages).toEqual([]);
    expect(result.warnings[0]).toMatch(warning);
  });
});

describe('parseUvLock', () => {
  it('reads packages; skips the editable project; dev from its dev groups', () => {
    const base = { type: 'pypi', path: 'uv.lock', fromLockFile: true };
    expect(parseUvLock('uv.lock', fixture('uv.lock'))).toStrictEqual({
      packages: [
        { ...base, name: 'anyio', version: '4.4.0', dependsOn: ['idna', 'sniffio'] },
        { ...base, name: 'idna', version: '3.8' },
        { ...base, name: 'iniconfig', version: '2.0.0', dev: true },
        { ...base, name: 'pytest', version: '8.3.2', dev: true, dependsOn: ['colorama', 'iniconfig'] },
        { ...base, name: 'sniffio', version: '1.3.1' },
      ],
      warnings: [],
    });
  });

  it('skips virtual workspace roots', () => {
    const text = '[[package]]\nname = "ws"\nversion = "0.0.0"\nsource = { virtual = "." }\n';
    expect(parseUvLock('uv.lock', Buffer.from(text))).toStrictEqual({ packages: [], warnings: [] });
  });
});
