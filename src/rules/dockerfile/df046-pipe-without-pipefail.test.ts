import { testRule } from '../../../test/support/rule-tester.js';
import { pipeWithoutPipefail } from './df046-pipe-without-pipefail.js';

testRule(pipeWithoutPipefail, {
  valid: [
    'FROM alpine:3.19\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz && tar -xzf /tmp/a.tgz\n',
    {
      name: 'SHELL with pipefail',
      dockerfile:
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/a.tgz | tar -xz\n',
    },
    {
      name: 'SHELL with a clustered -euo pipefail, inherited from the grandparent stage',
      dockerfile: `
      FROM debian:12 AS base
      SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
      FROM base AS mid
      RUN true
      FROM mid
      RUN curl -fsSL https://example.com/a.tgz | tar -xz
      `,
    },
    {
      name: 'set -o pipefail first',
      dockerfile: 'FROM alpine:3.19\nRUN set -eo pipefail && curl -fsSL x | tar -xz\n',
    },
    {
      name: 'set -o pipefail in a heredoc script',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      set -euxo pipefail
      curl -fsSL https://example.com/a.tgz | tar -xz
      EOF
      `,
    },
    {
      name: 'bash -o pipefail -c and exec form with pipefail',
      dockerfile: `
      FROM debian:12
      RUN bash -o pipefail -c 'curl -fsSL x | tar -xz'
      RUN ["/bin/bash", "-o", "pipefail", "-c", "curl -fsSL x | tar -xz"]
      RUN ["/bin/bash", "-c", "set -o pipefail && curl -fsSL x | tar -xz"]
      `,
    },
    {
      name: 'upstream that cannot fail',
      dockerfile: 'FROM debian:12\nRUN echo "$SUM  /tmp/a" | sha256sum -c - && yes | ./install.sh\n',
    },
    {
      name: 'a checksum check fed by a local filter fails on an empty list',
      dockerfile: `
      FROM alpine:3.19
      RUN grep " app-$VERSION.tar.xz\\$" SHASUMS256.txt | sha256sum -c - \\
       && awk '$2 == "app.zip"' sums.txt | sha512sum --check --strict \\
       && grep app.tgz SHA256SUMS | shasum -a 256 -c
      `,
    },
    {
      name: 'PowerShell SHELL',
      dockerfile:
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n',
    },
    {
      name: 'exec form without a shell: | is an argument',
      dockerfile: 'FROM alpine:3.19\nRUN ["/usr/bin/printf", "%s", "a | b"]\n',
    },
    { name: 'a quoted pipe is not a pipeline', dockerfile: "FROM alpine:3.19\nRUN grep -E 'a|b' /etc/x\n" },
  ],
  invalid: [
    {
      name: 'a checksum list streamed from the network, or a check of a named file',
      dockerfile: `
      FROM alpine:3.19
      RUN curl -fsSL https://example.com/SHA256SUMS | sha256sum -c -
      RUN grep app SHA256SUMS | sha256sum -c other.sums
      `,
      expect: [
        { line: 2, message: 'if curl fails' },
        { line: 3, message: 'if grep fails' },
      ],
    },
    {
      name: 'curl into tar',
      dockerfile: `
      FROM alpine:3.19
      RUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt
      `,
      expect: [{ line: 2, message: 'Pipeline "curl | tar" runs without pipefail: if curl fails' }],
    },
    {
      name: 'multi-line, sudo, several pipelines',
      dockerfile: `
      FROM ubuntu:22.04
      RUN apt-get update \\
       && sudo wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/x.gpg \\
       && curl -fsSL https://example.com/install.sh | bash
      `,
      expect: [{ line: 2, endLine: 4, message: 'also: "curl | bash"' }],
    },
    {
      name: 'pipefail set only after the pipeline',
      dockerfile: `
      FROM alpine:3.19
      RUN curl -fsSL x | tar -xz \\
       && set -o pipefail
      `,
      expect: [{ line: 2 }],
    },
    {
      name: 'a SHELL without pipefail, and pipefail SHELL declared only after the RUN',
      dockerfile: `
      FROM debian:12
      SHELL ["/bin/bash", "-c"]
      RUN curl -fsSL x | tar -xz
      SHELL ["/bin/bash", "-o", "pipefail", "-c"]
      RUN curl -fsSL x | tar -xz
      `,
      expect: [{ line: 3 }],
    },
    {
      name: 'pipefail SHELL of a sibling stage does not apply',
      dockerfile: `
      FROM debian:12 AS a
      SHELL ["/bin/bash", "-o", "pipefail", "-c"]
      FROM debian:12
      RUN wget -qO- x | sh
      `,
      expect: [{ line: 4, message: '"wget | sh"' }],
    },
    {
      name: 'exec form through sh, heredoc',
      dockerfile: `
      FROM alpine:3.19
      RUN ["/bin/sh", "-c", "curl -fsSL x | tar -xz"]
      RUN <<EOF
      curl -fsSL x | sh
      EOF
      `,
      expect: [{ line: 2 }, { line: 3, endLine: 5 }],
    },
  ],
});
