import { testRule } from '../../../test/support/rule-tester.js';
import { runSecurityInsecure } from './df024-run-security-insecure.js';

testRule(runSecurityInsecure, {
  valid: [
    'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n',
    { name: 'the default sandbox', dockerfile: 'FROM debian:12\nRUN --security=sandbox make\n' },
    { name: 'only mentioned in a command', dockerfile: 'FROM debian:12\nRUN echo --security=insecure\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM debian:12\nRUN --security=insecure mount -t tmpfs none /mnt\n',
      expect: [{ line: 2, message: '--security=insecure' }],
    },
    {
      name: 'with other flags, multi-line',
      dockerfile: `
      FROM debian:12
      RUN --mount=type=cache,target=/root/.cache \\
          --security=insecure \\
          make test
      `,
      expect: [{ line: 2, endLine: 4 }],
    },
    {
      name: 'in a build stage',
      dockerfile: `
      FROM debian:12 AS build
      RUN --security=insecure ./build.sh
      FROM gcr.io/distroless/static-debian12
      COPY --from=build /out /app
      `,
      expect: [{ line: 2 }],
    },
  ],
});
