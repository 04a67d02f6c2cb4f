import { testRule } from '../../../test/support/rule-tester.js';
import { apkUnpinned } from './df031-apk-unpinned.js';

testRule(apkUnpinned, {
  valid: [
    'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0 git~2.43\n',
    {
      name: '--virtual name and -X value are not packages',
      dockerfile: `
      FROM alpine:3.19
      RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20231014-r0 \\
       && apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing 'jq>1.6' \\
       && apk del .build-deps
      `,
    },
    {
      name: 'local .apk and variables',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --allow-untrusted /tmp/pkg.apk $EXTRA\n',
    },
    {
      name: 'apk del and apk update are not installs',
      dockerfile: 'FROM alpine:3.19\nRUN apk update && apk del curl\n',
    },
  ],
  invalid: [
    {
      name: 'unpinned packages',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0 git bash\n',
      expect: [{ line: 2, message: 'apk add without pinned versions: git, bash' }],
    },
    {
      name: '-t virtual name skipped, flag before subcommand, sudo, multi-line',
      dockerfile: `
      FROM alpine:3.19
      RUN sudo apk --no-cache add -t .deps \\
          make
      `,
      expect: [{ line: 2, endLine: 3, message: ': make' }],
    },
    {
      name: 'heredoc and repository tag',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      apk add --no-cache jq@edge
      EOF
      `,
      expect: [{ line: 2, endLine: 4, message: 'jq@edge' }],
    },
    {
      name: 'exec form',
      dockerfile: 'FROM alpine:3.19\nRUN ["apk", "add", "--no-cache", "tini"]\n',
      expect: [{ line: 2, message: 'tini' }],
    },
  ],
});
