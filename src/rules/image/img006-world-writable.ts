import type { ImageHit, ImageRule } from '../types.js';
import { addedBy, describeLayer } from './lib/describe.js';

const STICKY = 0o1000;
const OTHER_WRITE = 0o002;
/** More hits than this in one layer are summed up in one finding: a `chmod -R 777` is one mistake. */
const MAX_PER_LAYER = 20;

// Scratch space that is world-writable by design (with the sticky bit, checked separately).
const SCRATCH = /^(?:tmp|var\/tmp|dev|proc|sys|run\/lock|var\/lock|dev\/shm)(?:\/|$)/;

export const worldWritable: ImageRule = {
  id: 'IMG006',
  name: 'image-world-writable',
  target: 'image',
  class: 'image-config',
  title: 'World-writable file or folder outside /tmp',
  severity: 'MEDIUM',
  description:
    "Any user in the container can change a world-writable file: a compromised unprivileged process can then rewrite programs, scripts or configuration that a more privileged process (or the next start of the container) trusts. A world-writable folder without the sticky bit also lets anyone replace other users' files in it.",
  remediation:
    'Give files to the user that must write them and drop the other-write bit (`chmod o-w`, or `COPY --chmod=644`); use `chmod 1777` only for scratch folders.',
  references: ['https://man7.org/linux/man-pages/man1/chmod.1.html'],
  mappings: {},
  tags: ['privilege', 'integrity'],
  check(ctx) {
    if (ctx.kind === 'fs') return [];
    const perLayer = new Map<number, string[]>();
    for (const [path, rec] of ctx.files) {
      const { mode, type } = rec.entry;
      if ((type !== 'file' && type !== 'dir') || (mode & OTHER_WRITE) === 0) continue;
      if (SCRATCH.test(path) || (type === 'dir' && (mode & STICKY) !== 0)) continue;
      const list = perLayer.get(rec.layer) ?? [];
      list.push(path);
      perLayer.set(rec.layer, list);
    }
    const hits: ImageHit[] = [];
    for (const [layer, paths] of perLayer) {
      paths.sort();
      for (const path of paths.slice(0, MAX_PER_LAYER)) {
        const rec = ctx.files.get(path);
        const mode = ((rec?.entry.mode ?? 0) & 0o7777).toString(8);
        const what = rec?.entry.type === 'dir' ? 'folder' : 'file';
        hits.push({
          path,
          layer,
          message: `/${path} is a world-writable ${what} (mode ${mode})${addedBy(ctx, layer)}`,
          key: `ww:${path}`,
        });
      }
      if (paths.length > MAX_PER_LAYER) {
        hits.push({
          path: paths[MAX_PER_LAYER] ?? '',
          layer,
          message: `${String(paths.length - MAX_PER_LAYER)} more world-writable files and folders${ctx.kind === 'image' ? ` in ${describeLayer(ctx, layer)}` : ''}`,
          key: `ww-more:${String(layer)}`,
        });
      }
    }
    return hits;
  },
};
