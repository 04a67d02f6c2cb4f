import { testRule } from '../../../test/support/rule-tester.js';
import { buildToolsInFinalImage } from './df038-build-tools-in-final-image.js';

testRule(buildToolsInFinalImage, {
  valid: [
    {
      name: 'multi-stage: tools only in the build stage',
      dockerfile: `
      FROM golang:1.22 AS build
      RUN apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1 make && rm -rf /var/lib/apt/lists/*
      RUN make build
      FROM gcr.io/distroless/static-debian12:nonroot
      COPY --from=build /out/app /app
      `,
    },
    {
      name: 'apk virtual package deleted in the same RUN',
      dockerfile: `
      FROM python:3.12-alpine
      RUN apk add --no-cache --virtual .build-deps gcc musl-dev \\
       && pip install --no-cache-dir uwsgi==2.0.26 \\
       && apk del .build-deps
      `,
    },
    {
      name: 'apt purge of the tool in the same RUN',
      dockerfile:
        'FROM debian:12\nRUN apt-get install -y gcc=4:12.2.0-3 libc6-dev && make -C /src && apt-get purge -y gcc libc6-dev\n',
    },
    {
      name: 'official-image idiom: apt-mark auto + purge --auto-remove',
      dockerfile: `
      FROM debian:12
      RUN set -eux; \\
          savedAptMark="$(apt-mark showmanual)"; \\
          apt-get update; \\
          apt-get install -y --no-install-recommends gcc make; \\
          make -C /src install; \\
          apt-mark auto '.*' > /dev/null; \\
          apt-mark manual $savedAptMark; \\
          apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
          rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'runtime packages only',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache ca-certificates tzdata\n',
    },
    {
      name: 'empty build tool list disables the rule',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache gcc\n',
      settings: { buildTools: [] },
    },
  ],
  invalid: [
    {
      name: 'single stage compiles in place',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y build-essential=12.9 git curl\n',
      expect: [{ line: 2, message: 'build-essential, git' }],
    },
    {
      name: 'removed in a later RUN still ships in the earlier layer; sudo; multi-line',
      dockerfile: `
      FROM alpine:3.19
      RUN sudo apk add --no-cache \\
          make=4.4.1-r2 cmake
      RUN apk del make cmake
      `,
      expect: [{ line: 2, endLine: 3, message: 'make, cmake' }],
    },
    {
      name: 'tool installed in the stage the final one builds on, heredoc',
      dockerfile: `
      FROM fedora:40 AS base
      RUN <<EOF
      dnf install -y gcc-14.1.1-1.fc40 golang
      EOF
      FROM base
      `,
      expect: [{ line: 2, endLine: 4, message: 'gcc, golang' }],
    },
    {
      name: 'custom build tool list; virtual group not deleted',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache --virtual .build nodejs npm\n',
      settings: { buildTools: ['npm'] },
      expect: [{ line: 2, message: 'npm' }],
    },
  ],
});
