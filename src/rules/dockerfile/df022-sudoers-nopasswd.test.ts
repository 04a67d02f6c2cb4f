import { testRule } from '../../../test/support/rule-tester.js';
import { sudoersNopasswd } from './df022-sudoers-nopasswd.js';

testRule(sudoersNopasswd, {
  valid: [
    'FROM debian:12\nRUN useradd -u 10001 app\nUSER 10001\n',
    {
      name: 'a password-protected sudo rule',
      dockerfile: 'FROM debian:12\nRUN echo "app ALL=(ALL) ALL" > /etc/sudoers.d/app\n',
    },
    {
      name: 'removing NOPASSWD and checking for it',
      dockerfile:
        "FROM debian:12\nRUN sed -i '/NOPASSWD/d' /etc/sudoers && ! grep -q 'NOPASSWD:' /etc/sudoers\n",
    },
    {
      name: 'commented-out rule',
      dockerfile: 'FROM debian:12\nRUN echo "# %wheel ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers\n',
    },
  ],
  invalid: [
    {
      dockerfile: "FROM debian:12\nRUN echo 'app ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/app\n",
      expect: [{ line: 2, message: 'app ALL=(ALL) NOPASSWD: ALL' }],
    },
    {
      name: 'echo | tee, printf, multi-line',
      dockerfile: `
      FROM debian:12
      RUN useradd -m dev && \\
          echo "dev ALL=(ALL:ALL) NOPASSWD:ALL" | tee /etc/sudoers.d/dev && \\
          chmod 0440 /etc/sudoers.d/dev
      RUN printf '%s\\n' '%wheel ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers
      `,
      expect: [
        { line: 2, endLine: 4 },
        { line: 5, message: '%wheel' },
      ],
    },
    {
      name: 'sed uncommenting the wheel rule',
      dockerfile:
        "FROM fedora:40\nRUN sed -i 's/^# %wheel ALL=(ALL) NOPASSWD: ALL/%wheel ALL=(ALL) NOPASSWD: ALL/' /etc/sudoers\n",
      expect: [{ line: 2 }],
    },
    {
      name: 'heredocs: COPY and cat',
      dockerfile: `
      FROM debian:12
      COPY <<EOF /etc/sudoers.d/app
      app ALL=(root) NOPASSWD: /usr/bin/apt-get
      EOF
      RUN cat > /etc/sudoers.d/ops <<EOF
      ops ALL=(ALL) NOPASSWD: ALL
      EOF
      `,
      expect: [
        { line: 2, endLine: 4, message: '/usr/bin/apt-get' },
        { line: 5, endLine: 7 },
      ],
    },
  ],
});
