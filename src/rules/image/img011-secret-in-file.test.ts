import { describe, expect, it } from 'vitest';
import { imageContext, testImageRule } from '../../../test/support/image-rule-tester.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { secretInFile } from './img011-secret-in-file.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const PASSWORD = 'Xk9v' + 'Q2mLp7Rt4WzB';
const K = 'KEY';
const OPENSSH = `-----BEGIN OPENSSH PRIVATE ${K}-----\n${fill('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 70)}\n-----END OPENSSH PRIVATE ${K}-----\n`;
const RSA = `-----BEGIN RSA PRIVATE ${K}-----\n${fill('MIIEowIBAAKCAQEAx7Yq2', 64)}\n-----END RSA PRIVATE ${K}-----\n`;

const COPY = 'COPY . /app # buildkit';

testImageRule(secretInFile, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'placeholders, references, example keys, public material',
      layers: [
        {
          files: [
            { path: 'app/config.yml', content: 'db:\n  password: ${DB_PASSWORD}\n  token: <your-token>\n' },
            {
              path: 'app/.env.example',
              content: 'API_KEY=changeme\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n',
            },
            {
              path: 'etc/ssl/certs/ca.pem',
              content: `-----BEGIN CERTIFICATE-----\n${fill('MIIDdzCCAl+gAwIBAgIE', 64)}\n`,
            },
            { path: 'root/.ssh/id_ed25519.pub', content: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI ci@example' },
          ],
        },
      ],
    },
    {
      name: 'a binary file (a NUL in its first bytes) is skipped',
      layers: [
        {
          files: [
            {
              path: 'usr/local/bin/app',
              content: Buffer.concat([Buffer.from('\x7fELF\0\0\0'), Buffer.from(`token=${GHP}`)]),
            },
          ],
        },
      ],
    },
    {
      name: 'binary formats, distribution docs, vendored test fixtures and oversized files are not read',
      layers: [
        {
          files: [
            { path: 'app/__pycache__/settings.cpython-312.pyc', content: `GITHUB_TOKEN = "${GHP}"` },
            { path: 'app/lib/client.jar', content: `token=${GHP}` },
            { path: 'usr/share/doc/git/README.md', content: `export GITHUB_TOKEN=${GHP}` },
            { path: 'usr/share/man/man1/aws.1', content: `AWS_ACCESS_KEY_ID=${AWS}` },
            { path: 'app/node_modules/ssh2/test/fixtures/id_rsa', content: RSA },
            { path: 'usr/lib/python3/dist-packages/paramiko/tests/test_rsa.key', content: RSA },
            { path: 'app/dump.sql', content: `GITHUB_TOKEN=${GHP}`, size: 3 * 1024 * 1024 },
          ],
        },
      ],
    },
    {
      name: 'deleted by a later layer (IMG008 reports it)',
      layers: [{ files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n` }] }, { delete: ['app/.env'] }],
    },
    {
      name: 'overwritten by a clean version',
      layers: [
        { files: [{ path: 'root/.npmrc', content: `//registry.npmjs.org/:_authToken=${NPM}\n` }] },
        { files: [{ path: 'root/.npmrc', content: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' }] },
      ],
    },
  ],
  invalid: [
    {
      name: 'a token in a config file, with its line and layer',
      layers: [
        { files: ['etc/passwd'] },
        {
          createdBy: COPY,
          files: [{ path: 'app/config.yml', content: `server:\n  port: 8080\n  github_token: ${GHP}\n` }],
        },
      ],
      expect: [
        {
          path: 'app/config.yml',
          line: 3,
          layer: 1,
          severity: 'CRITICAL',
          message: 'GitHub personal access token (ghp_****) at line 3, added by layer 2 (COPY . /app)',
        },
      ],
    },
    {
      name: 'private keys',
      layers: [
        {
          createdBy: 'COPY keys/ / # buildkit',
          files: [
            { path: 'root/.ssh/id_ed25519', content: OPENSSH, mode: 0o600 },
            { path: 'etc/ssl/private/server.key', content: `\n${RSA}` },
          ],
        },
      ],
      expect: [
        {
          path: 'root/.ssh/id_ed25519',
          line: 1,
          severity: 'HIGH',
          message: 'OpenSSH private key (PEM) (----****) at line 1',
        },
        {
          path: 'etc/ssl/private/server.key',
          line: 2,
          severity: 'HIGH',
          message: 'RSA private key (PEM) (----****) at line 2',
        },
      ],
    },
    {
      name: 'several secrets of one file, in line order, each with its own severity',
      layers: [
        {
          files: [
            {
              path: 'app/application.properties',
              content: `spring.datasource.password=${PASSWORD}\n# keys\naws.accessKeyId=${AWS}\nnpm.token=${NPM}\n`,
            },
          ],
        },
      ],
      expect: [
        {
          path: 'app/application.properties',
          line: 1,
          severity: 'MEDIUM',
          message: 'password assignment (Xk9v****) at line 1',
        },
        {
          path: 'app/application.properties',
          line: 3,
          severity: 'CRITICAL',
          message: 'AWS access key ID (AKIA****) at line 3',
        },
        {
          path: 'app/application.properties',
          line: 4,
          severity: 'CRITICAL',
          message: 'npm access token (npm_****) at line 4',
        },
      ],
    },
    {
      name: 'overwritten with another credential: the live one is reported',
      layers: [
        { files: [{ path: 'app/.env', content: `AWS_ACCESS_KEY_ID=${AWS}\n` }] },
        { createdBy: COPY, files: [{ path: 'app/.env', content: `\nGITHUB_TOKEN=${GHP}\n` }] },
      ],
      expect: [
        {
          path: 'app/.env',
          line: 2,
          layer: 1,
          message: 'GitHub personal access token (ghp_****) at line 2, added by layer 2',
        },
      ],
    },
    {
      name: 'a folder (bulkhead fs)',
      kind: 'fs',
      layers: [{ files: [{ path: 'deploy/values.yaml', content: `image: app\ngithubToken: ${GHP}\n` }] }],
      expect: [
        { path: 'deploy/values.yaml', line: 2, message: 'GitHub personal access token (ghp_****) at line 2' },
      ],
    },
  ],
});

describe('IMG011 messages', () => {
  it('folders have no layer text; nothing holds the secret', () => {
    for (const kind of ['fs', 'rootfs'] as const) {
      const hits = secretInFile.check(
        imageContext({ kind, layers: [{ files: [{ path: 'srv/.env', content: `GITHUB_TOKEN=${GHP}\n` }] }] }),
      );
      expect(hits.map((h) => h.message)).toEqual(['GitHub personal access token (ghp_****) at line 1']);
      expect(JSON.stringify(hits)).not.toContain(GHP.slice(4));
    }
  });

  it('the key names the credential, not its line (the fingerprint adds the path)', () => {
    const hits = secretInFile.check(
      imageContext({
        layers: [
          {
            files: [
              { path: 'a/.env', content: `T=${GHP}` },
              { path: 'b/.env', content: `X=1\nT=${GHP}` },
            ],
          },
        ],
      }),
    );
    expect(hits).toHaveLength(2);
    expect(hits[0]?.key).toBe(hits[1]?.key);
  });
});
