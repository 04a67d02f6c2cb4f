import { describe, expect, it } from 'vitest';
import { imageContext, testImageRule } from '../../../test/support/image-rule-tester.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { buildArgSpan, secretInHistory } from './img003-secret-in-history.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const PASSWORD = 'Xk9v' + 'Q2mLp7Rt4WzB';

const BASE = 'ADD file:5a8ad1f7f1c4e8b0b6f8e3b0b0c3b2a1e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9 in / ';

testImageRule(secretInHistory, {
  valid: [
    { name: 'no history', config: {} },
    {
      name: 'the history of an ordinary image',
      config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] },
      emptyHistory: [
        'CMD ["bash"]',
        'ENV PATH=/usr/local/bin:/usr/bin:/bin',
        'ARG TARGETARCH',
        'WORKDIR /app',
      ],
      layers: [
        { createdBy: BASE },
        {
          createdBy:
            'RUN |1 TARGETARCH=amd64 /bin/sh -c set -eux; dpkgArch="$(dpkg --print-architecture)" # buildkit',
        },
        { createdBy: 'RUN /bin/sh -c npm ci --omit=dev # buildkit' },
        { createdBy: 'COPY . /app # buildkit' },
      ],
    },
    {
      name: 'a secret mount leaves no trace in the history',
      emptyHistory: ['ARG NPM_TOKEN'],
      layers: [{ createdBy: 'RUN /bin/sh -c npm ci # buildkit' }],
    },
    {
      name: 'placeholders and AWS example keys',
      emptyHistory: ['ARG DB_PASSWORD=changeme', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
      layers: [{ createdBy: 'RUN |1 DB_PASSWORD=${DB_PASSWORD} /bin/sh -c ./migrate # buildkit' }],
    },
    {
      name: 'a secret set with ENV and still in the environment is left to IMG002',
      config: { Env: [`AWS_ACCESS_KEY_ID=${AWS}`] },
      emptyHistory: [`ENV AWS_ACCESS_KEY_ID=${AWS}`],
      layers: [{ createdBy: `RUN |1 AWS_ACCESS_KEY_ID=${AWS} /bin/sh -c aws s3 cp s3://b/x . # buildkit` }],
    },
  ],
  invalid: [
    {
      name: 'a build argument of a BuildKit RUN',
      emptyHistory: ['ARG NPM_TOKEN', 'ARG VERSION=1'],
      layers: [
        { createdBy: BASE },
        { createdBy: `RUN |2 NPM_TOKEN=${NPM} VERSION=1 /bin/sh -c npm ci # buildkit` },
      ],
      expect: [
        {
          path: 'history',
          line: 4,
          layer: 1,
          severity: 'CRITICAL',
          message: 'npm access token (npm_****) in a build argument of history entry 4: RUN npm ci',
        },
      ],
    },
    {
      name: 'a build argument of a classic builder RUN',
      layers: [{ createdBy: `|2 NPM_TOKEN=${NPM} VERSION=1 /bin/sh -c npm ci` }],
      expect: [
        { path: 'history', line: 1, layer: 0, message: 'in a build argument of history entry 1: RUN npm ci' },
      ],
    },
    {
      name: 'a token typed into the command itself',
      layers: [
        { createdBy: BASE },
        {
          createdBy: `RUN /bin/sh -c curl -fsSL -H "Authorization: token ${GHP}" https://api.github.com/repos/a/b # buildkit`,
        },
      ],
      expect: [
        {
          path: 'history',
          line: 2,
          layer: 1,
          severity: 'CRITICAL',
          message:
            'GitHub personal access token (ghp_****) in history entry 2: RUN curl -fsSL -H "Authorization: token ghp_****"',
        },
      ],
    },
    {
      name: 'a token in the command of a RUN that also had build arguments',
      layers: [
        {
          createdBy: `RUN |1 VERSION=1 /bin/sh -c echo "//registry.npmjs.org/:_authToken=${NPM}" > .npmrc # buildkit`,
        },
      ],
      expect: [
        {
          path: 'history',
          line: 1,
          layer: 0,
          message: 'npm access token (npm_****) in history entry 1: RUN echo',
        },
      ],
    },
    {
      name: 'a generic password literal is raised to HIGH',
      layers: [{ createdBy: `/bin/sh -c mysql -uroot --password=${PASSWORD} < /init.sql` }],
      expect: [
        {
          path: 'history',
          line: 1,
          severity: 'HIGH',
          message: 'password assignment (Xk9v****) in history entry 1',
        },
      ],
    },
    {
      name: 'an ENV value overridden later is still in the history (no layer: an empty_layer entry)',
      config: { Env: ['AWS_ACCESS_KEY_ID='] },
      emptyHistory: [
        `/bin/sh -c #(nop)  ENV AWS_ACCESS_KEY_ID=${AWS}`,
        '/bin/sh -c #(nop)  ENV AWS_ACCESS_KEY_ID=',
      ],
      layers: [{ createdBy: BASE }],
      expect: [
        {
          path: 'history',
          line: 1,
          severity: 'CRITICAL',
          message: 'AWS access key ID (AKIA****) in history entry 1: ENV AWS_ACCESS_KEY_ID=AKIA****',
        },
      ],
    },
    {
      name: 'an ARG default and the RUN that used it: one hit per entry',
      emptyHistory: [`ARG NPM_TOKEN=${NPM}`],
      layers: [{ createdBy: BASE }, { createdBy: `RUN |1 NPM_TOKEN=${NPM} /bin/sh -c npm ci # buildkit` }],
      expect: [
        { path: 'history', line: 1, message: 'in history entry 1: ARG NPM_TOKEN=npm_****' },
        { path: 'history', line: 3, layer: 1, message: 'in a build argument of history entry 3' },
      ],
    },
  ],
});

describe('IMG003 details', () => {
  it('history entries without a layer (empty_layer) give hits without a layer', () => {
    const hits = secretInHistory.check(
      imageContext({
        emptyHistory: [`ARG NPM_TOKEN=${NPM}`],
        layers: [{ createdBy: `RUN /bin/sh -c echo ${GHP}` }],
      }),
    );
    expect(hits.map((h) => [h.line, h.layer])).toEqual([
      [1, undefined],
      [2, 0],
    ]);
    expect(hits[0]).not.toHaveProperty('layer');
  });

  it('never puts a secret in a message or a fingerprint key', () => {
    const hits = secretInHistory.check(
      imageContext({
        layers: [
          { createdBy: `RUN |2 NPM_TOKEN=${NPM} GH=${GHP} /bin/sh -c echo ${AWS} --password=${PASSWORD}` },
        ],
      }),
    );
    expect(hits).toHaveLength(4);
    for (const h of hits)
      for (const s of [NPM, GHP, AWS, PASSWORD]) expect(JSON.stringify(h)).not.toContain(s.slice(4));
  });

  it.each([
    ['RUN |2 A=1 B=2 /bin/sh -c make', 'A=1 B=2'],
    ['|1 A=1 /bin/sh -c make', 'A=1'],
    ['RUN |1 A=1 /bin/bash -c make', 'A=1'],
    ['RUN /bin/sh -c make', undefined],
    ['COPY . /app', undefined],
  ])('buildArgSpan(%j) covers %j', (line, args) => {
    const span = buildArgSpan(line);
    expect(span ? line.slice(span.start, span.end) : undefined).toBe(args);
  });
});
