import { testRule } from '../../../test/support/rule-tester.js';
import { aptListsNotCleaned } from './df029-apt-lists-not-cleaned.js';

testRule(aptListsNotCleaned, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    {
      name: 'cache mount on the lists',
      dockerfile:
        'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'cache mount on /var/lib/apt',
      dockerfile:
        'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'build stage only copied from is discarded',
      dockerfile: `
      FROM debian:12 AS build
      RUN apt-get update && apt-get install -y gcc
      RUN gcc -o /hello hello.c
      FROM gcr.io/distroless/static-debian12
      COPY --from=build /hello /hello
      `,
    },
    {
      name: 'heredoc with cleanup and rm -fr of the directory',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      apt-get update
      apt-get install -y curl
      rm -fr /var/lib/apt/lists
      EOF
      `,
    },
    {
      name: 'install without update creates no lists',
      dockerfile: 'FROM debian:12\nRUN apt-get install -y ./pkg.deb\n',
    },
  ],
  invalid: [
    {
      name: 'apt-get clean is not enough',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get clean\n',
      expect: [{ line: 2, message: 'rm -rf /var/lib/apt/lists/*' }],
    },
    {
      name: 'multi-line with sudo; removal in a later RUN does not help',
      dockerfile: `
      FROM ubuntu:24.04
      RUN sudo apt-get update \\
       && sudo apt-get install -y curl
      RUN rm -rf /var/lib/apt/lists/*
      `,
      expect: [{ line: 2, endLine: 3 }],
    },
    {
      name: 'inherited by the final stage through FROM base',
      dockerfile: `
      FROM debian:12 AS base
      RUN apt-get update && apt-get install -y curl
      FROM base
      CMD ["curl"]
      `,
      expect: [{ line: 2 }],
    },
    {
      name: 'a bind mount does not keep lists out of the layer',
      dockerfile:
        'FROM debian:12\nRUN --mount=target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
      expect: [{ line: 2 }],
    },
    {
      name: 'exec form sh -c',
      dockerfile: 'FROM debian:12\nRUN ["bash", "-c", "apt-get update"]\n',
      expect: [{ line: 2 }],
    },
  ],
});
