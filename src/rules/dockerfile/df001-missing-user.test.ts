import { testRule } from '../../../test/support/rule-tester.js';
import { missingUser } from './df001-missing-user.js';

testRule(missingUser, {
  valid: [
    `
    FROM alpine:3.19
    USER 10001
    `,
    {
      name: 'USER inherited from the stage the final one builds on',
      dockerfile: `
      FROM node:20 AS base
      USER node
      FROM base AS final
      CMD ["node", "app.js"]
      `,
    },
    { name: 'scratch images have no root user to run as', dockerfile: 'FROM scratch\nCOPY app /app\n' },
  ],
  invalid: [
    {
      name: 'no USER at all',
      dockerfile: `
      FROM alpine:3.19
      RUN echo hi
      `,
      expect: [{ line: 1, message: 'no USER' }],
    },
    {
      name: 'a USER in a build stage does not count for the final one',
      dockerfile: `
      FROM golang:1.22 AS build
      USER 1000
      RUN go build -o /app
      FROM alpine:3.19
      COPY --from=build /app /app
      `,
      expect: [{ line: 4, endLine: 4 }],
    },
  ],
});
