import { testRule } from '../../../test/support/rule-tester.js';
import { secretBuildArgInRun } from './df009-secret-build-arg-in-run.js';

testRule(secretBuildArgInRun, {
  valid: [
    {
      name: 'secret mount, ARG not referenced',
      dockerfile: `
      FROM node:20
      ARG NPM_TOKEN
      RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
      `,
    },
    {
      name: 'secret mount exposing the same name as an env var',
      dockerfile: `
      FROM node:20
      ARG NPM_TOKEN
      RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN" && npm ci
      `,
    },
    {
      name: 'non-secret ARG names and look-alike variables',
      dockerfile: `
      FROM alpine:3.19
      ARG VERSION
      ARG TOKEN_URL
      ARG NPM_TOKEN
      RUN curl -fsSL "$TOKEN_URL/$VERSION" -o /tmp/x && echo "$NPM_TOKEN_FILE"
      `,
    },
    {
      name: 'RUN before the ARG, and in another stage',
      dockerfile: `
      FROM alpine:3.19 AS a
      RUN echo "$GITHUB_TOKEN"
      ARG GITHUB_TOKEN
      FROM alpine:3.19
      RUN echo "$GITHUB_TOKEN"
      `,
    },
    {
      name: 'literal default is DF007, not this rule',
      dockerfile: `
      FROM alpine:3.19
      ARG API_KEY=abc123def
      RUN echo $API_KEY
      `,
    },
    {
      name: 'global ARG not redeclared in the stage is not in scope',
      dockerfile: `
      ARG NPM_TOKEN
      FROM node:20
      RUN echo $NPM_TOKEN
      `,
    },
  ],
  invalid: [
    {
      name: 'referenced from an assignment',
      dockerfile: 'FROM node:20\nARG NPM_TOKEN\nRUN AUTH=$NPM_TOKEN npm ci\n',
      expect: [{ line: 3 }],
    },
    {
      name: 'npm token written to .npmrc',
      dockerfile: `
      FROM node:20
      ARG NPM_TOKEN
      RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && \\
          npm ci && \\
          rm .npmrc
      `,
      expect: [{ line: 3, endLine: 5, message: 'NPM_TOKEN (ARG on line 2)' }],
    },
    {
      name: 'each RUN that uses it, through sudo, sh -c and heredocs',
      dockerfile: `
      FROM ubuntu:24.04
      ARG GITHUB_TOKEN
      ARG DB_PASSWORD=
      RUN sudo -E git clone "https://x-access-token:$GITHUB_TOKEN@github.com/acme/private.git"
      RUN sh -c 'mysql -p"\${DB_PASSWORD:-root}" < init.sql'
      RUN <<EOF
      set -e
      curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user
      EOF
      `,
      expect: [
        { line: 4, message: 'GITHUB_TOKEN' },
        { line: 5, message: 'DB_PASSWORD (ARG on line 3)' },
        { line: 6, endLine: 9 },
      ],
    },
    {
      name: 'secret mount for something else does not help',
      dockerfile: `
      FROM python:3.12-slim
      ARG PYPI_PASSWORD
      RUN --mount=type=cache,target=/root/.cache pip install --index-url "https://u:$PYPI_PASSWORD@pypi.example.com/simple" app
      `,
      expect: [{ line: 3 }],
    },
    {
      name: 'redeclared global ARG and an ENV that persists it',
      dockerfile: `
      ARG NPM_TOKEN
      FROM node:20
      ARG NPM_TOKEN
      ENV NODE_ENV=production \\
          NPM_TOKEN=\${NPM_TOKEN}
      RUN npm ci
      `,
      expect: [{ line: 5, endLine: 5, message: 'ENV NPM_TOKEN copies secret build arg NPM_TOKEN' }],
    },
  ],
});
