import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref.js';

describe('parseImageRef', () => {
  it.each([
    ['alpine', { registry: 'docker.io', implicitRegistry: true, repository: 'library/alpine' }],
    [
      'alpine:3.19',
      { registry: 'docker.io', implicitRegistry: true, repository: 'library/alpine', tag: '3.19' },
    ],
    [
      'bitnami/redis:7',
      { registry: 'docker.io', implicitRegistry: true, repository: 'bitnami/redis', tag: '7' },
    ],
    [
      'registry.example.com:5000/team/app@sha256:abc',
      {
        registry: 'registry.example.com:5000',
        implicitRegistry: false,
        repository: 'team/app',
        digest: 'sha256:abc',
      },
    ],
    ['localhost/app:dev', { registry: 'localhost', implicitRegistry: false, repository: 'app', tag: 'dev' }],
    [
      'index.docker.io/library/node:20',
      { registry: 'docker.io', implicitRegistry: false, repository: 'library/node', tag: '20' },
    ],
    [
      'gcr.io/distroless/static:nonroot@sha256:0f',
      {
        registry: 'gcr.io',
        implicitRegistry: false,
        repository: 'distroless/static',
        tag: 'nonroot',
        digest: 'sha256:0f',
      },
    ],
  ])('%s', (ref, want) => {
    expect(parseImageRef(ref)).toEqual(want);
  });
});
