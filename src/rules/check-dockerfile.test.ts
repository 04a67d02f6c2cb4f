import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../analyzers/config/dockerfile/parse.js';
import { checkDockerfile } from './check-dockerfile.js';
import { missingUser } from './dockerfile/df001-missing-user.js';
import { DOCKERFILE_RULES } from './dockerfile/index.js';
import { DEFAULT_RULE_SETTINGS, type DockerfileRule } from './types.js';

const run = (text: string) =>
  checkDockerfile(parseDockerfile('Dockerfile', text), DOCKERFILE_RULES, DEFAULT_RULE_SETTINGS);

describe('checkDockerfile', () => {
  it('turns hits into findings with the rule metadata, exact lines and a fingerprint', () => {
    const f = run('FROM alpine:3.19\nUSER root\n').find((x) => x.ruleId === 'DF002');
    expect(f).toMatchObject({
      class: 'misconfig',
      severity: 'MEDIUM',
      title: 'Final stage switches to root last',
      location: { path: 'Dockerfile', startLine: 2, endLine: 2 },
      mappings: { hadolint: ['DL3002'] },
    });
    expect(f?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps fingerprints when unrelated lines move, and tells identical lines apart', () => {
    const a = run('FROM alpine:3.19\nRUN chmod 777 /a\nRUN chmod 777 /a\nUSER 1\n').filter(
      (f) => f.ruleId === 'DF023',
    );
    const b = run('FROM alpine:3.19\nLABEL x=y\n\nRUN chmod 777 /a\nRUN chmod 777 /a\nUSER 1\n').filter(
      (f) => f.ruleId === 'DF023',
    );
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('applies inline ignores to the next instruction only, by id or name, and file-wide ignores everywhere', () => {
    const findings = run(
      [
        '# bulkhead:ignore-file=missing-healthcheck',
        'FROM alpine:3.19',
        '# bulkhead:ignore=DF023 shared scratch dir',
        'RUN chmod 777 /a',
        'RUN chmod 777 /b',
        'USER 1',
      ].join('\n'),
    );
    const byRule = (id: string) =>
      findings
        .filter((f) => f.ruleId === id)
        .map((f) => [f.location.startLine, f.suppression?.source ?? null]);
    expect(byRule('DF023')).toEqual([
      [4, 'Dockerfile:3'],
      [5, null],
    ]);
    expect(byRule('DF039')).toEqual([[2, 'Dockerfile:1']]);
    expect(findings.find((f) => f.ruleId === 'DF023')?.suppression?.reason).toBe('shared scratch dir');
  });

  it('a rule that throws becomes a finding instead of aborting the scan', () => {
    const broken: DockerfileRule = {
      ...missingUser,
      id: 'DF900',
      check: () => {
        throw new Error('boom');
      },
    };
    const out = checkDockerfile(parseDockerfile('Dockerfile', 'FROM a:1\n'), [broken], DEFAULT_RULE_SETTINGS);
    expect(out.map((f) => [f.ruleId, f.message])).toEqual([['DF900', 'rule DF900 failed: boom']]);
  });

  it("honours hadolint ignore comments through the rules' hadolint mappings", () => {
    const findings = run(
      [
        '# hadolint global ignore=DL3057',
        'FROM alpine:3.19',
        '# hadolint ignore=DL3018,DL3019',
        'RUN apk add curl',
        'RUN apk add git',
        'USER 1',
      ].join('\n'),
    );
    const byRule = (id: string) =>
      findings
        .filter((f) => f.ruleId === id)
        .map((f) => [f.location.startLine, f.suppression?.source ?? null]);
    expect(byRule('DF031')).toEqual([
      [4, 'Dockerfile:3'],
      [5, null],
    ]);
    expect(byRule('DF035')).toEqual([
      [4, 'Dockerfile:3'],
      [5, null],
    ]);
    expect(byRule('DF039')).toEqual([[2, 'Dockerfile:1']]);
  });
});
