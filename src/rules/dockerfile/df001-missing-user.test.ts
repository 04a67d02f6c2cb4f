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
    {
      name: 'base images that already run as non-root: distroless nonroot, chiseled .NET',
      dockerfile: `
      FROM golang:1.22 AS build
      RUN go build -o /app
      FROM gcr.io/distroless/static-debian12:nonroot@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS run
      COPY --from=build /app /app
      FROM run
      ENTRYPOINT ["/app"]
      `,
    },
    {
      name: 'chiseled .NET runtime image',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY app /app\n',
    },
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
    {
      name: 'distroless tags other than nonroot, and non-chiseled .NET images, run as root',
      dockerfile: 'FROM gcr.io/distroless/static-debian12:debug\nCOPY app /app\n',
      expect: [{ line: 1 }],
    },
    {
      name: 'a plain .NET runtime image runs as root',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY app /app\n',
      expect: [{ line: 1 }],
    },
  ],
});
