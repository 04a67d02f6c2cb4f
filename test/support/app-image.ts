import { prefixedTokenChecksum } from '../../src/analyzers/secrets/validators.js';
import { writeImage, writeLayout } from './oci.js';
import { buildTar } from './tar.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);

/** The raw secrets planted in the app image: no report may contain any of them. */
export const PLANTED = {
  awsKeyId: 'AKIA' + fill('Q2X7ZRT4', 16),
  githubToken: checksummed('ghp_', fill('aB3dE5fG7h', 30)),
  npmToken: checksummed('npm_', fill('Zq8Wx7Ec6R', 30)),
  stripeKey: 'sk_live_' + fill('Ab12Cd34Ef', 24),
  privateKeyBody: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ' + fill('AAAAMwAAAAtzc2gtZW', 40),
};

const PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE ' + 'KEY-----',
  PLANTED.privateKeyBody,
  fill('QyNTUxOQAAACBd7x', 70),
  '-----END OPENSSH PRIVATE ' + 'KEY-----',
  '',
].join('\n');

/**
 * A small image with one instance of each problem `bulkhead image` must find: it runs as root, has
 * a token in ENV, a token in a build-argument history line, a private key, an .env file that a
 * later layer deletes, a setuid binary. Written as an OCI layout tagged `1.0`.
 */
export async function writeAppImage(dir: string): Promise<void> {
  const layers = [
    await buildTar(
      [
        { name: 'etc/', type: 'directory', mode: 0o755 },
        { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n' },
        { name: 'etc/shadow', content: 'root:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n', mode: 0o640 },
        { name: 'usr/bin/passwd', content: '\x7fELF\0\0fake', mode: 0o4755 },
        { name: 'bin/sh', content: '\x7fELF\0\0fake', mode: 0o755 },
        { name: 'tmp/', type: 'directory', mode: 0o1777 },
      ],
      { gzip: true },
    ),
    await buildTar(
      [
        { name: 'app/', type: 'directory', mode: 0o755 },
        { name: 'app/server.js', content: 'const port = process.env.PORT || 8080;\n' },
        { name: 'app/.env', content: `NODE_ENV=production\nSTRIPE_KEY=${PLANTED.stripeKey}\n` },
        { name: 'root/.ssh/id_ed25519', content: PRIVATE_KEY, mode: 0o600 },
      ],
      { gzip: true },
    ),
    await buildTar([{ name: 'app/node_modules/left-pad/index.js', content: 'module.exports = 1;\n' }], {
      gzip: true,
    }),
    await buildTar([{ name: 'app/.wh..env' }], { gzip: true }),
  ];
  const desc = writeImage(dir, {
    layers,
    createdBy: [
      'ADD rootfs.tar.gz / # buildkit',
      'COPY . /app # buildkit',
      `RUN |1 NPM_TOKEN=${PLANTED.npmToken} /bin/sh -c npm ci --omit=dev # buildkit`,
      'RUN /bin/sh -c rm /app/.env # buildkit',
    ],
    config: {
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `GITHUB_TOKEN=${PLANTED.githubToken}`],
      ExposedPorts: { '8080/tcp': {} },
      WorkingDir: '/app',
      Cmd: ['node', 'server.js'],
    },
  });
  writeLayout(dir, [{ desc, ref: '1.0' }]);
}
