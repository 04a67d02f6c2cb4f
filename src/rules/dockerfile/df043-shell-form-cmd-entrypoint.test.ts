import { testRule } from '../../../test/support/rule-tester.js';
import { shellFormCmdEntrypoint } from './df043-shell-form-cmd-entrypoint.js';

testRule(shellFormCmdEntrypoint, {
  valid: [
    'FROM node:20\nUSER node\nCMD ["node", "server.js"]\n',
    { name: 'exec in shell form replaces the shell', dockerfile: 'FROM node:20\nCMD exec node server.js\n' },
    {
      name: 'setup then exec',
      dockerfile: 'FROM node:20\nENTRYPOINT ./migrate.sh && exec node server.js\n',
    },
    { name: 'empty exec form', dockerfile: 'FROM alpine:3.19\nENTRYPOINT ["/app"]\nCMD []\n' },
    {
      name: 'shell form only in a build stage',
      dockerfile:
        'FROM golang:1.22 AS build\nCMD go test ./...\nFROM gcr.io/distroless/static\nCMD ["/app"]\n',
    },
    {
      name: 'Windows shell',
      dockerfile:
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD Start-Service w3svc\n',
    },
    {
      name: 'shell-form CMD overridden by a later exec-form CMD',
      dockerfile: 'FROM alpine:3.19\nCMD app --serve\nCMD ["app", "--serve"]\n',
    },
  ],
  invalid: [
    {
      name: 'shell-form CMD',
      dockerfile: `
      FROM node:20
      CMD node server.js
      `,
      expect: [{ line: 2, message: 'CMD node server.js is in shell form' }],
    },
    {
      name: 'shell-form ENTRYPOINT: CMD is ignored then, so only the ENTRYPOINT is reported',
      dockerfile: 'FROM python:3.12\nENTRYPOINT python -m app \\\n  --port 8000\nCMD serve\n',
      expect: [{ line: 2, endLine: 3, message: 'ENTRYPOINT python -m app --port 8000' }],
    },
    {
      name: 'inherited from the stage the final one builds on',
      dockerfile: `
      FROM python:3.12 AS base
      CMD gunicorn app:app
      FROM base AS final
      USER 10001
      `,
      expect: [{ line: 2 }],
    },
    {
      name: 'shell-form CMD fed to an exec-form ENTRYPOINT, with a custom SHELL',
      dockerfile: `
      FROM debian:12
      SHELL ["/bin/bash", "-o", "pipefail", "-c"]
      ENTRYPOINT ["/usr/bin/tini", "--"]
      CMD /usr/local/bin/app
      `,
      expect: [{ line: 4, message: '/bin/bash -o pipefail -c' }],
    },
  ],
});
