import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { prefixedTokenChecksum } from '../../analyzers/secrets/validators.js';
import { deletedSecret } from './img008-deleted-secret.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const K = 'KEY'; // keeps whole PEM headers out of the source
const PEM = `-----BEGIN OPENSSH PRIVATE ${K}-----\n${fill('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 70)}\n`;
const AWS_EXAMPLE = '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n';

const COPY = 'COPY . /app # buildkit';
const RM_ENV = 'RUN /bin/sh -c rm /app/.env # buildkit';

testImageRule(deletedSecret, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'a secret still in the final view is left to IMG011',
      layers: [{ createdBy: COPY, files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n` }] }],
    },
    {
      name: 'deleted files that hold nothing sensitive',
      layers: [
        {
          files: [
            { path: 'app/build.log', content: 'ok' },
            { path: 'app/.env.example', content: 'GITHUB_TOKEN=\n' },
            { path: 'root/.bash_history', content: '' },
            { path: 'app/node_modules/ssh2/test/fixtures/id_rsa', content: PEM },
          ],
        },
        { delete: ['app/build.log', 'app/.env.example', 'root/.bash_history', 'app/node_modules'] },
      ],
    },
    {
      name: 'overwritten by an unchanged copy (RUN chmod): the secret is still live, left to IMG011',
      layers: [
        { createdBy: COPY, files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n` }] },
        {
          createdBy: 'RUN /bin/sh -c chmod 600 /app/.env',
          files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n`, mode: 0o600 }],
        },
      ],
    },
    {
      name: 'a sensitive file overwritten by an unchanged copy is left to IMG007',
      layers: [
        { files: [{ path: 'root/.aws/credentials', content: AWS_EXAMPLE }] },
        {
          createdBy: 'RUN /bin/sh -c chown app /root/.aws/credentials',
          files: [{ path: 'root/.aws/credentials', content: AWS_EXAMPLE, uid: 1000 }],
        },
      ],
    },
    {
      name: 'folders have no layers',
      kind: 'rootfs',
      layers: [{ files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n` }], delete: ['app/.env'] }],
    },
  ],
  invalid: [
    {
      name: 'a secret file deleted by a whiteout, naming both layers',
      layers: [
        { files: ['etc/passwd'] },
        { createdBy: COPY, files: [{ path: 'app/.env', content: `DEBUG=1\nGITHUB_TOKEN=${GHP}\n` }] },
        { createdBy: RM_ENV, delete: ['app/.env'] },
      ],
      expect: [
        {
          path: 'app/.env',
          line: 2,
          layer: 1,
          severity: 'HIGH',
          message:
            'GitHub personal access token (ghp_****) in /app/.env, added by layer 2 (COPY . /app) and removed by layer 3 (RUN rm /app/.env): still readable from the earlier layer',
        },
      ],
    },
    {
      name: 'a key deleted by an opaque folder (reported once, though its name is sensitive too)',
      layers: [
        {
          createdBy: 'COPY id_ed25519 /root/.ssh/ # buildkit',
          files: [{ path: 'root/.ssh/id_ed25519', content: PEM }],
        },
        { createdBy: 'RUN /bin/sh -c rm -rf /root/.ssh && mkdir /root/.ssh', delete: ['root/.ssh/*'] },
      ],
      expect: [
        {
          path: 'root/.ssh/id_ed25519',
          line: 1,
          layer: 0,
          message:
            'OpenSSH private key (PEM) (----****) in /root/.ssh/id_ed25519, added by layer 1 (COPY id_ed25519 /root/.ssh/) and removed by layer 2 (RUN rm -rf /root/.ssh && mkdir /root/.ssh)',
        },
      ],
    },
    {
      name: 'overwritten by a later layer with clean content',
      layers: [
        {
          createdBy: 'COPY .npmrc /root/ # buildkit',
          files: [{ path: 'root/.npmrc', content: `//registry.npmjs.org/:_authToken=${NPM}\n` }],
        },
        {
          createdBy: 'RUN /bin/sh -c echo "//registry.npmjs.org/:_authToken=\\${NPM_TOKEN}" > /root/.npmrc',
          files: [{ path: 'root/.npmrc', content: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' }],
        },
      ],
      expect: [
        {
          path: 'root/.npmrc',
          line: 1,
          layer: 0,
          message:
            'npm access token (npm_****) in /root/.npmrc, added by layer 1 (COPY .npmrc /root/) and removed by layer 2 (RUN echo',
        },
      ],
    },
    {
      name: 'overwritten with a different credential: the old one is still in the image',
      layers: [
        { files: [{ path: 'app/.env', content: `AWS_ACCESS_KEY_ID=${AWS}\n` }] },
        { files: [{ path: 'app/.env', content: `GITHUB_TOKEN=${GHP}\n` }] },
      ],
      expect: [{ path: 'app/.env', line: 1, layer: 0, message: 'AWS access key ID (AKIA****) in /app/.env' }],
    },
    {
      name: 'a sensitive file without a matching pattern deleted later',
      layers: [
        {
          createdBy: 'COPY credentials /root/.aws/ # buildkit',
          files: [{ path: 'root/.aws/credentials', content: AWS_EXAMPLE }],
        },
        { createdBy: 'RUN /bin/sh -c aws s3 cp s3://b/app . && rm -rf /root/.aws', delete: ['root/.aws'] },
      ],
      expect: [
        {
          path: 'root/.aws/credentials',
          layer: 0,
          severity: 'HIGH',
          message:
            'AWS credentials file /root/.aws/credentials, added by layer 1 (COPY credentials /root/.aws/) and removed by layer 2 (RUN aws s3 cp s3://b/app . && rm -rf /root/.aws): still readable from the earlier layer',
        },
      ],
    },
    {
      name: 'a Docker config with stored logins deleted later',
      layers: [
        {
          createdBy: 'COPY config.json /root/.docker/ # buildkit',
          files: [
            {
              path: 'root/.docker/config.json',
              content: JSON.stringify({
                auths: { 'registry.example.com': { identitytoken: fill('tok3n', 24) } },
              }),
            },
          ],
        },
        {
          createdBy: 'RUN /bin/sh -c docker pull app && rm /root/.docker/config.json',
          delete: ['root/.docker/config.json'],
        },
      ],
      expect: [
        {
          path: 'root/.docker/config.json',
          layer: 0,
          message:
            'Docker client config /root/.docker/config.json with registry logins for registry.example.com, added by layer 1 (COPY config.json /root/.docker/) and removed by layer 2',
        },
      ],
    },
    {
      name: 'every secret of a deleted folder, in order',
      layers: [
        {
          files: [
            { path: 'build/.env', content: `NPM_TOKEN=${NPM}\nGH=${GHP}\n` },
            { path: 'build/out.js', content: 'ok' },
            { path: 'build/.ssh/id_rsa', content: 'opaque' },
          ],
        },
        { delete: ['build'] },
      ],
      expect: [
        { path: 'build/.env', line: 1, layer: 0, message: 'npm access token' },
        { path: 'build/.env', line: 2, layer: 0, message: 'GitHub personal access token' },
        { path: 'build/.ssh/id_rsa', layer: 0, message: 'SSH private key /build/.ssh/id_rsa' },
      ],
    },
  ],
});
