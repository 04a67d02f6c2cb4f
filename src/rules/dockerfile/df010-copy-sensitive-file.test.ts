import { describe, expect, it } from 'vitest';
import { testRule } from '../../../test/support/rule-tester.js';
import { copySensitiveFile, sensitiveFileKind } from './df010-copy-sensitive-file.js';

testRule(copySensitiveFile, {
  valid: [
    `
    FROM node:20
    COPY package.json package-lock.json ./
    COPY .env.example .env.sample ./
    COPY src/ /app/src/
    `,
    {
      name: 'public keys, certificates and SSH client config',
      dockerfile: `
      FROM debian:12
      COPY id_rsa.pub /root/.ssh/authorized_keys
      COPY .ssh/known_hosts .ssh/config /root/.ssh/
      COPY certs/ca.pem certs/fullchain.pem /etc/ssl/certs/
      COPY nodesource.gpg.key /usr/share/keyrings/
      COPY server.crt /etc/nginx/
      `,
    },
    {
      name: 'copies between stages',
      dockerfile: `
      FROM alpine:3.19 AS keys
      RUN ssh-keygen -t ed25519 -N "" -f /id_ed25519
      FROM alpine:3.19
      COPY --from=keys /id_ed25519 /etc/app/
      `,
    },
    {
      name: 'ADD from a URL and heredoc COPY',
      dockerfile: `
      FROM alpine:3.19
      ADD https://example.com/downloads/.npmrc /tmp/
      COPY <<EOF /etc/app.conf
      x=1
      EOF
      `,
    },
  ],
  invalid: [
    {
      name: 'SSH private key',
      dockerfile: `
      FROM alpine:3.19
      COPY id_rsa /root/.ssh/id_rsa
      `,
      expect: [{ line: 2, message: 'id_rsa (private SSH key)' }],
    },
    {
      name: 'several files in one instruction, exec form',
      dockerfile: `
      FROM node:20
      COPY [".npmrc", ".env", "package.json", "./"]
      `,
      expect: [
        { line: 2, message: '.npmrc (npm config (.npmrc, holds registry tokens)), .env (dotenv file)' },
      ],
    },
    {
      name: 'each offending instruction, multi-line and ADD',
      dockerfile: `
      FROM python:3.12-slim
      COPY --chown=app:app \\
          deploy/.aws/credentials \\
          /home/app/.aws/
      ADD secrets/tls.key /etc/tls/
      COPY gcp-service-account.json .env.production /app/
      COPY .ssh /root/.ssh
      `,
      expect: [
        { line: 2, endLine: 4, message: 'AWS credentials' },
        { line: 5, message: 'private key' },
        { line: 6, message: 'cloud service-account key' },
        { line: 7, message: 'SSH directory' },
      ],
    },
  ],
});

describe('sensitiveFileKind', () => {
  it.each([
    ['id_ed25519', 'private SSH key'],
    ['keys/id_ecdsa_deploy', 'private SSH key'],
    ['./id_rsa.pub', undefined],
    ['.env', 'dotenv file'],
    ['.env.local', 'dotenv file'],
    ['.env.example', undefined],
    ['config/.env.template', undefined],
    ['.aws/', 'AWS credentials'],
    ['.aws/config', undefined],
    ['credentials', 'credentials file'],
    ['.pypirc', 'PyPI config (.pypirc)'],
    ['.netrc', 'netrc credentials'],
    ['.git-credentials', 'git credentials'],
    ['.docker/config.json', 'Docker registry credentials'],
    ['config.json', undefined],
    ['.kube/config', 'kubeconfig'],
    ['credentials.json', 'credentials JSON'],
    ['client_secret_1234.apps.googleusercontent.com.json', 'credentials JSON'],
    ['my-service-account.json', 'cloud service-account key'],
    ['cert.p12', 'PKCS#12 key store'],
    ['keystore.pfx', 'PKCS#12 key store'],
    ['server.key', 'private key'],
    ['docker.gpg.key', undefined],
    ['Release.key', undefined],
    ['privkey.pem', 'private key'],
    ['tls-key.pem', 'private key'],
    ['pubkey.pem', undefined],
    ['ca-bundle.pem', undefined],
    ['.ssh/id_rsa', 'private SSH key'],
    ['.ssh/deploy_key', 'file from an SSH directory'],
    ['.ssh/known_hosts', undefined],
    ['keys.txt', undefined],
    ['.', undefined],
  ])('%s -> %s', (path, kind) => {
    expect(sensitiveFileKind(path)).toBe(kind);
  });
});
