import { describe, expect, it } from 'vitest';
import { imageContext, testImageRule } from '../../../test/support/image-rule-tester.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { secretInEnv } from './img002-secret-in-env.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const PASSWORD = 'Xk9v' + 'Q2mLp7Rt4WzB';

const BASE_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
  `PYTHON_SHA256=${fill('8fb5f9fbc7609fa8', 64)}`,
];

testImageRule(secretInEnv, {
  valid: [
    { name: 'no environment at all', config: {} },
    { name: 'paths, versions, GPG fingerprints and checksums', config: { Env: BASE_ENV } },
    {
      name: 'placeholders and references',
      config: {
        Env: [
          'DB_PASSWORD=changeme',
          'DB_PASSWORD=${DB_PASSWORD}',
          'API_TOKEN=<your-token>',
          'NODE_AUTH_TOKEN=',
          'POSTGRES_PASSWORD_FILE=/run/secrets/db',
          'SECRET_KEY_BASE_DUMMY=1',
        ],
      },
    },
    {
      name: "AWS's documented example keys",
      config: {
        Env: [
          'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
          'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        ],
      },
    },
    {
      name: 'a GitHub-like token with a wrong checksum',
      config: { Env: [`GH_PAT=ghp_${fill('aB3dE5fG7h', 36)}`] },
    },
    { name: 'folders have no config', kind: 'rootfs' },
  ],
  invalid: [
    {
      name: 'a generic password literal is raised to HIGH, redacted',
      config: { Env: [...BASE_ENV, `DB_PASSWORD=${PASSWORD}`] },
      expect: [
        { path: 'config', severity: 'HIGH', message: 'password assignment (Xk9v****) in ENV DB_PASSWORD' },
      ],
    },
    {
      name: 'an AWS access key keeps its own severity',
      config: { Env: [`AWS_ACCESS_KEY_ID=${AWS}`] },
      expect: [
        {
          path: 'config',
          severity: 'CRITICAL',
          message: 'AWS access key ID (AKIA****) in ENV AWS_ACCESS_KEY_ID',
        },
      ],
    },
    {
      name: 'a token in a generic-looking variable is reported once, as the token',
      config: { Env: [`GITHUB_TOKEN=${GHP}`] },
      expect: [
        {
          path: 'config',
          severity: 'CRITICAL',
          message: 'GitHub personal access token (ghp_****) in ENV GITHUB_TOKEN',
        },
      ],
    },
    {
      name: 'one hit per variable, in order',
      config: { Env: ['HOME=/root', `NPM_TOKEN=${NPM}`, `AWS_ACCESS_KEY_ID=${AWS}`] },
      expect: [
        { path: 'config', message: 'npm access token (npm_****) in ENV NPM_TOKEN' },
        { path: 'config', message: 'in ENV AWS_ACCESS_KEY_ID' },
      ],
    },
    {
      name: 'a database URL with a password',
      config: { Env: [`DATABASE_URL=postgres://app:${fill('q7Wm2Xv9Lp', 16)}@db:5432/app`] },
      expect: [
        {
          path: 'config',
          severity: 'HIGH',
          message: 'PostgreSQL URL with a password (q7Wm****) in ENV DATABASE_URL',
        },
      ],
    },
  ],
});

describe('IMG002 redaction', () => {
  it('never puts a secret in a message or a fingerprint key', () => {
    const secrets = [AWS, GHP, NPM, PASSWORD];
    const hits = secretInEnv.check(
      imageContext({ config: { Env: [`A=${AWS}`, `B=${GHP}`, `C=${NPM}`, `DB_PASSWORD=${PASSWORD}`] } }),
    );
    expect(hits).toHaveLength(4);
    for (const h of hits) for (const s of secrets) expect(JSON.stringify(h)).not.toContain(s.slice(4));
  });
});
