import type { ImageHit, ImageRule } from '../types.js';
import { addedBy } from './lib/describe.js';

const SETUID = 0o4000;
const SETGID = 0o2000;

export const setuidFiles: ImageRule = {
  id: 'IMG005',
  name: 'image-setuid-setgid',
  target: 'image',
  class: 'image-config',
  title: 'setuid or setgid file',
  severity: 'LOW',
  description:
    'A setuid (setgid) executable runs with the privileges of its owner (group), usually root, whoever starts it. Each one is a way for a compromised non-root process to regain root inside the container: a bug in the binary, or a loader trick, is all it takes. Most containers need none.',
  remediation:
    'Remove the bits in the final stage: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`, or remove the binaries; run containers with `allowPrivilegeEscalation: false` (no_new_privs) so the bits have no effect.',
  references: [
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0008',
    'https://man7.org/linux/man-pages/man2/execve.2.html',
  ],
  mappings: { dockle: ['CIS-DI-0008'], 'cis-docker': ['4.8'] },
  tags: ['privilege'],
  check(ctx) {
    if (ctx.kind === 'fs') return [];
    const hits: ImageHit[] = [];
    for (const [path, rec] of ctx.files) {
      const { mode, type, uid } = rec.entry;
      if (type !== 'file' || (mode & (SETUID | SETGID)) === 0) continue;
      const bits = [mode & SETUID ? 'setuid' : '', mode & SETGID ? 'setgid' : ''].filter(Boolean).join('+');
      const owner = uid === 0 ? 'root' : `uid ${String(uid)}`;
      hits.push({
        path,
        layer: rec.layer,
        message: `/${path} is ${bits} (mode ${(mode & 0o7777).toString(8)}, owner ${owner})${addedBy(ctx, rec.layer)}`,
        key: `${bits}:${path}`,
      });
    }
    return hits;
  },
};
