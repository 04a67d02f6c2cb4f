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
    {
      name: 'cd scoped to a ( ... ) subshell, in a heredoc too',
      dockerfile: `
      FROM debian:12
      RUN make -C /src && (cd /src/out && tar -czf /dist.tgz .)
      RUN <<EOF
      ( cd /etc/app && gen-cert > cert.pem; )
      EOF
      `,
    },
    {
      name: 'cd into a build directory the same RUN removes, and back',
      dockerfile: `
      FROM debian:12
      RUN mkdir -p /usr/src/tool; \\
          tar -xf tool.tar.xz -C /usr/src/tool; \\
          cd /usr/src/tool; \\
          make install; \\
          cd /; \\
          rm -rf /usr/src/tool
      RUN tmp="$(mktemp -d)" && cd "$tmp" && make -f /Makefile && cd - && rm -rf "$tmp"
      `,
    },
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
      name: 'a cd into a kept directory after a removed one',
      dockerfile: `
      FROM alpine:3.19
      RUN cd /tmp/build && make && cd .. && rm -rf /tmp/build && cd /src && make test
      `,
      expect: [{ line: 2, message: '"cd /src"' }],
    },
    {
      name: 'the directory is removed before, not after, the cd',
      dockerfile: 'FROM alpine:3.19\nRUN rm -rf /app && mkdir /app && cd /app && make\n',
      expect: [{ line: 2, message: '"cd /app"' }],
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
