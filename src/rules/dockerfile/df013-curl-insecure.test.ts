import { testRule } from '../../../test/support/rule-tester.js';
import { curlInsecure } from './df013-curl-insecure.js';

testRule(curlInsecure, {
  valid: [
    'FROM alpine:3.19\nRUN curl -fsSL https://example.com/app.tgz -o /tmp/app.tgz\n',
    {
      name: '-K is --config, not --insecure',
      dockerfile: 'FROM alpine:3.19\nRUN curl -K /etc/curl.conf https://example.com\n',
    },
    {
      name: 'a k inside the value of -o is a file name',
      dockerfile:
        'FROM alpine:3.19\nRUN curl -fsSLokubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl\n',
    },
    {
      name: '--no-insecure cancels -k',
      dockerfile: 'FROM alpine:3.19\nRUN curl -k --no-insecure https://example.com\n',
    },
    { name: 'not curl', dockerfile: 'FROM alpine:3.19\nRUN wget -q https://example.com && echo -k\n' },
    { name: '-k after -- is an operand', dockerfile: 'FROM alpine:3.19\nRUN curl -fsSL -- -k\n' },
  ],
  invalid: [
    {
      name: '-k in a short-option cluster',
      dockerfile: 'FROM alpine:3.19\nRUN curl -fsSLk https://example.com/install.sh -o /tmp/i.sh\n',
      expect: [{ line: 2, message: 'curl -fsSLk (https://example.com/install.sh)' }],
    },
    {
      name: '--insecure on a continuation line, behind sudo',
      dockerfile: `
      FROM ubuntu:22.04
      RUN apt-get update && \\
          sudo curl --insecure -o /usr/local/bin/tool https://example.com/tool && \\
          chmod +x /usr/local/bin/tool
      `,
      expect: [{ line: 2, endLine: 4, message: '--insecure' }],
    },
    {
      name: 'heredoc script and exec form, one hit per RUN',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      curl -k https://a.example.com
      curl --proxy-insecure -x https://proxy:3128 https://b.example.com
      EOF
      RUN ["curl", "-k", "https://c.example.com"]
      `,
      expect: [
        { line: 2, endLine: 5, message: 'curl -k (https://a.example.com); curl --proxy-insecure' },
        { line: 6, message: 'https://c.example.com' },
      ],
    },
    {
      name: 'inside sh -c and a command substitution, in a build stage',
      dockerfile: `
      FROM alpine:3.19 AS build
      RUN sh -c 'curl -sk https://example.com/a > /a'
      RUN echo "$(curl -ks https://example.com/v)" > /v
      FROM alpine:3.19
      COPY --from=build /a /a
      `,
      expect: [{ line: 2 }, { line: 3 }],
    },
  ],
});
