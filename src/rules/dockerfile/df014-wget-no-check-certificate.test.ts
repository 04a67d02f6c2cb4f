import { testRule } from '../../../test/support/rule-tester.js';
import { wgetNoCheckCertificate } from './df014-wget-no-check-certificate.js';

testRule(wgetNoCheckCertificate, {
  valid: [
    'FROM alpine:3.19\nRUN wget -qO /tmp/app.tgz https://example.com/app.tgz\n',
    {
      name: 'mentioned in an echo only',
      dockerfile: 'FROM alpine:3.19\nRUN echo "never use --no-check-certificate"\n',
    },
    { name: 'curl has no such option', dockerfile: 'FROM alpine:3.19\nRUN curl -fsSL https://example.com\n' },
    {
      name: 'check_certificate on',
      dockerfile: 'FROM alpine:3.19\nRUN echo "check_certificate = on" >> /etc/wgetrc\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM debian:12\nRUN wget --no-check-certificate -O /tmp/x.deb https://example.com/x.deb\n',
      expect: [{ line: 2, message: 'wget --no-check-certificate' }],
    },
    {
      name: 'busybox wget, multi-line, behind env',
      dockerfile: `
      FROM busybox:1.36
      RUN set -e; \\
          env HOME=/root busybox wget --no-check-certificate https://example.com/a
      `,
      expect: [{ line: 2, endLine: 3 }],
    },
    {
      name: 'wget -e check_certificate=off',
      dockerfile: 'FROM debian:12\nRUN wget -q -e check_certificate=off https://example.com/a\n',
      expect: [{ line: 2, message: 'check_certificate=off' }],
    },
    {
      name: 'wgetrc written with echo',
      dockerfile:
        'FROM debian:12\nRUN echo "check_certificate = off" >> ~/.wgetrc && wget https://example.com/a\n',
      expect: [{ line: 2, message: 'wgetrc' }],
    },
  ],
});
