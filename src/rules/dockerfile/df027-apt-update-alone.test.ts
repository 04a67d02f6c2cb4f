import { testRule } from '../../../test/support/rule-tester.js';
import { aptUpdateAlone } from './df027-apt-update-alone.js';

testRule(aptUpdateAlone, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    {
      name: 'multi-line with sudo and option values',
      dockerfile: `
      FROM ubuntu:24.04
      RUN sudo apt-get -qq update \\
       && sudo apt-get -o Dpkg::Options::=--force-confold -t noble-backports -qy install curl
      `,
    },
    {
      name: 'apk update followed by apk add',
      dockerfile: 'FROM alpine:3.19\nRUN apk update && apk add curl\n',
    },
    {
      name: 'update then upgrade uses the fresh lists',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade\n',
    },
    {
      name: 'heredoc RUN',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      set -eux
      apt-get update
      apt-get install -y curl
      EOF
      `,
    },
    {
      name: 'install through xargs',
      dockerfile: 'FROM debian:12\nRUN apt-get update && xargs -a pkgs.txt apt-get install -y\n',
    },
    {
      name: 'an installer script may install',
      dockerfile: 'FROM php:8.3\nRUN apt-get update && install-php-extensions gd\n',
    },
    {
      name: 'sh -c script',
      dockerfile: `FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl'\n`,
    },
  ],
  invalid: [
    {
      name: 'update alone, install in the next RUN',
      dockerfile: `
      FROM debian:12
      RUN apt-get update
      RUN apt-get install -y curl
      `,
      expect: [{ line: 2, endLine: 2, message: 'apt-get update' }],
    },
    {
      name: 'multi-line update with cleanup but no install',
      dockerfile: `
      FROM ubuntu:24.04
      RUN apt update \\
          && rm -rf /tmp/*
      `,
      expect: [{ line: 2, endLine: 3, message: '`apt update`' }],
    },
    {
      name: 'apk update alone',
      dockerfile: 'FROM alpine:3.19\nRUN apk update\nRUN apk add curl\n',
      expect: [{ line: 2, message: 'apk update' }],
    },
    {
      name: 'sudo and heredoc',
      dockerfile: `
      FROM debian:12
      RUN <<EOF
      sudo apt-get update -q
      EOF
      `,
      expect: [{ line: 2, endLine: 4 }],
    },
    {
      name: 'apt update does not count an apk add',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apk add curl\n',
      expect: [{ line: 2, message: 'apt-get update' }],
    },
  ],
});
