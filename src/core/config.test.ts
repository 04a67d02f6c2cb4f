import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('parseConfig', () => {
  it('reads every documented key', () => {
    const c = parseConfig(
      'bulkhead.yaml',
      [
        'format: sarif',
        'severity: [CRITICAL, high]',
        'failOn: medium',
        'ignoreFile: .ignore',
        'rules:',
        '  disable: [DF005]',
        '  severity: { DF039: INFO }',
        'dockerfile:',
        '  allowedRegistries: [docker.io, ghcr.io/acme]',
      ].join('\n'),
    );
    expect(c).toEqual({
      format: 'sarif',
      severity: ['CRITICAL', 'HIGH'],
      failOn: 'MEDIUM',
      ignoreFile: '.ignore',
      rules: { disable: ['DF005'], severity: { DF039: 'INFO' } },
      dockerfile: { allowedRegistries: ['docker.io', 'ghcr.io/acme'] },
    });
  });
  it.each([
    ['failon: HIGH', /unknown key "failon"/],
    ['failOn: SEVERE', /failOn must be one of/],
    ['rules: { disabled: [DF001] }', /rules.disabled/],
    ['dockerfile: { registries: [] }', /dockerfile.registries/],
    ['- a', /mapping/],
    ['format: [', /invalid YAML/],
  ])('rejects %j', (text, re) => {
    expect(() => parseConfig('bulkhead.yaml', text)).toThrow(re);
  });
  it('an empty file is the defaults', () => {
    expect(parseConfig('bulkhead.yaml', '').rules.disable).toEqual([]);
  });
});

describe('hostile YAML', () => {
  it('a config nested thousands of levels deep is refused before parsing, as a config error', () => {
    const text = `severity: ${'['.repeat(20_000)}`;
    // Twice: the yaml package's recursion can abort the process outright on a repeated deep parse.
    for (let i = 0; i < 2; i++) expect(() => parseConfig('bulkhead.yaml', text)).toThrow(/nested too deeply/);
  });
});
