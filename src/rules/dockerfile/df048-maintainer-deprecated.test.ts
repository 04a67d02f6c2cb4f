import { testRule } from '../../../test/support/rule-tester.js';
import { maintainerDeprecated } from './df048-maintainer-deprecated.js';

testRule(maintainerDeprecated, {
  valid: [
    'FROM alpine:3.19\nLABEL org.opencontainers.image.authors="Team <team@example.com>"\n',
    {
      name: 'a LABEL called maintainer',
      dockerfile: 'FROM alpine:3.19\nLABEL maintainer="me@example.com"\n',
    },
    { name: 'the word in a RUN', dockerfile: 'FROM alpine:3.19\nRUN echo MAINTAINER\n' },
  ],
  invalid: [
    {
      dockerfile: `
      FROM alpine:3.19
      MAINTAINER Jane Doe <jane@example.com>
      `,
      expect: [{ line: 2, message: 'org.opencontainers.image.authors="Jane Doe <jane@example.com>"' }],
    },
    {
      name: 'lower-case keyword',
      dockerfile: 'FROM alpine:3.19\nmaintainer me\n',
      expect: [{ line: 2 }],
    },
    {
      name: 'one per occurrence, in any stage',
      dockerfile: 'FROM alpine:3.19 AS a\nMAINTAINER a\nFROM alpine:3.19\nMAINTAINER b\n',
      expect: [{ line: 2 }, { line: 4 }],
    },
  ],
});
