import { describe, expect, it } from 'vitest';
import { testRule } from '../../../test/support/rule-tester.js';
import { parseDockerfile } from '../../analyzers/config/dockerfile/parse.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { DEFAULT_RULE_SETTINGS } from '../types.js';
import { tokenInInstruction } from './df008-token-in-instruction.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
// GitHub and npm tokens carry a CRC-32 of their random part in the last six characters.
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const GLPAT = 'glpat-' + fill('xY_z9aB8c', 20);
const STRIPE = 'sk_live_' + fill('Ab12Cd34Ef', 24);
// A key needs its body: a bare header is what TLS libraries contain as a constant.
const PEM_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ' + fill('AAAAMwAAAAtzc2gtZW', 28);
const PEM = '-----BEGIN OPENSSH PRIVATE ' + 'KEY-----\n      ' + PEM_BODY;
const JWT = [
  Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
  Buffer.from('{"sub":"ci","iat":1700000000}').toString('base64url'),
  fill('Sf1KxwRJ-SMeKKF2QT4fwpMeJf36P', 43),
].join('.');

testRule(tokenInInstruction, {
  valid: [
    `
    FROM alpine:3.19
    ARG NPM_TOKEN
    RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
    `,
    {
      name: 'AWS documentation example key',
      dockerfile: 'FROM amazon/aws-cli:2.15.0\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n',
    },
    {
      name: 'digests, commit shas and test keys',
      dockerfile: `
      FROM alpine@sha256:${fill('0123456789abcdef', 64)}
      RUN git checkout 3f786850e387550fdab836ed7e6dc881de23001b
      ENV STRIPE_KEY=sk_test_${fill('Ab12Cd34Ef', 24)}
      `,
    },
    {
      name: 'generic password assignments are left to DF007',
      dockerfile: `
      FROM alpine:3.19
      ENV DB_PASSWORD=Xk9vQ2mLp7Rt4WzB
      RUN echo "-----BEGIN RSA PRIVATE KEY-----" > /tmp/header-only
      `,
    },
    {
      name: 'a public key or certificate',
      dockerfile: `
      FROM alpine:3.19
      RUN echo "-----BEGIN PUBLIC KEY-----" > /etc/pub.pem
      `,
    },
  ],
  invalid: [
    {
      name: 'a credential in a comment is still in the Dockerfile',
      dockerfile: `FROM alpine:3.19\n# old key: ${['AKIA', 'Z7Q3LMNRT4W5Y6K2'].join('')}\nUSER 1\n`,
      expect: [{ line: 2, message: 'in a comment' }],
    },
    {
      name: 'ENV with an AWS key, redacted in the message',
      dockerfile: `
      FROM alpine:3.19
      ENV AWS_ACCESS_KEY_ID=${AWS}
      `,
      expect: [{ line: 2, severity: 'CRITICAL', message: 'AWS access key ID (AKIA****) in ENV' }],
    },
    {
      name: 'token on a continuation line of a RUN',
      dockerfile: `
      FROM node:20
      RUN npm config set registry https://registry.npmjs.org/ && \\
          npm config set //registry.npmjs.org/:_authToken ${NPM} && \\
          npm ci
      `,
      expect: [{ line: 3, endLine: 3, message: 'npm access token (npm_****) in RUN' }],
    },
    {
      name: 'several instructions and kinds',
      dockerfile: `
      ARG GL=${GLPAT}
      FROM alpine:3.19
      LABEL ci.token="${GHP}"
      RUN git clone https://oauth2:${GLPAT}@gitlab.com/acme/app.git
      CMD ["app", "--stripe-key", "${STRIPE}"]
      `,
      expect: [
        { line: 1, message: 'GitLab personal access token (glpa****) in ARG' },
        { line: 3, message: 'GitHub personal access token (ghp_****) in LABEL' },
        { line: 4, message: 'in RUN' },
        { line: 5, message: 'Stripe live secret key (sk_l****) in CMD' },
      ],
    },
    {
      name: 'a JWT is reported with a lower severity, a database URL password as HIGH',
      dockerfile: `
      FROM alpine:3.19
      ENV API_JWT=${JWT}
      ENV DATABASE_URL=postgres://app:${fill('q7Wm2Xv9Lp', 16)}@db:5432/app
      `,
      expect: [
        { line: 2, severity: 'MEDIUM', message: 'JSON Web Token (eyJh****) in ENV' },
        { line: 3, severity: 'HIGH', message: 'PostgreSQL URL with a password (q7Wm****) in ENV' },
      ],
    },
    {
      name: 'private key written from a heredoc',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      mkdir -p /root/.ssh
      cat > /root/.ssh/id_ed25519 <<KEY
      ${PEM}
      KEY
      EOF
      `,
      expect: [
        { line: 5, endLine: 6, severity: 'HIGH', message: 'OpenSSH private key (PEM) (----****) in RUN' },
      ],
    },
  ],
});

describe('DF008 redaction', () => {
  it('never puts the secret itself in a message', () => {
    const df = parseDockerfile('Dockerfile', `FROM alpine:3.19\nENV A=${AWS} B=${GHP}\nRUN echo ${NPM}\n`);
    const hits = tokenInInstruction.check(df, DEFAULT_RULE_SETTINGS);
    expect(hits).toHaveLength(3);
    for (const h of hits) for (const s of [AWS, GHP, NPM]) expect(h.message).not.toContain(s.slice(4));
  });
});
