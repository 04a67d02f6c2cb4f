import { testRule } from '../../../test/support/rule-tester.js';
import { missingHealthcheck } from './df039-missing-healthcheck.js';

testRule(missingHealthcheck, {
  valid: [
    'FROM nginx:1.27\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n',
    { name: 'HEALTHCHECK NONE is an explicit decision', dockerfile: 'FROM alpine:3.19\nHEALTHCHECK NONE\n' },
    {
      name: 'inherited from the stage the final one builds on',
      dockerfile: `
      FROM node:20 AS base
      HEALTHCHECK CMD ["node", "healthcheck.js"]
      FROM base AS final
      CMD ["node", "app.js"]
      `,
    },
    { name: 'empty file', dockerfile: '# nothing\n' },
  ],
  invalid: [
    {
      name: 'no HEALTHCHECK',
      dockerfile: 'FROM alpine:3.19\nCMD ["/app"]\n',
      expect: [{ line: 1, message: 'FROM alpine:3.19' }],
    },
    {
      name: 'HEALTHCHECK only in a build stage',
      dockerfile: `
      FROM golang:1.22 AS build
      HEALTHCHECK CMD true
      RUN go build -o /app
      FROM gcr.io/distroless/static-debian12
      COPY --from=build /app /app
      `,
      expect: [{ line: 4, endLine: 4 }],
    },
    {
      name: 'scratch images are flagged too',
      dockerfile: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      expect: [{ line: 1, message: 'scratch' }],
    },
  ],
});
