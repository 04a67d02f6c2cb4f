import { testRule } from '../../../test/support/rule-tester.js';
import { apkNoCache } from './df035-apk-no-cache.js';

testRule(apkNoCache, {
  valid: [
    'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0\n',
    {
      name: '--no-cache before the subcommand',
      dockerfile: 'FROM alpine:3.19\nRUN apk --no-cache add curl\n',
    },
    {
      name: 'cache removed in the same RUN',
      dockerfile: `
      FROM alpine:3.19
      RUN apk update \\
       && apk add curl \\
       && rm -rf /var/cache/apk/*
      `,
    },
    {
      name: 'apk add --no-network fetches no index (scanelf dependencies of a source build)',
      dockerfile: `
      FROM alpine:3.19
      RUN apk add --no-cache --virtual .build-deps gcc make \\
       && make install \\
       && scanelf --needed --nobanner --format '%n#p' /usr/local/bin/app \\
          | tr ',' '\\n' | sed 's/^/so:/' \\
          | xargs -rt apk add --no-network --virtual .app-rundeps \\
       && apk del --no-network .build-deps
      `,
    },
    {
      name: 'cache mount',
      dockerfile: 'FROM alpine:3.19\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
    },
    {
      name: 'build stage only copied from',
      dockerfile: `
      FROM alpine:3.19 AS build
      RUN apk add build-base
      FROM alpine:3.19
      COPY --from=build /out /out
      `,
    },
  ],
  invalid: [
    {
      name: 'plain apk add',
      dockerfile: 'FROM alpine:3.19\nRUN apk add curl git\n',
      expect: [{ line: 2, message: 'apk add without --no-cache (packages: curl, git)' }],
    },
    {
      name: 'apk -U add with sudo, multi-line; cleanup in a later RUN does not help',
      dockerfile: `
      FROM alpine:3.19
      RUN sudo apk -U add \\
          bash
      RUN rm -rf /var/cache/apk/*
      `,
      expect: [{ line: 2, endLine: 3, message: 'bash' }],
    },
    {
      name: 'heredoc in a parent stage of the final one',
      dockerfile: `
      FROM alpine:3.19 AS base
      RUN <<EOF
      apk add --virtual .deps make
      EOF
      FROM base
      `,
      expect: [{ line: 2, endLine: 4, message: 'make' }],
    },
    {
      name: 'exec form; a bind mount does not count',
      dockerfile: 'FROM alpine:3.19\nRUN --mount=target=/var/cache/apk ["apk", "add", "tini"]\n',
      expect: [{ line: 2, message: 'tini' }],
    },
  ],
});
