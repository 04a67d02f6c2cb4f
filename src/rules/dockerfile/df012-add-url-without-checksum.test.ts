import { testRule } from '../../../test/support/rule-tester.js';
import { addUrlWithoutChecksum } from './df012-add-url-without-checksum.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

testRule(addUrlWithoutChecksum, {
  valid: [
    `
    FROM alpine:3.19
    ADD --checksum=sha256:${'d'.repeat(64)} https://example.com/tool-1.2.3.tar.gz /tmp/
    `,
    { name: 'local files', dockerfile: 'FROM alpine:3.19\nADD rootfs.tar.gz /\nADD ["a b", "/x/"]\n' },
    {
      name: 'git source pinned to a commit',
      dockerfile: `
      FROM alpine:3.19
      ADD https://github.com/moby/buildkit.git#${SHA} /src
      ADD git@github.com:moby/buildkit.git#${SHA}:docs /docs
      `,
    },
    { name: 'COPY is not ADD', dockerfile: 'FROM alpine:3.19\nCOPY https.txt /x\n' },
  ],
  invalid: [
    {
      name: 'https URL',
      dockerfile: `
      FROM alpine:3.19
      ADD https://example.com/tool.tar.gz /tmp/
      `,
      expect: [{ line: 2, message: 'ADD downloads https://example.com/tool.tar.gz without --checksum' }],
    },
    {
      name: 'plain http, exec form, other flags, multi-line',
      dockerfile: `
      FROM alpine:3.19
      ADD --chown=1000:1000 --chmod=755 \\
          ["http://example.com/bin/tool", "/usr/local/bin/tool"]
      `,
      expect: [{ line: 2, endLine: 3, message: 'http://example.com/bin/tool' }],
    },
    {
      name: 'git sources on a branch or tag',
      dockerfile: `
      FROM alpine:3.19
      ADD https://github.com/moby/buildkit.git#v0.13.0 /src
      ADD git@github.com:acme/private.git /app
      `,
      expect: [{ line: 2, message: 'buildkit.git#v0.13.0' }, { line: 3 }],
    },
    {
      name: 'only the remote sources are listed',
      dockerfile: `
      FROM alpine:3.19
      ADD local.txt https://example.com/a.txt /dst/
      `,
      expect: [{ line: 2, message: 'downloads https://example.com/a.txt without' }],
    },
  ],
});
