import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { rootUser } from './img001-root-user.js';

testImageRule(rootUser, {
  valid: [
    { name: 'a named user', config: { User: 'app' } },
    { name: 'a numeric uid and gid', config: { User: '10001:10001' } },
    { name: 'folders have no config', kind: 'rootfs', config: {} },
  ],
  invalid: [
    { name: 'no user at all', config: {}, expect: [{ path: 'config', message: 'no user is set' }] },
    { name: 'an empty user', config: { User: '' }, expect: [{ path: 'config', message: 'no user is set' }] },
    {
      name: 'root by name',
      config: { User: 'root' },
      expect: [{ path: 'config', message: 'User is "root"' }],
    },
    {
      name: 'uid 0 with a group',
      config: { User: '0:1000' },
      expect: [{ path: 'config', message: '"0:1000"' }],
    },
  ],
});
