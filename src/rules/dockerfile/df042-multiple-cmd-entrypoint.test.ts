import { testRule } from '../../../test/support/rule-tester.js';
import { multipleCmdEntrypoint } from './df042-multiple-cmd-entrypoint.js';

testRule(multipleCmdEntrypoint, {
  valid: [
    'FROM alpine:3.19\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["app"]\nHEALTHCHECK CMD ["app", "health"]\n',
    {
      name: 'one per stage',
      dockerfile: 'FROM alpine:3.19 AS build\nCMD ["sh"]\nFROM alpine:3.19\nCMD ["app"]\n',
    },
    {
      name: "ONBUILD triggers are not the stage's own",
      dockerfile: 'FROM alpine:3.19\nONBUILD CMD ["x"]\nCMD ["app"]\n',
    },
  ],
  invalid: [
    {
      name: 'two CMDs',
      dockerfile: `
      FROM alpine:3.19
      CMD ["a"]
      RUN true
      CMD ["b"]
      `,
      expect: [{ line: 4, message: 'the CMD on line 2 is discarded' }],
    },
    {
      name: 'three ENTRYPOINTs: every later one is reported',
      dockerfile: 'FROM alpine:3.19\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\nENTRYPOINT c \\\n  --flag\n',
      expect: [
        { line: 3, message: 'line 2' },
        { line: 4, endLine: 5, message: 'line 3' },
      ],
    },
    {
      name: 'duplicate HEALTHCHECK in the final stage only',
      dockerfile: `
      FROM alpine:3.19 AS build
      HEALTHCHECK NONE
      FROM alpine:3.19
      HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1
      HEALTHCHECK NONE
      `,
      expect: [{ line: 5, message: 'HEALTHCHECK' }],
    },
  ],
});
