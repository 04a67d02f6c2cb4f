import { testRule } from '../../../test/support/rule-tester.js';
import { secretInArgEnv } from './df007-secret-in-arg-env.js';

testRule(secretInArgEnv, {
  valid: [
    {
      name: 'names that qualify something else',
      dockerfile: `
      FROM alpine:3.19
      ENV TOKEN_URL=https://auth.example.com/token \\
          PASSWORD_FILE=/run/secrets/db \\
          SECRET_PATH=vault/app \\
          API_KEY_ID=1234 \\
          AWS_ACCESS_KEY_ID=id-from-ci
      ARG SSL_KEY_DIR=certs
      `,
    },
    {
      name: 'GPG fingerprints of official images',
      dockerfile: `
      FROM debian:12
      ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
      ENV GPG_KEYS="B42F6819007F00F88E364FD4036A9C25BF357DD4 0x1234"
      ENV KEY=value
      `,
    },
    {
      name: 'no value, empty value or a variable reference',
      dockerfile: `
      FROM node:20
      ARG NPM_TOKEN
      ARG GITHUB_TOKEN=
      ENV NPM_TOKEN=$NPM_TOKEN
      ENV GH_TOKEN=\${GITHUB_TOKEN}
      ENV AUTH_HEADER="Bearer \${NPM_TOKEN}"
      ENV DB_PASSWORD=""
      `,
    },
    {
      name: 'paths and switches',
      dockerfile: `
      FROM alpine:3.19
      ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json
      ENV DB_PASSWORD=./secrets/db
      ENV BASIC_AUTH=false HTTP_AUTH=basic PROXY_AUTH=negotiate
      ENV PIP_NO_AUTH=1
      ENV SECRET_KEY_BASE=dummy SECRET_KEY_BASE_DUMMY=1 API_TOKEN=<your-token> NPM_TOKEN=xxxxxxxx
      `,
    },
    { name: 'LABEL is not checked here', dockerfile: 'FROM alpine:3.19\nLABEL password=hunter22\n' },
  ],
  invalid: [
    {
      name: 'ENV password',
      dockerfile: `
      FROM postgres:16
      ENV POSTGRES_PASSWORD=hunter22
      `,
      expect: [{ line: 2, message: 'ENV POSTGRES_PASSWORD' }],
    },
    {
      name: 'the line of the pair inside a multi-line ENV',
      dockerfile: `
      FROM node:20
      ENV NODE_ENV=production \\
          API_KEY="sk-not-a-real-key-123" \\
          PORT=8080
      `,
      expect: [{ line: 3, endLine: 3, message: 'docker history' }],
    },
    {
      name: 'ARG defaults, global and in a stage',
      dockerfile: `
      ARG NPM_TOKEN=0123456789abcdef
      FROM node:20
      ARG JWT_SECRET=s3cr3t
      `,
      expect: [
        { line: 1, message: 'ARG NPM_TOKEN' },
        { line: 3, message: 'build history' },
      ],
    },
    {
      name: 'legacy ENV syntax, lower and camel case names',
      dockerfile: `
      FROM alpine:3.19
      ENV MYSQL_ROOT_PASSWORD changeme
      ENV dbPassword=abc123!
      ENV secret_key_base=9f8e7d6c5b4a
      ENV DB_PASS=letmein
      `,
      expect: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }],
    },
    {
      name: 'AUTH with a credential-like value',
      dockerfile: `
      FROM node:20
      ENV NPM_CONFIG__AUTH=dXNlcjpwYXNzd29yZA==
      `,
      expect: [{ line: 2 }],
    },
  ],
});
