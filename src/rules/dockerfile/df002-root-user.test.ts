import { testRule } from '../../../test/support/rule-tester.js';
import { rootUser } from './df002-root-user.js';

testRule(rootUser, {
  valid: [
    'FROM alpine:3.19\nUSER root\nRUN apk add --no-cache curl\nUSER 10001\n',
    'FROM alpine:3.19\nRUN true\n',
    {
      name: 'root only in a build stage',
      dockerfile: 'FROM alpine AS b\nUSER root\nFROM alpine:3.19\nUSER app\n',
    },
  ],
  invalid: [
    { dockerfile: 'FROM alpine:3.19\nUSER app\nUSER root\n', expect: [{ line: 3 }] },
    { name: 'numeric uid with group', dockerfile: 'FROM alpine:3.19\nUSER 0:0\n', expect: [{ line: 2 }] },
    {
      name: 'inherited from the parent stage',
      dockerfile: 'FROM alpine:3.19 AS base\nUSER root\nFROM base\nRUN id\n',
      expect: [{ line: 2 }],
    },
  ],
});
