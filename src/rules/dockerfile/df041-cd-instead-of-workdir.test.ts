import { testRule } from '../../../test/support/rule-tester.js';
import { cdInsteadOfWorkdir } from './df041-cd-instead-of-workdir.js';

testRule(cdInsteadOfWorkdir, {
  valid: [
    'FROM alpine:3.19\nWORKDIR /src\nRUN make\n',
    {
      name: 'cd scoped to a sh -c child shell',
      dockerfile:
        'FROM alpine:3.19\nRUN find /src -name Makefile -execdir sh -c \'cd "$0" && make\' {} \\;\n',
    },
    {
      name: 'cd inside a command substitution',
      dockerfile: 'FROM alpine:3.19\nRUN echo "$(cd /opt && pwd)" > /etc/optdir\n',
    },
    { name: 'cd as an argument, not a command', dockerfile: 'FROM alpine:3.19\nRUN echo cd /tmp\n' },
  ],
  invalid: [
    {
      name: 'cd then build',
      dockerfile: `
      FROM alpine:3.19
      RUN cd /src && make
      `,
      expect: [{ line: 2, message: '"cd /src" instead of WORKDIR' }],
    },
    {
      name: 'a RUN that only changes directory does nothing',
      dockerfile: 'FROM alpine:3.19\nRUN cd /app\n',
      expect: [{ line: 2, message: 'has no effect' }],
    },
    {
      name: 'multi-line RUN with sudo and continuations',
      dockerfile: `
      FROM ubuntu:22.04
      RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz \\
       && tar -xzf /tmp/x.tgz -C /tmp \\
       && cd /tmp/x \\
       && ./configure && make install
      `,
      expect: [{ line: 2, endLine: 5, message: 'cd /tmp/x' }],
    },
    {
      name: 'heredoc script',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      cd /src
      make
      EOF
      `,
      expect: [{ line: 2, endLine: 5 }],
    },
    {
      name: 'exec form through a shell',
      dockerfile: 'FROM alpine:3.19\nRUN ["/bin/sh", "-c", "cd /src && make"]\n',
      expect: [{ line: 2 }],
    },
  ],
});
