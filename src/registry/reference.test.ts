import { describe, expect, it } from 'vitest';
import { registryRef } from './image.js';
import { apiHost, configHost, configKeyHost, isInsecure } from './reference.js';

describe('registry names', () => {
  it.each([
    ['docker.io', 'registry-1.docker.io'],
    ['index.docker.io', 'registry-1.docker.io'],
    ['Registry.Example:5000', 'registry.example:5000'],
    ['ghcr.io', 'ghcr.io'],
  ])('API host of %s is %s', (registry, host) => {
    expect(apiHost(registry)).toBe(host);
  });

  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry.example:5000', 'registry.example:5000'],
    ['https://registry.example:5000', 'registry.example:5000'],
    ['http://registry.example:5000/v1/', 'registry.example:5000'],
    ['registry.example:5000/v1/', 'registry.example:5000'],
    ['HTTPS://Registry.Example/v2/', 'registry.example'],
  ])('config key %s stands for %s', (key, host) => {
    expect(configKeyHost(key)).toBe(host);
  });

  it('matches Hub under its config name', () => {
    expect(configHost('registry-1.docker.io')).toBe('docker.io');
  });

  it.each([
    ['127.0.0.1:5000', ['127.0.0.1:5000'], true],
    ['127.0.0.1:5000', ['127.0.0.1'], true],
    ['127.0.0.1:5000', ['127.0.0.1:5001'], false],
    ['registry.example', ['registry.example:5000'], false],
    ['registry.example:5000', ['http://registry.example:5000'], true],
    ['registry.example', [], false],
  ])('%s insecure with %j: %s', (registry, list, want) => {
    expect(isInsecure(registry, list)).toBe(want);
  });
});

describe('registryRef', () => {
  it.each([
    [
      'registry.example:5000/team/app:1.0',
      { registry: 'registry.example:5000', repository: 'team/app', reference: '1.0' },
    ],
    ['alpine', { registry: 'docker.io', repository: 'library/alpine', reference: 'latest' }],
    [
      `ghcr.io/o/r:tag@sha256:${'a'.repeat(64)}`,
      { registry: 'ghcr.io', repository: 'o/r', tag: 'tag', reference: `sha256:${'a'.repeat(64)}` },
    ],
    [
      'localhost:5000/a__b/c-d.e',
      { registry: 'localhost:5000', repository: 'a__b/c-d.e', reference: 'latest' },
    ],
  ])('%s', (ref, want) => {
    expect(registryRef(ref)).toMatchObject(want);
  });

  it.each([
    'registry.example/team/../app',
    'registry.example/Team/app',
    'registry.example/team/app:bad/tag',
    'registry.example/team/app:-x',
    'registry.example/team/app@sha256:abc',
    'registry.example/team/app@md5:abc',
    'regi$try.example/team/app',
    'registry.example/team//app',
  ])('rejects %s', (ref) => {
    expect(() => registryRef(ref)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
