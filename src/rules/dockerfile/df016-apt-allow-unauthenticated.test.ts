import { testRule } from '../../../test/support/rule-tester.js';
import { aptAllowUnauthenticated } from './df016-apt-allow-unauthenticated.js';

testRule(aptAllowUnauthenticated, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n',
    {
      name: 'signed-by source',
      dockerfile:
        'FROM debian:12\nRUN echo "deb [signed-by=/etc/apt/keyrings/x.gpg] https://repo.example.com stable main" > /etc/apt/sources.list.d/x.list\n',
    },
    {
      name: 'unrelated -o option',
      dockerfile:
        'FROM debian:12\nRUN apt-get -o Acquire::Retries=3 -o Dpkg::Options::=--force-confnew install -y curl\n',
    },
    {
      name: 'trusted=yes on a local file: repository of packages built in the same RUN',
      dockerfile: `
      FROM debian:12
      RUN tmp="$(mktemp -d)" && cd "$tmp" && apt-get source --compile hello \\
       && dpkg-scanpackages . > Packages \\
       && echo "deb [ trusted=yes ] file://$tmp ./" > /etc/apt/sources.list.d/local.list \\
       && printf 'Types: deb\\nURIs: file:/srv/debs\\nSuites: ./\\nTrusted: yes\\n' > /etc/apt/sources.list.d/debs.sources \\
       && apt-get update && apt-get install -y --no-install-recommends hello
      `,
    },
    {
      name: 'verification explicitly on',
      dockerfile: 'FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Peer=true update\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated curl\n',
      expect: [{ line: 2, message: 'apt-get --allow-unauthenticated' }],
    },
    {
      name: '--force-yes and -o options, multi-line with sudo',
      dockerfile: `
      FROM ubuntu:22.04
      RUN sudo apt-get update -oAcquire::AllowInsecureRepositories=true && \\
          apt-get install -y --force-yes -o APT::Get::AllowUnauthenticated=1 curl
      `,
      expect: [{ line: 2, endLine: 3, message: 'Acquire::AllowInsecureRepositories=true' }],
    },
    {
      name: 'apt, Verify-Peer false for one host',
      dockerfile: 'FROM debian:12\nRUN apt -o Acquire::https::repo.example.com::Verify-Peer=false update\n',
      expect: [{ line: 2 }],
    },
    {
      name: 'trusted=yes source written by echo, and apt.conf in a heredoc',
      dockerfile: `
      FROM debian:12
      RUN echo "deb [trusted=yes] http://repo.example.com stable main" > /etc/apt/sources.list.d/x.list
      COPY <<EOF /etc/apt/apt.conf.d/99insecure
      APT::Get::AllowUnauthenticated "true";
      EOF
      `,
      expect: [
        { line: 2, message: 'trusts unsigned sources' },
        { line: 3, endLine: 5, message: 'APT::Get::AllowUnauthenticated' },
      ],
    },
    {
      name: 'a trusted remote source next to a local one, and deb822 Trusted with a remote URI',
      dockerfile: `
      FROM debian:12
      RUN echo "deb [trusted=yes] file:/srv/debs ./" > /etc/apt/sources.list.d/a.list \\
       && echo "deb [trusted=yes] http://repo.example.com stable main" >> /etc/apt/sources.list.d/a.list
      RUN printf 'Types: deb\\nURIs: http://repo.example.com\\nSuites: stable\\nTrusted: yes\\n' > /etc/apt/sources.list.d/b.sources
      `,
      expect: [
        { line: 2, endLine: 3, message: 'trusts unsigned sources' },
        { line: 4, message: 'trusts unsigned sources' },
      ],
    },
  ],
});
