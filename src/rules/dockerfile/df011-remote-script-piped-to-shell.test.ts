import { testRule } from '../../../test/support/rule-tester.js';
import { remoteScriptPipedToShell } from './df011-remote-script-piped-to-shell.js';

testRule(remoteScriptPipedToShell, {
  valid: [
    {
      name: 'download, verify, run',
      dockerfile: `
      FROM debian:12
      RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\
       && echo "0123abcd  /tmp/install.sh" | sha256sum -c - \\
       && sh /tmp/install.sh
      `,
    },
    {
      name: 'piping into data tools or into inline code that reads stdin as data',
      dockerfile: `
      FROM python:3.12-slim
      RUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt
      RUN curl -s https://api.github.com/repos/o/r/releases/latest | python3 -c "import sys, json; print(json.load(sys.stdin)['tag_name'])"
      RUN wget -qO- https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg
      RUN curl -s https://example.com/data.json | node -e "process.stdin.pipe(process.stdout)"
      `,
    },
    {
      name: 'interpreter running a local script, and sh -c on local text',
      dockerfile: `
      FROM node:20
      RUN curl -fsSL https://example.com/data | python3 /app/parse.py
      RUN cat /tmp/local.sh | sh
      RUN sh -c 'echo hi | cat'
      RUN python3 script.py "$(curl -fsSL https://example.com/version)"
      `,
    },
    {
      name: 'words that only look like commands',
      dockerfile: `
      FROM alpine:3.19
      RUN echo "curl https://x | sh" > /README
      `,
    },
  ],
  invalid: [
    {
      name: 'classic curl | sh',
      dockerfile: `
      FROM ubuntu:24.04
      RUN curl -fsSL https://get.docker.com | sh
      `,
      expect: [{ line: 2, message: 'curl https://get.docker.com -> sh' }],
    },
    {
      name: 'multi-line RUN, sudo, bash -s and a tee in between',
      dockerfile: `
      FROM ubuntu:24.04
      RUN apt-get update && \\
          wget -qO- https://deb.nodesource.com/setup_20.x | tee /tmp/setup.sh | sudo -E bash -s -- --yes && \\
          apt-get install -y nodejs
      `,
      expect: [{ line: 2, endLine: 4, message: 'wget https://deb.nodesource.com/setup_20.x -> sudo bash' }],
    },
    {
      name: 'command and process substitution, eval and source',
      dockerfile: `
      FROM debian:12
      RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
      RUN bash <(curl -s https://example.com/install.sh)
      RUN eval "$(wget -qO- https://example.com/env.sh)"
      RUN . <(curl -s https://example.com/profile.sh)
      `,
      expect: [
        { line: 2, message: '-> sh' },
        { line: 3, message: '-> bash' },
        { line: 4, message: 'eval' },
        { line: 5 },
      ],
    },
    {
      name: 'interpreters other than sh',
      dockerfile: `
      FROM python:3.12-slim
      RUN curl -sSL https://install.python-poetry.org | python3 -
      RUN curl -L https://cpanmin.us | perl - App::cpanminus
      RUN curl -fsSL https://bun.sh/install | bash
      `,
      expect: [{ line: 2, message: 'python3' }, { line: 3, message: 'perl' }, { line: 4 }],
    },
    {
      name: 'inside a heredoc and inside sh -c',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      set -eu
      apk add --no-cache curl
      curl -fsSL https://example.com/setup.sh | ash
      EOF
      RUN sh -c 'curl -fsSL https://example.com/a.sh | sh'
      `,
      expect: [{ line: 2, endLine: 6, message: '-> ash' }, { line: 7 }],
    },
    {
      name: 'exec form',
      dockerfile: `
      FROM alpine:3.19
      RUN ["/bin/sh", "-c", "wget -qO- https://example.com/i.sh | sh -s -- --prefix=/usr"]
      `,
      expect: [{ line: 2, message: 'wget https://example.com/i.sh -> sh' }],
    },
  ],
});
