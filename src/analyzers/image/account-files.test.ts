import { describe, expect, it } from 'vitest';
import { accountFileAnalyzer } from './account-files.js';

const analyze = (path: string, text: string) => accountFileAnalyzer.analyze(path, Buffer.from(text));
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('accountFileAnalyzer.claims', () => {
  it.each([
    ['etc/shadow', true],
    ['root/.docker/config.json', true],
    ['home/ci/.docker/config.json', true],
    ['.docker/config.json', true],
    ['root/.dockercfg', true],
    ['etc/shadow-', false],
    ['etc/gshadow', false],
    ['app/etc/shadow', false],
    ['etc/passwd', false],
    ['root/.docker/daemon.json', false],
    ['root/docker/config.json', false],
    ['app/config.json', false],
  ])('%s: %s', (path, claimed) => {
    expect(accountFileAnalyzer.claims(path, 0o600, 100)).toBe(claimed);
  });

  it('files above 1 MiB are not read', () => {
    expect(accountFileAnalyzer.claims('etc/shadow', 0o640, 1024 * 1024)).toBe(true);
    expect(accountFileAnalyzer.claims('etc/shadow', 0o640, 1024 * 1024 + 1)).toBe(false);
  });
});

describe('/etc/shadow', () => {
  it('lists the accounts whose password field is empty', () => {
    const shadow = [
      'root::19700:0:99999:7:::',
      'daemon:*:19700:0:99999:7:::',
      'nobody:!:19700::::::',
      'app:!!:19700:0:99999:7:::',
      'ci:!*:19700::::::',
      `svc:$6$salt$${'h'.repeat(86)}:19700:0:99999:7:::`,
      'guest::19701:0:99999:7:::',
      '',
    ].join('\n');
    expect(analyze('etc/shadow', shadow)).toEqual([
      { path: 'etc/shadow', kind: 'empty-password', users: ['root', 'guest'] },
    ]);
  });

  it('locked accounts, blank lines and lines without a password field give nothing', () => {
    expect(analyze('etc/shadow', 'root:*:1::::::\n\nbroken\n:nouser:\n')).toEqual([]);
    expect(analyze('etc/shadow', '')).toEqual([]);
  });

  it('a bare `name:` line (two fields, the second empty) counts', () => {
    expect(analyze('etc/shadow', 'root:*:1::::::\nold:\n')).toEqual([
      { path: 'etc/shadow', kind: 'empty-password', users: ['old'] },
    ]);
  });
});

describe('Docker client configs', () => {
  it('lists the hosts with a stored login (auth, password, identitytoken, registrytoken)', () => {
    const config = {
      auths: {
        'https://index.docker.io/v1/': { auth: b64('ci:pass') },
        'ghcr.io': { username: 'ci', password: 'p' },
        'registry.example.com': { identitytoken: 'tok' },
        'quay.io': { registrytoken: 'tok' },
        'gcr.io': {},
        'ecr.example.com': { auth: '' },
        'weird.example.com': 'not an object',
      },
      credsStore: 'desktop',
    };
    expect(analyze('root/.docker/config.json', JSON.stringify(config))).toEqual([
      {
        path: 'root/.docker/config.json',
        kind: 'docker-auths',
        hosts: ['https://index.docker.io/v1/', 'ghcr.io', 'registry.example.com', 'quay.io'],
      },
    ]);
  });

  it('credential helpers and stores keep no login in the file', () => {
    const config = {
      auths: { 'ghcr.io': {} },
      credsStore: 'osxkeychain',
      credHelpers: { 'gcr.io': 'gcloud' },
    };
    expect(analyze('root/.docker/config.json', JSON.stringify(config))).toEqual([]);
  });

  it('the legacy .dockercfg is the auths map itself', () => {
    const cfg = { 'https://index.docker.io/v1/': { auth: b64('ci:pass'), email: 'ci@example.com' } };
    expect(analyze('root/.dockercfg', JSON.stringify(cfg))).toEqual([
      { path: 'root/.dockercfg', kind: 'docker-auths', hosts: ['https://index.docker.io/v1/'] },
    ]);
  });

  it('invalid JSON, non-objects and empty files give nothing', () => {
    for (const text of ['{ not json', '[]', 'null', '"auths"', '42', '', '{"auths": null}'])
      expect(analyze('root/.docker/config.json', text)).toEqual([]);
  });

  it('results are plain JSON (they go into the layer cache)', () => {
    const r = analyze(
      'root/.docker/config.json',
      JSON.stringify({ auths: { 'ghcr.io': { auth: b64('a:b') } } }),
    );
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(accountFileAnalyzer.name).toBe('account-files');
    expect(accountFileAnalyzer.version).toBeGreaterThanOrEqual(1);
  });
});
