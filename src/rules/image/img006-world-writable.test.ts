import { describe, expect, it } from 'vitest';
import { imageContext, testImageRule, type FileSpec } from '../../../test/support/image-rule-tester.js';
import { worldWritable } from './img006-world-writable.js';

const CHMOD = 'RUN /bin/sh -c chmod -R 777 /app # buildkit';
// `chmod -R 777 /app` over a folder and 29 files in it: 30 entries.
const app: FileSpec[] = [
  { path: 'app', type: 'dir', mode: 0o777 },
  ...Array.from({ length: 29 }, (_, i) => ({ path: `app/f${String(i).padStart(2, '0')}.js`, mode: 0o777 })),
];

testImageRule(worldWritable, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'ordinary modes',
      layers: [
        {
          files: [
            { path: 'etc', type: 'dir', mode: 0o755 },
            { path: 'etc/passwd', mode: 0o644 },
            { path: 'app/data', type: 'dir', mode: 0o775 },
            { path: 'app/run.sh', mode: 0o775 },
          ],
        },
      ],
    },
    {
      name: 'scratch folders: /tmp and /var/tmp with the sticky bit, and what is in them',
      layers: [
        {
          files: [
            { path: 'tmp', type: 'dir', mode: 0o1777 },
            { path: 'var/tmp', type: 'dir', mode: 0o1777 },
            { path: 'tmp/build.log', mode: 0o666 },
            { path: 'var/tmp/cache', type: 'dir', mode: 0o777 },
            { path: 'run/lock', type: 'dir', mode: 0o777 },
            { path: 'dev/shm', type: 'dir', mode: 0o777 },
          ],
        },
      ],
    },
    {
      name: 'a shared folder with the sticky bit',
      layers: [{ files: [{ path: 'srv/uploads', type: 'dir', mode: 0o1777 }] }],
    },
    {
      name: 'symlinks (always 777) and devices',
      layers: [
        {
          files: [
            { path: 'usr/bin/sh', type: 'symlink', mode: 0o777 },
            { path: 'etc/alternatives/java', type: 'symlink', mode: 0o777 },
            { path: 'app/null', type: 'other', mode: 0o666 },
          ],
        },
      ],
    },
    {
      name: 'fixed by a later layer, or removed',
      layers: [
        {
          files: [
            { path: 'app/config.yml', mode: 0o666 },
            { path: 'app/old', mode: 0o666 },
          ],
        },
        { files: [{ path: 'app/config.yml', mode: 0o644 }], delete: ['app/old'] },
      ],
    },
    {
      name: 'folders scanned with bulkhead fs',
      kind: 'fs',
      layers: [{ files: [{ path: 'src/main.ts', mode: 0o666 }] }],
    },
  ],
  invalid: [
    {
      name: 'a world-writable file and folder',
      layers: [
        { files: [{ path: 'etc/passwd', mode: 0o644 }] },
        {
          createdBy: 'COPY --chmod=777 config /etc/app/ # buildkit',
          files: [
            { path: 'etc/app', type: 'dir', mode: 0o777 },
            { path: 'etc/app/config.yml', mode: 0o666 },
          ],
        },
      ],
      expect: [
        {
          path: 'etc/app',
          layer: 1,
          severity: 'MEDIUM',
          message:
            '/etc/app is a world-writable folder (mode 777), added by layer 2 (COPY --chmod=777 config /etc/app/)',
        },
        {
          path: 'etc/app/config.yml',
          layer: 1,
          message: '/etc/app/config.yml is a world-writable file (mode 666)',
        },
      ],
    },
    {
      name: 'paths outside the scratch folders that only start like them',
      layers: [
        {
          files: [
            { path: 'tmpdata', type: 'dir', mode: 0o777 },
            { path: 'opt/tmp', type: 'dir', mode: 0o777 },
          ],
        },
      ],
      expect: [{ path: 'opt/tmp' }, { path: 'tmpdata' }],
    },
    {
      name: 'chmod -R 777 over 30 entries: 20 hits and one summary',
      layers: [{ files: [{ path: 'etc/passwd', mode: 0o644 }] }, { createdBy: CHMOD, files: app }],
      expect: [
        { path: 'app', layer: 1, message: '/app is a world-writable folder (mode 777)' },
        ...Array.from({ length: 19 }, (_, i) => ({
          path: `app/f${String(i).padStart(2, '0')}.js`,
          layer: 1,
          message: 'is a world-writable file (mode 777), added by layer 2 (RUN chmod -R 777 /app)',
        })),
        {
          path: 'app/f19.js',
          layer: 1,
          message: '10 more world-writable files and folders in layer 2 (RUN chmod -R 777 /app)',
        },
      ],
    },
    {
      name: 'each layer is summed up on its own',
      layers: [{ files: [{ path: 'opt/a', mode: 0o666 }] }, { files: [{ path: 'opt/b', mode: 0o666 }] }],
      expect: [
        { path: 'opt/a', layer: 0 },
        { path: 'opt/b', layer: 1 },
      ],
    },
    {
      name: 'a root filesystem: no layer in the messages',
      kind: 'rootfs',
      layers: [{ files: app }],
      expect: [
        { path: 'app', message: '/app is a world-writable folder (mode 777)' },
        ...Array.from({ length: 19 }, (_, i) => ({ path: `app/f${String(i).padStart(2, '0')}.js` })),
        { path: 'app/f19.js', message: '10 more world-writable files and folders' },
      ],
    },
  ],
});

describe('IMG006 messages', () => {
  it('folders have no layer text', () => {
    const hits = worldWritable.check(imageContext({ kind: 'rootfs', layers: [{ files: app }] }));
    expect(hits[0]?.message).toBe('/app is a world-writable folder (mode 777)');
    expect(hits.at(-1)?.message).toBe('10 more world-writable files and folders');
    expect(new Set(hits.map((h) => h.key)).size).toBe(hits.length);
  });
});
