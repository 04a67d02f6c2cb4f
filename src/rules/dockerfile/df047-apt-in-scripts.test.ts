import { testRule } from '../../../test/support/rule-tester.js';
import { aptInScripts } from './df047-apt-in-scripts.js';

testRule(aptInScripts, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'apt-cache queries', dockerfile: 'FROM debian:12\nRUN apt-cache policy curl\n' },
    {
      name: 'apt as a word, not a command',
      dockerfile: 'FROM debian:12\nRUN echo apt install && ls /etc/apt\n',
    },
  ],
  invalid: [
    {
      name: 'apt update and install',
      dockerfile: `
      FROM debian:12
      RUN apt update && \\
          apt install -y curl
      `,
      expect: [{ line: 2, endLine: 3, message: 'apt update, apt install; use apt-get' }],
    },
    {
      name: 'behind sudo with an option before the subcommand',
      dockerfile: 'FROM ubuntu:22.04\nRUN sudo apt -o Dpkg::Use-Pty=0 -y upgrade\n',
      expect: [{ line: 2, message: 'apt upgrade' }],
    },
    {
      name: 'a query suggests apt-cache',
      dockerfile: 'FROM ubuntu:22.04\nRUN /usr/bin/apt show curl\n',
      expect: [{ line: 2, message: 'use apt-cache' }],
    },
    {
      name: 'heredoc and exec form',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      apt-get update
      apt full-upgrade -y
      EOF
      RUN ["/bin/sh", "-c", "apt remove -y vim"]
      `,
      expect: [
        { line: 2, message: 'apt full-upgrade' },
        { line: 6, message: 'apt remove' },
      ],
    },
  ],
});
