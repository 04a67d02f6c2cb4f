import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { resolveCredentials } from './docker-config.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('resolveCredentials', () => {
  let dir: string;
  let n = 0;
  /** A DOCKER_CONFIG folder holding this config.json. */
  const config = (json: unknown): string => {
    const d = join(dir, `c${n++}`);
    mkdirSync(d);
    writeFileSync(join(d, 'config.json'), typeof json === 'string' ? json : JSON.stringify(json));
    return d;
  };
  let path: string;

  beforeAll(() => {
    dir = tempDir('bulkhead-docker-config-');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // A helper that knows one server, stores an identity token for another, and fails for a third.
    writeFileSync(
      join(bin, 'docker-credential-unittest'),
      [
        '#!/bin/sh',
        'read -r server',
        'case "$server" in',
        '  reg.example) echo \'{"ServerURL":"reg.example","Username":"helper-user","Secret":"helper-pw"}\' ;;',
        '  https://index.docker.io/v1/) echo \'{"ServerURL":"hub","Username":"<token>","Secret":"refresh"}\' ;;',
        '  broken.example) echo "keychain locked" >&2; exit 3 ;;',
        '  *) echo "credentials not found in native keychain"; exit 1 ;;',
        'esac',
      ].join('\n') + '\n',
    );
    chmodSync(join(bin, 'docker-credential-unittest'), 0o755);
    path = `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  });

  it('prefers explicit options, then BULKHEAD_REGISTRY_*, then the Docker config', async () => {
    const d = config({ auths: { 'reg.example': { auth: b64('file:pw') } } });
    const env = { DOCKER_CONFIG: d, BULKHEAD_REGISTRY_USERNAME: 'env', BULKHEAD_REGISTRY_PASSWORD: 'pw' };
    expect(await resolveCredentials('reg.example', { username: 'flag', password: 'pw', env })).toMatchObject({
      username: 'flag',
    });
    expect(await resolveCredentials('reg.example', { env })).toMatchObject({ username: 'env' });
    expect(await resolveCredentials('reg.example', { env: { DOCKER_CONFIG: d } })).toMatchObject({
      username: 'file',
      password: 'pw',
    });
    expect(await resolveCredentials('other.example', { env: { DOCKER_CONFIG: d } })).toBeUndefined();
    expect(await resolveCredentials('reg.example', {})).toBeUndefined();
  });

  it('wants both halves of a username/password pair', async () => {
    await expect(resolveCredentials('reg.example', { username: 'only' })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(
      resolveCredentials('reg.example', { env: { BULKHEAD_REGISTRY_PASSWORD: 'pw' } }),
    ).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/BULKHEAD_REGISTRY/) as unknown,
    });
  });

  it('matches config keys written with a scheme or a path, and Hub under its v1 URL', async () => {
    const d = config({
      auths: {
        'https://reg.example:5000/v1/': { username: 'u', password: 'p' },
        'https://index.docker.io/v1/': { auth: b64('hub:pw:with:colons') },
        'http://legacy.example': { identitytoken: 'tok', auth: b64('<token>:') },
      },
    });
    const env = { DOCKER_CONFIG: d };
    expect(await resolveCredentials('reg.example:5000', { env })).toMatchObject({
      username: 'u',
      password: 'p',
    });
    expect(await resolveCredentials('docker.io', { env })).toMatchObject({
      username: 'hub',
      password: 'pw:with:colons',
    });
    expect(await resolveCredentials('legacy.example', { env })).toMatchObject({ identityToken: 'tok' });
    expect(await resolveCredentials('reg.example', { env })).toBeUndefined();
  });

  it('falls back from DOCKER_CONFIG to ~/.docker/config.json', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'reg.example': { auth: b64('h:p') } } }),
    );
    expect(await resolveCredentials('reg.example', { env: {}, homeDir: home })).toMatchObject({
      username: 'h',
    });
  });

  it('asks credential helpers: credHelpers for the host, else credsStore', async () => {
    const d = config({
      credHelpers: { 'reg.example': 'unittest' },
      auths: { 'reg.example': { auth: b64('x:y') } },
    });
    const env = { DOCKER_CONFIG: d, PATH: path };
    expect(await resolveCredentials('reg.example', { env })).toMatchObject({
      username: 'helper-user',
      password: 'helper-pw',
      source: expect.stringMatching(/docker-credential-unittest/) as unknown,
    });
    const store = config({ credsStore: 'unittest' });
    const storeEnv = { DOCKER_CONFIG: store, PATH: path };
    expect(await resolveCredentials('docker.io', { env: storeEnv })).toMatchObject({
      identityToken: 'refresh',
    });
    expect(await resolveCredentials('unknown.example', { env: storeEnv })).toBeUndefined();
    await expect(resolveCredentials('broken.example', { env: storeEnv })).rejects.toMatchObject({
      code: 'TARGET_UNREADABLE',
      message: expect.stringMatching(
        /docker-credential-unittest .*failed \(exit 3\): keychain locked/,
      ) as unknown,
    });
  });

  it('reports a broken config file', async () => {
    const d = config('{ not json');
    await expect(resolveCredentials('reg.example', { env: { DOCKER_CONFIG: d } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `${join(d, 'config.json')}: the Docker config is not a JSON object`,
    });
  });
});
