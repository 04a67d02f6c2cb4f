import { testRule } from '../../../test/support/rule-tester.js';
import { gitSslVerifyDisabled } from './df019-git-ssl-verify-disabled.js';

testRule(gitSslVerifyDisabled, {
  valid: [
    'FROM alpine/git:2.43.0\nRUN git clone --depth 1 https://github.com/example/repo.git /src\n',
    {
      name: 'sslVerify true',
      dockerfile: 'FROM alpine/git:2.43.0\nRUN git config --global http.sslVerify true\n',
    },
    {
      name: 'other settings and unset',
      dockerfile:
        'FROM alpine/git:2.43.0\nRUN git config --global --unset http.sslVerify && git -c core.autocrlf=false clone https://x.example.com/r.git\n',
    },
    {
      name: 'reading the value',
      dockerfile: 'FROM alpine/git:2.43.0\nRUN git config --get http.sslVerify\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM alpine/git:2.43.0\nRUN git config --global http.sslVerify false\n',
      expect: [{ line: 2, message: 'git config http.sslVerify false' }],
    },
    {
      name: 'git -c on clone, multi-line, case-insensitive key',
      dockerfile: `
      FROM alpine/git:2.43.0
      RUN apk add --no-cache make && \\
          git -C /src -c http.sslverify=0 clone https://git.example.com/r.git
      `,
      expect: [{ line: 2, endLine: 3, message: '-c http.sslverify=0' }],
    },
    {
      name: 'per-URL key, --file option and git config set',
      dockerfile: `
      FROM alpine/git:2.43.0
      RUN git config --file /etc/gitconfig --bool http.https://git.example.com/.sslVerify no
      RUN git config set --global http.sslVerify off
      `,
      expect: [{ line: 2, message: 'http.https://git.example.com/.sslVerify' }, { line: 3 }],
    },
    {
      name: 'inside a heredoc script',
      dockerfile: `
      FROM alpine/git:2.43.0
      RUN <<EOF
      set -e
      git config --system http.sslVerify false
      EOF
      `,
      expect: [{ line: 2, endLine: 5 }],
    },
  ],
});
