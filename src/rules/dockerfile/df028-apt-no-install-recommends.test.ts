import { testRule } from '../../../test/support/rule-tester.js';
import { aptNoInstallRecommends } from './df028-apt-no-install-recommends.js';

testRule(aptNoInstallRecommends, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    {
      name: 'flag before the subcommand',
      dockerfile: 'FROM debian:12\nRUN apt-get -y --no-install-recommends install curl\n',
    },
    {
      name: 'apt option, separate and attached',
      dockerfile: `
      FROM debian:12
      RUN apt-get install -qy -o APT::Install-Recommends=false curl \\
       && apt-get install -y -oAPT::Install-Recommends=0 git
      `,
    },
    {
      name: 'apt.conf snippet written in an earlier RUN of the chain',
      dockerfile: `
      FROM debian:12 AS base
      RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends
      FROM base
      RUN apt-get update && apt-get install -y curl
      `,
    },
    { name: 'not an install', dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get purge -y curl\n' },
    {
      name: 'exec form',
      dockerfile: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "--no-install-recommends", "curl"]\n',
    },
  ],
  invalid: [
    {
      name: 'plain install',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl git\n',
      expect: [{ line: 2, message: 'apt-get install without --no-install-recommends (packages: curl, git)' }],
    },
    {
      name: 'option clusters and values, multi-line with comment, sudo',
      dockerfile: `
      FROM ubuntu:24.04
      RUN apt-get update \\
        # tools
        && sudo apt-get -qy install -o Dpkg::Options::=--force-confold -t noble-backports \\
           curl
      `,
      expect: [{ line: 2, endLine: 5, message: '(packages: curl)' }],
    },
    {
      name: 'heredoc and exec form',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      apt-get update
      apt install -y jq
      EOF
      RUN ["apt-get", "install", "-y", "vim"]
      `,
      expect: [
        { line: 2, endLine: 5, message: 'apt install' },
        { line: 6, message: 'vim' },
      ],
    },
    {
      name: 'the other install of the RUN still counts; Install-Recommends=true does not disable',
      dockerfile:
        'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl && apt-get install -y -o APT::Install-Recommends=true git\n',
      expect: [{ line: 2, message: '(packages: git)' }],
    },
    {
      name: 'config written only after the install',
      dockerfile: `
      FROM debian:12
      RUN apt-get install -y curl
      RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends
      `,
      expect: [{ line: 2 }],
    },
  ],
});
