import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { emptyPassword } from './img012-empty-password.js';

const LOCKED = [
  'root:*:19700:0:99999:7:::',
  'daemon:*:19700:0:99999:7:::',
  'nobody:!:19700::::::',
  'app:!!:19700:0:99999:7:::',
  'ci:!*:19700::::::',
  `svc:$6$saltsalt$${'h'.repeat(86)}:19700:0:99999:7:::`,
  '',
].join('\n');

const shadow = (content: string, mode = 0o640) => ({ path: 'etc/shadow', content, mode });

testImageRule(emptyPassword, {
  valid: [
    { name: 'an empty image' },
    { name: 'locked accounts and a hashed password', layers: [{ files: [shadow(LOCKED)] }] },
    {
      name: 'an empty password in a file that is not /etc/shadow',
      layers: [
        {
          files: [
            { path: 'etc/shadow-', content: 'app::19700::::::\n' },
            { path: 'app/etc/shadow', content: 'app::1::::::\n' },
          ],
        },
      ],
    },
    {
      name: 'deleted by a later layer',
      layers: [{ files: [shadow('app::19700::::::\n')] }, { delete: ['etc/shadow'] }],
    },
    {
      name: 'locked by a later layer (passwd -l)',
      layers: [
        { files: [shadow('root:*:1::::::\napp::19700::::::\n')] },
        { createdBy: 'RUN /bin/sh -c passwd -l app', files: [shadow('root:*:1::::::\napp:!:19700::::::\n')] },
      ],
    },
    {
      name: 'a folder (bulkhead fs) holds no accounts',
      kind: 'fs',
      layers: [{ files: [shadow('app::19700::::::\n')] }],
    },
  ],
  invalid: [
    {
      name: 'an account with an empty password field',
      layers: [
        { files: [shadow(LOCKED)] },
        {
          createdBy: 'RUN /bin/sh -c adduser -D app && passwd -d app',
          files: [shadow(`${LOCKED}guest::19701:0:99999:7:::\n`)],
        },
      ],
      expect: [
        {
          path: 'etc/shadow',
          layer: 1,
          severity: 'HIGH',
          message:
            'account "guest" has an empty password in /etc/shadow, added by layer 2 (RUN adduser -D app && passwd -d app)',
        },
      ],
    },
    {
      name: 'one hit per account',
      layers: [{ files: [shadow('root::19700:0:99999:7:::\nnobody:*:1::::::\napp::19700::::::\n')] }],
      expect: [
        { path: 'etc/shadow', layer: 0, message: 'account "root" has an empty password' },
        { path: 'etc/shadow', layer: 0, message: 'account "app" has an empty password' },
      ],
    },
    {
      name: 'a root filesystem',
      kind: 'rootfs',
      layers: [{ files: [shadow('root::19700:0:99999:7:::\n')] }],
      expect: [{ path: 'etc/shadow', message: 'account "root" has an empty password in /etc/shadow' }],
    },
  ],
});
