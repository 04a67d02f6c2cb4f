import { testRule } from '../../../test/support/rule-tester.js';
import { exposeSsh } from './df025-expose-ssh.js';

testRule(exposeSsh, {
  valid: [
    'FROM nginx:1.25\nEXPOSE 80 443\n',
    { name: '2222 and 220 are not 22', dockerfile: 'FROM alpine:3.19\nEXPOSE 2222 220/tcp 122\n' },
    { name: 'UDP is not SSH', dockerfile: 'FROM alpine:3.19\nEXPOSE 22/udp\n' },
    { name: 'a variable', dockerfile: 'FROM alpine:3.19\nARG PORT=8080\nEXPOSE ${PORT}\n' },
  ],
  invalid: [
    { dockerfile: 'FROM alpine:3.19\nEXPOSE 22\n', expect: [{ line: 2, message: 'EXPOSE 22' }] },
    {
      name: '22/tcp among other ports',
      dockerfile: 'FROM alpine:3.19\nEXPOSE 80 22/tcp 443\n',
      expect: [{ line: 2, message: '22/tcp' }],
    },
    {
      name: 'a range that includes 22, multi-line EXPOSE',
      dockerfile: `
      FROM alpine:3.19
      EXPOSE 8080 \\
             20-25
      `,
      expect: [{ line: 2, endLine: 3, message: '20-25' }],
    },
  ],
});
