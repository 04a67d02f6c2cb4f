import { testRule } from '../../../test/support/rule-tester.js';
import { aptUnpinned } from './df030-apt-unpinned.js';

testRule(aptUnpinned, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n',
    {
      name: 'option values are not packages',
      dockerfile: `
      FROM debian:12
      RUN apt-get -qy install -o Dpkg::Options::=--force-confold -t bookworm-backports \\
          git=1:2.39.2-1.1 \\
          curl/bookworm-backports
      `,
    },
    {
      name: 'local .deb files',
      dockerfile: 'FROM debian:12\nRUN apt-get install -y ./pkg.deb /tmp/other.deb\n',
    },
    { name: 'variables are not judged', dockerfile: 'FROM debian:12\nRUN apt-get install -y $PACKAGES\n' },
    {
      name: 'other subcommands',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get purge -y curl\n',
    },
  ],
  invalid: [
    {
      name: 'unpinned packages listed once per RUN',
      dockerfile:
        'FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5 git && apt-get install -y jq git\n',
      expect: [{ line: 2, message: 'apt-get install without pinned versions: git, jq' }],
    },
    {
      name: 'flag cluster, -t value, sudo, multi-line',
      dockerfile: `
      FROM ubuntu:24.04
      RUN sudo apt-get -qy install -t noble-backports \\
          ca-certificates
      `,
      expect: [{ line: 2, endLine: 3, message: 'ca-certificates' }],
    },
    {
      name: 'heredoc and exec form sh -c',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      apt-get install -y vim
      EOF
      RUN ["sh", "-c", "apt-get install -y nano"]
      `,
      expect: [{ line: 2, message: 'vim' }, { line: 5 }],
    },
    {
      name: 'apt (not apt-get) in a build stage also counts',
      dockerfile: 'FROM debian:12 AS build\nRUN apt install -y make\nFROM scratch\n',
      expect: [{ line: 2, message: 'make' }],
    },
  ],
});
