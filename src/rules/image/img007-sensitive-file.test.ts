import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { sensitiveFile } from './img007-sensitive-file.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const K = 'KEY'; // keeps whole PEM headers out of the source
const PEM = `-----BEGIN OPENSSH PRIVATE ${K}-----\n${fill('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 70)}\n`;
const dockerConfig = (auths: Record<string, Record<string, string>>, extra: object = {}): string =>
  JSON.stringify({ auths, ...extra }, null, 2);
const BASIC = Buffer.from(`ci-bot:${fill('q7Wm2Xv9Lp', 14)}`).toString('base64');

const COPY = 'COPY . /app # buildkit';

testImageRule(sensitiveFile, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'public keys, known hosts and example env files',
      layers: [
        {
          files: [
            { path: 'root/.ssh/id_rsa.pub', content: 'ssh-rsa AAAA... ci@example' },
            { path: 'root/.ssh/known_hosts', content: 'github.com ssh-ed25519 AAAA...' },
            { path: 'root/.ssh/authorized_keys', content: 'ssh-ed25519 AAAA...' },
            { path: 'app/.env.example', content: 'DB_PASSWORD=\n' },
            { path: 'app/.env.sample', content: 'DB_PASSWORD=\n' },
            { path: 'app/.env.template', content: 'DB_PASSWORD=\n' },
            { path: 'app/.envrc', content: 'use nix\n' },
          ],
        },
      ],
    },
    {
      name: 'empty files hold nothing (an empty shell history, an empty .env)',
      layers: [
        {
          files: [
            { path: 'root/.bash_history', content: '' },
            { path: 'app/.env', content: '' },
          ],
        },
      ],
    },
    {
      name: 'fixtures and samples vendored in third-party packages',
      layers: [
        {
          files: [
            { path: 'app/node_modules/ssh2/test/fixtures/id_rsa', content: 'key' },
            { path: 'app/node_modules/dotenv/.env', content: 'A=1' },
            { path: 'usr/lib/python3/dist-packages/urllib3/tests/server.key', content: 'key' },
            { path: 'usr/local/lib/python3.12/site-packages/certifi/.env', content: 'A=1' },
            { path: 'usr/share/doc/openssl/demo.key', content: 'key' },
            { path: 'root/go/pkg/mod/golang.org/x/crypto@v0.1.0/ssh/testdata/id_ed25519', content: 'key' },
          ],
        },
      ],
    },
    {
      name: 'Docker configs without stored logins (credential helpers, empty entries)',
      layers: [
        {
          files: [
            {
              path: 'root/.docker/config.json',
              content: dockerConfig(
                { 'ghcr.io': {} },
                { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } },
              ),
            },
            { path: 'home/app/.docker/config.json', content: '{ not json' },
          ],
        },
      ],
    },
    {
      name: 'a file that matched a secret pattern is left to IMG011',
      layers: [
        {
          createdBy: COPY,
          files: [
            { path: 'app/.env', content: `DEBUG=1\nGITHUB_TOKEN=${GHP}\n` },
            { path: 'root/.ssh/id_ed25519', content: PEM, mode: 0o600 },
            {
              path: 'root/.docker/config.json',
              content: dockerConfig({ 'registry.example.com': { auth: BASIC } }),
            },
          ],
        },
      ],
    },
    {
      name: 'files deleted by a later layer are left to IMG008',
      layers: [
        {
          files: [
            { path: 'root/.ssh/id_rsa', content: 'key' },
            {
              path: 'root/.docker/config.json',
              content: dockerConfig({ 'ghcr.io': { identitytoken: 'x'.repeat(20) } }),
            },
          ],
        },
        {
          createdBy: 'RUN /bin/sh -c rm -rf /root/.ssh /root/.docker',
          delete: ['root/.ssh', 'root/.docker'],
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'an SSH private key, with the layer that added it',
      layers: [
        { files: ['etc/passwd'] },
        {
          createdBy: 'COPY id_rsa /root/.ssh/id_rsa # buildkit',
          files: [{ path: 'root/.ssh/id_rsa', content: 'opaque' }],
        },
      ],
      expect: [
        {
          path: 'root/.ssh/id_rsa',
          layer: 1,
          severity: 'HIGH',
          message: 'SSH private key /root/.ssh/id_rsa, added by layer 2 (COPY id_rsa /root/.ssh/id_rsa)',
        },
      ],
    },
    {
      name: 'an AWS credentials file whose keys match no pattern',
      layers: [
        {
          files: [
            {
              path: 'root/.aws/credentials',
              content:
                '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
            },
          ],
        },
      ],
      expect: [
        {
          path: 'root/.aws/credentials',
          layer: 0,
          severity: 'HIGH',
          message: 'AWS credentials file /root/.aws/credentials',
        },
      ],
    },
    {
      name: '.env files, but not their examples',
      layers: [
        {
          createdBy: COPY,
          files: [
            { path: 'app/.env', content: 'DEBUG=1\n' },
            { path: 'app/.env.example', content: 'DEBUG=1\n' },
            { path: 'app/.env.production', content: 'DEBUG=0\n' },
          ],
        },
      ],
      expect: [
        {
          path: 'app/.env',
          severity: 'MEDIUM',
          message: '.env file (application secrets) /app/.env, added by layer 1 (COPY . /app)',
        },
        { path: 'app/.env.production', severity: 'MEDIUM', message: '/app/.env.production' },
      ],
    },
    {
      name: 'shell and REPL histories that are not empty',
      layers: [
        {
          files: [
            { path: 'root/.bash_history', content: 'ls\n' },
            { path: 'home/app/.psql_history', content: 'select 1;\n' },
            { path: 'root/.ash_history', content: '' },
          ],
        },
      ],
      expect: [
        { path: 'root/.bash_history', severity: 'MEDIUM', message: 'shell history /root/.bash_history' },
        {
          path: 'home/app/.psql_history',
          severity: 'MEDIUM',
          message: 'shell history /home/app/.psql_history',
        },
      ],
    },
    {
      name: 'a Docker config with stored logins in a format the secret patterns do not read',
      layers: [
        {
          createdBy: 'COPY config.json /root/.docker/ # buildkit',
          files: [
            {
              path: 'root/.docker/config.json',
              content: dockerConfig({
                'registry.example.com': { identitytoken: fill('tok3n', 24) },
                'ghcr.io': { username: 'ci', password: fill('pw', 12) },
                'docker.io': {},
              }),
            },
          ],
        },
      ],
      expect: [
        {
          path: 'root/.docker/config.json',
          layer: 0,
          severity: 'HIGH',
          message:
            'Docker client config /root/.docker/config.json stores registry logins for registry.example.com, ghcr.io, added by layer 1 (COPY config.json /root/.docker/)',
        },
      ],
    },
    {
      name: 'other credential files by name',
      layers: [
        {
          files: [
            { path: 'root/.kube/config', content: 'apiVersion: v1' },
            { path: 'root/.git-credentials', content: 'https://ci@github.com' },
            { path: 'app/certs/keystore.p12', content: 'binary' },
            { path: 'etc/nginx/tls/site.key', content: 'opaque' },
            { path: 'root/.pgpass', content: 'db:5432:*:app:*' },
          ],
        },
      ],
      expect: [
        { path: 'root/.kube/config', message: 'Kubernetes client config' },
        { path: 'root/.git-credentials', message: 'git credential store' },
        { path: 'app/certs/keystore.p12', message: 'key store (private keys)' },
        { path: 'etc/nginx/tls/site.key', message: 'private key file' },
        { path: 'root/.pgpass', message: 'PostgreSQL password file' },
      ],
    },
    {
      name: 'a key overwritten by a later layer is reported where the final view has it',
      layers: [
        { files: [{ path: 'root/.ssh/id_rsa', content: 'one' }] },
        {
          createdBy: 'RUN /bin/sh -c chmod 600 /root/.ssh/id_rsa',
          files: [{ path: 'root/.ssh/id_rsa', content: 'one', mode: 0o600 }],
        },
      ],
      expect: [
        { path: 'root/.ssh/id_rsa', layer: 1, message: 'added by layer 2 (RUN chmod 600 /root/.ssh/id_rsa)' },
      ],
    },
    {
      name: 'a root filesystem',
      kind: 'rootfs',
      layers: [{ files: [{ path: 'root/.ssh/id_ecdsa', content: 'opaque' }] }],
      expect: [{ path: 'root/.ssh/id_ecdsa', message: 'SSH private key /root/.ssh/id_ecdsa' }],
    },
  ],
});
