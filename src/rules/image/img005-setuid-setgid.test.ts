import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { setuidFiles } from './img005-setuid-setgid.js';

const APT = 'RUN /bin/sh -c apt-get install -y sudo # buildkit';

testImageRule(setuidFiles, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'plain executables and files',
      layers: [
        {
          files: [
            { path: 'usr/bin/env', mode: 0o755 },
            { path: 'etc/passwd', mode: 0o644 },
            { path: 'usr/local/bin/app', mode: 0o775 },
          ],
        },
      ],
    },
    {
      name: 'symlinks and setgid folders (Debian ships /var/mail and /var/local as 2775)',
      layers: [
        {
          files: [
            { path: 'usr/bin/su', type: 'symlink', mode: 0o4777 },
            { path: 'var/mail', type: 'dir', mode: 0o2775 },
            { path: 'var/local', type: 'dir', mode: 0o2775 },
            { path: 'tmp', type: 'dir', mode: 0o1777 },
          ],
        },
      ],
    },
    {
      name: 'a setuid binary removed by a later layer',
      layers: [
        { createdBy: APT, files: [{ path: 'usr/bin/sudo', mode: 0o4755 }] },
        { createdBy: 'RUN /bin/sh -c apt-get purge -y sudo # buildkit', delete: ['usr/bin/sudo'] },
      ],
    },
    {
      name: 'bits dropped by a later layer (find / -perm /6000 -exec chmod a-s)',
      layers: [
        { createdBy: APT, files: [{ path: 'usr/bin/sudo', mode: 0o4755 }] },
        {
          createdBy: 'RUN /bin/sh -c chmod a-s /usr/bin/sudo',
          files: [{ path: 'usr/bin/sudo', mode: 0o755 }],
        },
      ],
    },
    {
      name: 'folders scanned with bulkhead fs: modes are the checkout, not an image',
      kind: 'fs',
      layers: [{ files: [{ path: 'bin/tool', mode: 0o4755 }] }],
    },
  ],
  invalid: [
    {
      name: 'setuid root, with the layer that added it',
      layers: [
        { files: [{ path: 'bin/sh', mode: 0o755 }] },
        { createdBy: APT, files: [{ path: 'usr/bin/sudo', mode: 0o4755 }] },
      ],
      expect: [
        {
          path: 'usr/bin/sudo',
          layer: 1,
          severity: 'LOW',
          message:
            '/usr/bin/sudo is setuid (mode 4755, owner root), added by layer 2 (RUN apt-get install -y sudo)',
        },
      ],
    },
    {
      name: 'setgid, and both bits',
      layers: [
        {
          files: [
            { path: 'usr/bin/wall', mode: 0o2755 },
            { path: 'usr/bin/both', mode: 0o6755 },
            { path: 'usr/bin/env', mode: 0o755 },
          ],
        },
      ],
      expect: [
        { path: 'usr/bin/wall', layer: 0, message: '/usr/bin/wall is setgid (mode 2755, owner root)' },
        { path: 'usr/bin/both', layer: 0, message: '/usr/bin/both is setuid+setgid (mode 6755, owner root)' },
      ],
    },
    {
      name: 'owned by another user',
      layers: [{ files: [{ path: 'opt/app/helper', mode: 0o4750, uid: 1000 }] }],
      expect: [{ path: 'opt/app/helper', message: 'is setuid (mode 4750, owner uid 1000)' }],
    },
    {
      name: 'bits added by a later layer are attributed to it',
      layers: [
        { files: [{ path: 'usr/local/bin/tool', mode: 0o755 }] },
        {
          createdBy: 'RUN /bin/sh -c chmod u+s /usr/local/bin/tool',
          files: [{ path: 'usr/local/bin/tool', mode: 0o4755 }],
        },
      ],
      expect: [
        {
          path: 'usr/local/bin/tool',
          layer: 1,
          message: 'added by layer 2 (RUN chmod u+s /usr/local/bin/tool)',
        },
      ],
    },
    {
      name: 'a root filesystem: no layer in the message',
      kind: 'rootfs',
      layers: [{ files: [{ path: 'usr/bin/passwd', mode: 0o4755 }] }],
      expect: [{ path: 'usr/bin/passwd', message: '/usr/bin/passwd is setuid (mode 4755, owner root)' }],
    },
  ],
});
