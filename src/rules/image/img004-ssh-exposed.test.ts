import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { sshExposed } from './img004-ssh-exposed.js';

testImageRule(sshExposed, {
  valid: [
    { name: 'no exposed ports', config: {} },
    { name: 'web ports', config: { ExposedPorts: { '80/tcp': {}, '443/tcp': {}, '8080/tcp': {} } } },
    {
      name: 'ports that merely contain 22',
      config: { ExposedPorts: { '2222/tcp': {}, '220/tcp': {}, '122': {} } },
    },
    { name: 'UDP port 22 is not SSH', config: { ExposedPorts: { '22/udp': {} } } },
    { name: 'folders have no config', kind: 'rootfs' },
  ],
  invalid: [
    {
      name: 'EXPOSE 22 among other ports',
      config: { ExposedPorts: { '80/tcp': {}, '22/tcp': {} } },
      expect: [{ path: 'config', severity: 'MEDIUM', message: 'exposes 22/tcp (SSH)' }],
    },
    {
      name: 'a port without a protocol',
      config: { ExposedPorts: { '22': {} } },
      expect: [{ path: 'config', message: 'exposes 22 (SSH)' }],
    },
    {
      name: 'upper-case protocol',
      config: { ExposedPorts: { '22/TCP': {} } },
      expect: [{ path: 'config', message: 'exposes 22/TCP (SSH)' }],
    },
  ],
});
