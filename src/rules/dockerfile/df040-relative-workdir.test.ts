import { testRule } from '../../../test/support/rule-tester.js';
import { relativeWorkdir } from './df040-relative-workdir.js';

testRule(relativeWorkdir, {
  valid: [
    'FROM alpine:3.19\nWORKDIR /app\n',
    { name: 'quoted absolute path', dockerfile: 'FROM alpine:3.19\nWORKDIR "/srv/my app"\n' },
    {
      name: 'a variable may be absolute',
      dockerfile: 'FROM alpine:3.19\nWORKDIR $HOME\nWORKDIR ${APP_DIR}/src\n',
    },
    {
      name: 'Windows drive paths',
      dockerfile: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\nWORKDIR C:/tools\n',
    },
  ],
  invalid: [
    {
      name: 'relative to the base image',
      dockerfile: `
      FROM node:20
      WORKDIR app
      `,
      expect: [{ line: 2, message: 'WORKDIR "app" is relative', severity: 'LOW' }],
    },
    {
      name: 'quoted relative path',
      dockerfile: `FROM alpine:3.19\nWORKDIR 'src/app'\n`,
      expect: [{ line: 2, message: '"src/app"' }],
    },
    {
      name: 'relative to an earlier WORKDIR is only a readability issue',
      dockerfile: `
      FROM alpine:3.19
      WORKDIR /app
      WORKDIR src
      `,
      expect: [{ line: 3, severity: 'INFO', message: 'earlier WORKDIR /app (line 2)' }],
    },
    {
      name: 'an earlier WORKDIR in the parent stage counts; another stage from an image does not',
      dockerfile: `
      FROM alpine:3.19 AS base
      WORKDIR /app
      FROM base AS test
      WORKDIR tests
      FROM alpine:3.19
      WORKDIR ./app
      `,
      expect: [
        { line: 4, severity: 'INFO' },
        { line: 6, severity: 'LOW', message: 'FROM alpine:3.19' },
      ],
    },
  ],
});
