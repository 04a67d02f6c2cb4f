import { testRule } from '../../../test/support/rule-tester.js';
import { tlsVerificationDisabledEnv } from './df020-tls-verification-disabled-env.js';

testRule(tlsVerificationDisabledEnv, {
  valid: [
    'FROM node:20-alpine\nENV NODE_ENV=production NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp.pem\n',
    {
      name: 'the secure values',
      dockerfile:
        'FROM python:3.12-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true PIP_INDEX_URL=https://pypi.example.com/simple\n',
    },
    {
      name: 'ARG without a default is not set',
      dockerfile: 'FROM alpine:3.19\nARG GIT_SSL_NO_VERIFY\nARG PIP_TRUSTED_HOST\n',
    },
    {
      name: 'unresolvable value',
      dockerfile: 'FROM node:20-alpine\nARG TLS=1\nENV NODE_TLS_REJECT_UNAUTHORIZED=${TLS}\n',
    },
    {
      name: 'env wrapper with harmless variables',
      dockerfile: 'FROM node:20-alpine\nRUN env CI=true npm ci\n',
    },
  ],
  invalid: [
    {
      name: 'prefix assignment and export inside RUN',
      dockerfile:
        'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\nRUN export GIT_SSL_NO_VERIFY=true && git clone https://x/y\n',
      expect: [{ line: 2 }, { line: 3 }],
    },
    {
      dockerfile: 'FROM node:20-alpine\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      expect: [{ line: 2, message: 'NODE_TLS_REJECT_UNAUTHORIZED=0' }],
    },
    {
      name: 'each pair at its own line of a multi-line ENV, and the legacy form',
      dockerfile: `
      FROM python:3.12-slim
      ENV LANG=C.UTF-8 \\
          PYTHONHTTPSVERIFY=0 \\
          PIP_TRUSTED_HOST="pypi.example.com"
      ENV GIT_SSL_NO_VERIFY true
      `,
      expect: [
        { line: 3, endLine: 3, message: 'PYTHONHTTPSVERIFY' },
        { line: 4, endLine: 4, message: 'pypi.example.com' },
        { line: 5, message: 'GIT_SSL_NO_VERIFY' },
      ],
    },
    {
      name: 'ARG defaults, npm config case-insensitive, GOINSECURE, http index',
      dockerfile: `
      FROM golang:1.22
      ARG npm_config_strict_ssl=false
      ARG GOINSECURE=git.example.com
      ENV PIP_EXTRA_INDEX_URL="https://ok.example.com/simple http://bad.example.com/simple"
      `,
      expect: [{ line: 2 }, { line: 3 }, { line: 4, message: 'plain HTTP' }],
    },
    {
      name: 'env wrapper in a RUN',
      dockerfile: `
      FROM node:20-alpine
      RUN npm ci && \\
          env NODE_TLS_REJECT_UNAUTHORIZED=0 node scripts/fetch.js
      `,
      expect: [{ line: 2, endLine: 3, message: 'env NODE_TLS_REJECT_UNAUTHORIZED=0 node' }],
    },
  ],
});
