import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { packageCache } from './img009-package-cache.js';

const APT = 'RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit';
const LISTS = 'var/lib/apt/lists';
const MiB = 1024 * 1024;

testImageRule(packageCache, {
  valid: [
    { name: 'an empty image' },
    {
      name: 'apt lists cleaned: only the lock and partial downloads are left',
      layers: [
        {
          createdBy: `${APT} && rm -rf /var/lib/apt/lists/*`,
          files: [
            { path: LISTS, type: 'dir' },
            { path: `${LISTS}/lock`, content: '' },
            { path: `${LISTS}/partial`, type: 'dir' },
            { path: `${LISTS}/partial/deb.debian.org_debian_dists_bookworm_InRelease`, content: 'x' },
            { path: `${LISTS}/auxfiles`, type: 'dir' },
          ],
        },
      ],
    },
    {
      name: 'apt archives folder with only its lock, and dpkg state',
      layers: [
        {
          files: [
            { path: 'var/cache/apt/archives/lock', content: '' },
            { path: 'var/cache/apt/archives/partial', type: 'dir' },
            { path: 'var/lib/dpkg/status', content: 'Package: curl' },
          ],
        },
      ],
    },
    {
      name: 'apk add --no-cache: an empty cache folder, the installed database',
      layers: [
        {
          files: [
            { path: 'var/cache/apk', type: 'dir' },
            { path: 'lib/apk/db/installed', content: 'P:curl' },
            { path: 'etc/apk/repositories', content: 'https://dl-cdn.alpinelinux.org/alpine/v3.20/main' },
          ],
        },
      ],
    },
    {
      name: 'a cache removed by a later layer is not in the final view',
      layers: [
        { createdBy: APT, files: [`${LISTS}/deb.debian.org_debian_dists_bookworm_InRelease`] },
        { createdBy: 'RUN /bin/sh -c rm -rf /var/lib/apt/lists/*', delete: [`${LISTS}/*`] },
      ],
    },
    {
      name: 'pip packages and caches of other tools',
      layers: [
        {
          files: [
            'usr/local/lib/python3.12/site-packages/requests/__init__.py',
            'root/.cache/pre-commit/repo/x',
            'root/.npm/_logs/debug.log',
          ],
        },
      ],
    },
    {
      name: 'folders scanned with bulkhead fs',
      kind: 'fs',
      layers: [{ files: [`${LISTS}/x_Packages`] }],
    },
  ],
  invalid: [
    {
      name: 'apt lists: one hit for the folder, with its file count and size',
      layers: [
        { files: ['etc/debian_version'] },
        {
          createdBy: APT,
          files: [
            { path: `${LISTS}/lock`, content: '' },
            { path: `${LISTS}/deb.debian.org_debian_dists_bookworm_InRelease`, size: 150 * 1024 },
            {
              path: `${LISTS}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4`,
              size: 9 * MiB,
            },
            { path: `${LISTS}/partial`, type: 'dir' },
          ],
        },
      ],
      expect: [
        {
          path: LISTS,
          layer: 1,
          severity: 'LOW',
          message:
            'apt package lists in /var/lib/apt/lists: 2 files, 9.1 MiB, added by layer 2 (RUN apt-get update && apt-get install -y curl); clean it in the same RUN (rm -rf /var/lib/apt/lists/*)',
        },
      ],
    },
    {
      name: 'downloaded .deb files and the apt binary caches',
      layers: [
        {
          files: [
            { path: 'var/cache/apt/archives/curl_8.5.0-2_amd64.deb', size: 300 * 1024 },
            { path: 'var/cache/apt/pkgcache.bin', size: 200 * 1024 },
            { path: 'var/cache/apt/archives/lock', content: '' },
          ],
        },
      ],
      expect: [
        { path: 'var/cache/apt', message: 'apt downloaded packages in /var/cache/apt: 2 files, 500 KiB' },
      ],
    },
    {
      name: 'the apk cache',
      layers: [
        {
          createdBy: 'RUN /bin/sh -c apk add curl # buildkit',
          files: [
            { path: 'var/cache/apk/APKINDEX.2b7e1f34.tar.gz', size: 512 * 1024 },
            { path: 'var/cache/apk/APKINDEX.5c8e6a1b.tar.gz', size: 512 * 1024 },
          ],
        },
      ],
      expect: [
        {
          path: 'var/cache/apk',
          message:
            'apk cache in /var/cache/apk: 2 files, 1.0 MiB, added by layer 1 (RUN apk add curl); clean it in the same RUN (apk add --no-cache)',
        },
      ],
    },
    {
      name: 'pip caches: one hit per cache folder, at the first layer that wrote to it',
      layers: [
        {
          createdBy: 'RUN /bin/sh -c pip install flask',
          files: ['root/.cache/pip/http-v2/a/b/c0ffee', 'root/.cache/pip/http-v2/a/b/c0ffef'],
        },
        {
          createdBy: 'RUN /bin/sh -c pip install --user gunicorn',
          files: ['root/.cache/pip/http-v2/d/e/beef', 'home/app/.cache/pip/wheels/1/2/x.whl'],
        },
      ],
      expect: [
        {
          path: 'root/.cache/pip',
          layer: 0,
          message:
            'pip cache in /root/.cache/pip: 3 files, 0 KiB, added by layer 1 (RUN pip install flask); clean it in the same RUN (pip install --no-cache-dir)',
        },
        { path: 'home/app/.cache/pip', layer: 1, message: 'pip cache in /home/app/.cache/pip: 1 file' },
      ],
    },
    {
      name: 'npm, yarn, Go and dnf caches',
      layers: [
        {
          files: [
            'root/.npm/_cacache/index-v5/00/ab',
            'usr/local/share/.cache/yarn/v6/npm-left-pad-1.3.0/package.json',
            'root/.cache/go-build/00/0011-d',
            'var/cache/dnf/fedora-0123/repodata/primary.xml.gz',
            'var/cache/dnf/updates-4567/packages/curl-8.6.0-1.fc40.x86_64.rpm',
          ],
        },
      ],
      expect: [
        { path: 'root/.npm/_cacache', message: 'npm cache' },
        { path: 'usr/local/share/.cache/yarn', message: 'yarn cache' },
        { path: 'root/.cache/go-build', message: 'Go build cache' },
        { path: 'var/cache/dnf', message: 'dnf/yum cache in /var/cache/dnf: 2 files' },
      ],
    },
    {
      name: 'a root filesystem: no layer in the message',
      kind: 'rootfs',
      layers: [{ files: ['var/cache/apk/APKINDEX.2b7e1f34.tar.gz'] }],
      expect: [
        {
          path: 'var/cache/apk',
          message: 'apk cache in /var/cache/apk: 1 file, 0 KiB; clean it in the same RUN',
        },
      ],
    },
  ],
});
