import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimsForSecrets, looksBinary, MAX_SECRET_FILE_BYTES, secretFileAnalyzer } from './file-analyzer.js';
import { prefixedTokenChecksum } from './validators.js';

// Built at run time so that this file does not itself look like a leaked credential to scanners.
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const checksummed = (prefix: string, random: string): string =>
  prefix + random + prefixedTokenChecksum(random);
const GHP = checksummed('ghp_', fill('aB3dE5fG7h', 30));
const NPM = checksummed('npm_', fill('Zq8Wx7Ec6R', 30));
const AWS = 'AKIA' + fill('Q2X7ZRT4', 16);
const PASSWORD = 'Xk9v' + 'Q2mLp7Rt4WzB';

const analyze = (path: string, text: string | Buffer) =>
  secretFileAnalyzer.analyze(path, Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

describe('claimsForSecrets', () => {
  it.each([
    ['app/.env', 10],
    ['root/.npmrc', 80],
    ['etc/ssl/private/server.key', 1700],
    ['app/config/settings.py', 4000],
    ['app/node_modules/dotenv/lib/main.js', 900],
    ['usr/share/nginx/html/index.html', 600],
    ['app/vendor/acme/client/src/Client.php', 900],
  ])('reads %s', (path, size) => {
    expect(claimsForSecrets(path, size)).toBe(true);
  });

  it('size cap: empty files and files above 2 MiB are skipped', () => {
    expect(claimsForSecrets('app/.env', 0)).toBe(false);
    expect(claimsForSecrets('app/.env', MAX_SECRET_FILE_BYTES)).toBe(true);
    expect(claimsForSecrets('app/.env', MAX_SECRET_FILE_BYTES + 1)).toBe(false);
    expect(MAX_SECRET_FILE_BYTES).toBe(2 * 1024 * 1024);
  });

  it.each([
    'usr/lib/x86_64-linux-gnu/libssl.so.3',
    'usr/lib/libz.so',
    'app/lib/client.jar',
    'app/__pycache__/settings.cpython-312.pyc',
    'app/static/logo.PNG',
    'app/fonts/inter.woff2',
    'var/cache/apt/archives/curl_8.5.0_amd64.deb',
    'app/build.tar.gz',
    'app/data.sqlite3',
    'app/node_modules/esbuild/bin/esbuild.node',
    'app/.git/objects/pack/pack-1.pack',
  ])('binary extension: %s', (path) => {
    expect(claimsForSecrets(path, 100)).toBe(false);
  });

  it.each([
    'usr/share/man/man1/git.1.gz.txt',
    'usr/share/doc/openssl/README',
    'usr/share/locale/de/LC_MESSAGES/x.txt',
    'usr/share/zoneinfo/Europe/Paris',
    'usr/share/common-licenses/GPL-3',
    'usr/share/perl/5.36/unicore/Name.pl',
    'usr/lib/locale/C.utf8/LC_CTYPE',
    'var/lib/dpkg/info/openssl.md5sums',
    'proc/self/environ',
  ])('distribution data folder: %s', (path) => {
    expect(claimsForSecrets(path, 100)).toBe(false);
  });

  it('those folders are skipped at the image root only', () => {
    expect(claimsForSecrets('app/usr/share/doc/secrets.txt', 100)).toBe(true);
    expect(claimsForSecrets('srv/proc/config', 100)).toBe(true);
  });

  it.each([
    'app/node_modules/ssh2/test/fixtures/id_rsa',
    'app/node_modules/jsonwebtoken/tests/priv.pem',
    'usr/lib/python3/dist-packages/paramiko/tests/test_rsa.key',
    'usr/local/lib/python3.12/site-packages/botocore/testing/creds.json',
    'app/vendor/github.com/lib/pq/testdata/init/server.key',
    'usr/local/bundle/gems/net-ssh-7.2.0/test/fixtures/id_rsa',
    'root/go/pkg/mod/golang.org/x/crypto@v0.21.0/ssh/testdata/keys.go',
    'app/node_modules/a/node_modules/b/__tests__/key.txt',
    'app/node_modules/pkg/examples/config.js',
    'app/node_modules/pkg/docs/setup.md',
  ])('third-party test fixtures and examples: %s', (path) => {
    expect(claimsForSecrets(path, 100)).toBe(false);
  });

  it.each([
    'usr/lib/python3.11/urllib/request.py',
    'usr/local/lib/python3.12/test/certdata/keycert.pem',
    'usr/lib/python3/dist-packages/reportbug/submit.py',
    'usr/lib/ruby/3.1.0/net/smtp.rb',
    'usr/share/perl/5.36.0/Net/FTP.pm',
    'usr/local/go/src/crypto/tls/testdata/example-key.pem',
    'usr/lib/jvm/java-17-openjdk-amd64/conf/security/java.security',
    'usr/local/lib/node_modules/npm/docs/content/commands/npm-adduser.md',
  ])('language runtime standard library: %s', (path) => {
    expect(claimsForSecrets(path, 100)).toBe(false);
  });

  it('pip-installed packages and the app beside the runtime are still read', () => {
    expect(claimsForSecrets('usr/local/lib/python3.12/site-packages/myapp/settings.py', 100)).toBe(true);
    expect(claimsForSecrets('usr/local/lib/node_modules/mycli/config.js', 100)).toBe(true);
    expect(claimsForSecrets('opt/app/lib/python3.12/config.py', 100)).toBe(true);
  });

  it("the project's own tests and fixtures are read", () => {
    expect(claimsForSecrets('app/test/fixtures/.env', 100)).toBe(true);
    expect(claimsForSecrets('app/tests/config.yml', 100)).toBe(true);
  });

  it('the analyzer claims by path and size only', () => {
    expect(secretFileAnalyzer.claims('app/.env', 0o600, 10)).toBe(true);
    expect(secretFileAnalyzer.claims('app/.env', 0o600, 0)).toBe(false);
    expect(secretFileAnalyzer.name).toBe('secrets');
    expect(secretFileAnalyzer.version).toBeGreaterThanOrEqual(1);
  });
});

describe('looksBinary', () => {
  it('a NUL within the first 8,000 bytes marks a binary file', () => {
    expect(looksBinary(Buffer.from('\x7fELF\x02\x01\x01\0\0\0'))).toBe(true);
    expect(looksBinary(Buffer.concat([Buffer.alloc(7999, 0x61), Buffer.from([0])]))).toBe(true);
  });

  it('text, UTF-8, latin1 and empty files are not binary; a NUL after 8,000 bytes is not looked for', () => {
    expect(looksBinary(Buffer.from('TOKEN=abc\n'))).toBe(false);
    expect(looksBinary(Buffer.from('pässwört = „x“\n', 'utf8'))).toBe(false);
    expect(looksBinary(Buffer.from([0xe9, 0xe8, 0x0a]))).toBe(false);
    expect(looksBinary(Buffer.alloc(0))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])]))).toBe(false);
  });
});

describe('secretFileAnalyzer.analyze', () => {
  it('returns each secret with its pattern, line, column, redacted value and hash', () => {
    const text = `# config\nDEBUG=1\n  token: ${GHP}\nnpm=${NPM} aws=${AWS}\n`;
    const found = analyze('app/config.yml', text);
    expect(found).toEqual([
      {
        path: 'app/config.yml',
        line: 3,
        column: 10,
        patternId: 'github-pat',
        title: 'GitHub personal access token',
        kind: 'token',
        severity: 'CRITICAL',
        redacted: 'ghp_****',
        hash: createHash('sha256').update(GHP).digest('hex').slice(0, 32),
      },
      expect.objectContaining({ line: 4, column: 5, patternId: 'npm-access-token', redacted: 'npm_****' }),
      expect.objectContaining({ line: 4, column: 50, patternId: 'aws-access-key-id', redacted: 'AKIA****' }),
    ]);
    expect(found[0]?.hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('never holds a raw secret: the serialised result has redacted values and hashes only', () => {
    const text = `GITHUB_TOKEN=${GHP}\nNPM_TOKEN=${NPM}\nAWS_ACCESS_KEY_ID=${AWS}\nDB_PASSWORD=${PASSWORD}\n`;
    const found = analyze('app/.env', text);
    expect(found.map((f) => f.patternId)).toEqual([
      'github-pat',
      'npm-access-token',
      'aws-access-key-id',
      'generic-password',
    ]);
    const json = JSON.stringify(found);
    for (const s of [GHP, NPM, AWS, PASSWORD]) {
      expect(json).not.toContain(s);
      expect(json).not.toContain(s.slice(4));
    }
  });

  it('the hash tells credentials apart and matches for the same one in two files', () => {
    const [a] = analyze('a/.env', `T=${GHP}`);
    const [b] = analyze('b/config.json', `{"token": "${GHP}"}`);
    const [c] = analyze('c/.env', `T=${checksummed('ghp_', fill('Zz9Yy8Xx7W', 30))}`);
    expect(a?.hash).toBe(b?.hash);
    expect(a?.hash).not.toBe(c?.hash);
  });

  it('columns count bytes of latin1 text; CRLF line ends do not shift lines', () => {
    // `ö` is two bytes in UTF-8: the token starts at character 13, byte 14.
    const found = analyze('app/.env', Buffer.from(`A=1\r\n\r\nNAME=Jörg T=${GHP}\r\n`, 'utf8'));
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 14]]);
  });

  it('binary content and text without a secret give nothing', () => {
    expect(
      analyze('usr/bin/app', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(GHP)])),
    ).toEqual([]);
    expect(analyze('app/README.md', 'Set GITHUB_TOKEN=<your-token> and DB_PASSWORD=changeme.\n')).toEqual([]);
    expect(analyze('app/empty', '')).toEqual([]);
  });
});
