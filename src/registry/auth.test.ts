import { describe, expect, it } from 'vitest';
import { basicAuthorization, parseChallenges } from './auth.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/alpine:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    // Commas inside quoted values, spaces around "=", escapes, upper-case names.
    [
      'BEARER Realm = "https://r.example/t", scope="repository:a/b:pull,push", error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://r.example/t',
            scope: 'repository:a/b:pull,push',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    ['Basic realm="say \\"hi\\", please"', [{ scheme: 'basic', params: { realm: 'say "hi", please' } }]],
    // Several challenges in one header, unquoted token values.
    [
      'Basic realm=harbor, Bearer realm="https://h.example/service/token",service=harbor-registry',
      [
        { scheme: 'basic', params: { realm: 'harbor' } },
        {
          scheme: 'bearer',
          params: { realm: 'https://h.example/service/token', service: 'harbor-registry' },
        },
      ],
    ],
    [
      'Negotiate, Basic realm="x"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'x' } },
      ],
    ],
    ['', []],
    ['realm="orphan", Basic', [{ scheme: 'basic', params: {} }]],
    ['Basic realm="unterminated', [{ scheme: 'basic', params: { realm: 'unterminated' } }]],
  ])('%s', (header, want) => {
    expect(parseChallenges(header)).toEqual(want);
  });
});

describe('basicAuthorization', () => {
  it('encodes user:password as UTF-8 base64', () => {
    expect(basicAuthorization('alice', 'pä:ss')).toBe(
      `Basic ${Buffer.from('alice:pä:ss').toString('base64')}`,
    );
  });
});
