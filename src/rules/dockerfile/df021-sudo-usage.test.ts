import { testRule } from '../../../test/support/rule-tester.js';
import { sudoUsage } from './df021-sudo-usage.js';

testRule(sudoUsage, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    {
      name: 'installing the sudo package is not running it',
      dockerfile: 'FROM debian:12\nRUN apt-get install -y sudo\n',
    },
    {
      name: 'looking sudo up',
      dockerfile:
        'FROM debian:12\nRUN if command -v sudo > /dev/null; then echo has-sudo; fi && which sudo || true\n',
    },
    { name: 'gosu to drop privileges', dockerfile: 'FROM debian:12\nRUN gosu nobody true\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM debian:12\nUSER app\nRUN sudo apt-get update\n',
      expect: [{ line: 3, message: 'sudo apt-get' }],
    },
    {
      name: 'sudo later in a chain, multi-line, with -u',
      dockerfile: `
      FROM debian:12
      RUN apt-get update && \\
          sudo -u app make install && \\
          echo ok | sudo tee /etc/motd
      `,
      expect: [{ line: 2, endLine: 4, message: 'sudo make, sudo tee' }],
    },
    {
      name: 'sudo in sh -c and behind env',
      dockerfile: `
      FROM debian:12
      RUN sh -c 'sudo chown app /data'
      RUN env DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl
      `,
      expect: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'doas in a heredoc script',
      dockerfile: `
      FROM alpine:3.19
      RUN <<EOF
      doas apk add curl
      EOF
      `,
      expect: [{ line: 2, endLine: 4, message: 'doas apk' }],
    },
  ],
});
