import { testRule } from '../../../test/support/rule-tester.js';
import { packageSignatureCheckDisabled } from './df017-package-signature-check-disabled.js';

testRule(packageSignatureCheckDisabled, {
  valid: [
    'FROM rockylinux:9\nRUN dnf install -y --setopt=install_weak_deps=False nginx-1.20.1 && dnf clean all\n',
    { name: 'apk with --no-cache', dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0\n' },
    {
      name: 'rpm query, not an install',
      dockerfile: 'FROM rockylinux:9\nRUN rpm -qa --nodigest --nosignature | sort\n',
    },
    {
      name: 'repo_gpgcheck=0 is the default and gpgcheck=1 is fine',
      dockerfile:
        'FROM rockylinux:9\nRUN printf "[x]\\nbaseurl=https://r.example.com\\ngpgcheck=1\\nrepo_gpgcheck=0\\n" > /etc/yum.repos.d/x.repo\n',
    },
    {
      name: 'sed that turns gpgcheck back on',
      dockerfile: "FROM rockylinux:9\nRUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.repos.d/x.repo\n",
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM rockylinux:9\nRUN yum install -y --nogpgcheck https://example.com/x.rpm\n',
      expect: [{ line: 2, message: 'yum --nogpgcheck' }],
    },
    {
      name: 'apk --allow-untrusted and microdnf in one multi-line RUN',
      dockerfile: `
      FROM alpine:3.19
      RUN apk add --allow-untrusted /tmp/pkg.apk && \\
          microdnf install -y --nogpgcheck foo
      `,
      expect: [{ line: 2, endLine: 3, message: 'apk --allow-untrusted; microdnf --nogpgcheck' }],
    },
    {
      name: 'rpm install without signature, zypper, dnf --setopt',
      dockerfile: `
      FROM opensuse/leap:15.5
      RUN rpm -Uvh --nosignature /tmp/x.rpm
      RUN zypper --no-gpg-checks --non-interactive install curl
      RUN zypper ar -fG https://repo.example.com/x.repo x
      RUN dnf --setopt=x.gpgcheck=0 install -y foo
      `,
      expect: [
        { line: 2, message: 'rpm --nosignature' },
        { line: 3, message: 'zypper --no-gpg-checks' },
        { line: 4, message: 'zypper -fG' },
        { line: 5, message: 'x.gpgcheck=0' },
      ],
    },
    {
      name: 'gpgcheck=0 written by sed, echo and a heredoc',
      dockerfile: `
      FROM rockylinux:9
      RUN sed -i 's/^gpgcheck=1/gpgcheck=0/' /etc/yum.conf
      RUN echo -e "[x]\\ngpgcheck=0" > /etc/yum.repos.d/x.repo
      RUN cat > /etc/yum.repos.d/y.repo <<EOF
      [y]
      baseurl=https://y.example.com
      gpgcheck=0
      EOF
      `,
      expect: [{ line: 2 }, { line: 3 }, { line: 4, endLine: 8, message: 'gpgcheck=0' }],
    },
  ],
});
