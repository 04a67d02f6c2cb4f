import { describe, expect, it } from 'vitest';
import { BulkheadError } from './errors.js';
import type { Finding } from './finding.js';
import { applyIgnoreFile, parseIgnoreFile } from './ignore-file.js';

function finding(ruleId: string, path: string): Finding {
  return {
    ruleId,
    class: 'misconfig',
    severity: 'HIGH',
    title: 't',
    message: 'm',
    location: { path, startLine: 1, endLine: 1 },
    remediation: 'r',
    references: [],
    mappings: {},
    fingerprint: '0'.repeat(32),
  };
}

describe('parseIgnoreFile', () => {
  it('reads a list with ids, globs, dates and reasons, keeping lines', () => {
    const f = parseIgnoreFile(
      '.bulkheadignore',
      '- id: DF001\n  reason: base runs as root by design\n- id: DF007\n  paths: ["legacy/**"]\n  expires: 2027-01-31\n',
    );
    expect(f.entries).toEqual([
      { id: 'DF001', reason: 'base runs as root by design', line: 1 },
      { id: 'DF007', paths: ['legacy/**'], expires: '2027-01-31', line: 3 },
    ]);
  });
  it('accepts an `ignores:` mapping and an empty file', () => {
    expect(parseIgnoreFile('x', 'ignores:\n  - id: DF002\n').entries).toHaveLength(1);
    expect(parseIgnoreFile('x', '').entries).toEqual([]);
    expect(parseIgnoreFile('x', '# only comments\n').entries).toEqual([]);
  });
  it.each([
    ['- id: DF001\n  expires: next week\n', /expires/],
    ['- id: DF001\n  path: a\n', /unknown key "path"/],
    ['- reason: x\n', /no `id`/],
    ['id: DF001\n', /list/],
    ['- id: [DF001\n', /invalid YAML/],
    ['- id: DF001\n  paths: 3\n', /paths/],
  ])('rejects %j with a clear error', (text, re) => {
    expect(() => parseIgnoreFile('.bulkheadignore', text)).toThrow(BulkheadError);
    expect(() => parseIgnoreFile('.bulkheadignore', text)).toThrow(re);
  });
});

describe('applyIgnoreFile', () => {
  const file = parseIgnoreFile(
    '.bulkheadignore',
    [
      '- id: DF001',
      '- id: DF007',
      '  paths: ["legacy/**"]',
      '  expires: 2026-12-31',
      '- id: missing-healthcheck',
      '- id: DF010',
      '  expires: 2020-01-01',
    ].join('\n'),
  );
  const aliases = (id: string): string[] => (id === 'DF039' ? ['missing-healthcheck'] : []);

  it('suppresses by id, by rule name and by path glob until the expiry day (inclusive)', () => {
    const res = applyIgnoreFile(
      [
        finding('DF001', 'a/Dockerfile'),
        finding('DF007', 'legacy/x/Dockerfile'),
        finding('DF007', 'new/Dockerfile'),
        finding('DF039', 'Dockerfile'),
      ],
      file,
      '2026-12-31',
      aliases,
    );
    expect(res.findings.map((f) => f.suppression?.source ?? null)).toEqual([
      '.bulkheadignore:1',
      '.bulkheadignore:2',
      null,
      '.bulkheadignore:5',
    ]);
    expect(res.findings[1]?.suppression?.expires).toBe('2026-12-31');
  });
  it('an expired entry stops suppressing and says so', () => {
    const res = applyIgnoreFile(
      [finding('DF010', 'Dockerfile'), finding('DF007', 'legacy/Dockerfile')],
      file,
      '2027-01-01',
    );
    expect(res.findings.every((f) => f.suppression === undefined)).toBe(true);
    expect(res.warnings).toEqual([
      '.bulkheadignore:2: ignore entry for DF007 expired on 2026-12-31 and no longer suppresses',
      '.bulkheadignore:6: ignore entry for DF010 expired on 2020-01-01 and no longer suppresses',
    ]);
  });
});

describe('hostile YAML', () => {
  it('an ignore file nested thousands of levels deep is refused before parsing', () => {
    const text = `- id: ${'{a: '.repeat(5_000)}`;
    for (let i = 0; i < 2; i++)
      expect(() => parseIgnoreFile('.bulkheadignore', text)).toThrow(/nested too deeply/);
  });
});
