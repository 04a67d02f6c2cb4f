import { testRule } from '../../../test/support/rule-tester.js';
import { copyFromOwnStage } from './df044-copy-from-own-stage.js';

testRule(copyFromOwnStage, {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM alpine:3.19\nCOPY --from=build /out/app /app\n',
    {
      name: 'numeric index of an earlier stage',
      dockerfile: 'FROM alpine:3.19\nRUN true\nFROM alpine:3.19\nCOPY --from=0 /etc/x /etc/x\n',
    },
    {
      name: 'an external image',
      dockerfile: 'FROM alpine:3.19 AS app\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n',
    },
    { name: 'a variable', dockerfile: 'FROM alpine:3.19 AS app\nCOPY --from=${SRC} /x /x\n' },
  ],
  invalid: [
    {
      name: 'by name',
      dockerfile: `
      FROM golang:1.22 AS build
      COPY --from=build /out /out
      `,
      expect: [{ line: 2, message: 'own stage "build"' }],
    },
    {
      name: 'by name, different case',
      dockerfile: 'FROM golang:1.22 AS Build\nRUN true\nCOPY --from=BUILD /out /out\n',
      expect: [{ line: 3 }],
    },
    {
      name: 'by index',
      dockerfile: `
      FROM alpine:3.19
      FROM alpine:3.19
      COPY --from=1 /etc/passwd /tmp/
      `,
      expect: [{ line: 3, message: '#1' }],
    },
  ],
});
