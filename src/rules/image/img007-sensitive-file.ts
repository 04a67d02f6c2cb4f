import type { ImageHit, ImageRule } from '../types.js';
import { addedBy } from './lib/describe.js';
import { sensitiveKind } from './lib/sensitive-files.js';

export const sensitiveFile: ImageRule = {
  id: 'IMG007',
  name: 'sensitive-file',
  target: 'image',
  class: 'secret',
  title: 'Credential or history file left in the image',
  severity: 'HIGH',
  description:
    'Private keys, cloud and registry credentials, `.env` files and shell histories are copied into images by a broad `COPY . .` or left behind by a build step. Everyone who can pull the image can read them, and registries, caches and CI logs keep copies.',
  remediation:
    'Keep such files out of the build context (`.dockerignore`), use BuildKit secret mounts for credentials the build needs, rebuild, and rotate any credential that was published.',
  references: [
    'https://docs.docker.com/build/concepts/context/#dockerignore-files',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0010',
  ],
  mappings: { dockle: ['CIS-DI-0010', 'DKL-LI-0003'] },
  tags: ['secrets'],
  check(ctx) {
    // Files whose content matched a secret pattern are reported by IMG011, more precisely.
    const withSecret = new Set(ctx.secrets.filter((s) => s.deletedBy === undefined).map((s) => s.path));
    const hits: ImageHit[] = [];
    for (const [path, rec] of ctx.files) {
      if (rec.entry.type !== 'file' || withSecret.has(path)) continue;
      const kind = sensitiveKind(path, rec.entry.size);
      if (!kind) continue;
      hits.push({
        path,
        layer: rec.layer,
        message: `${kind.what} /${path}${addedBy(ctx, rec.layer)}`,
        severity: kind.severity,
        key: `sensitive:${path}`,
      });
    }
    for (const f of ctx.accounts) {
      if (f.kind !== 'docker-auths' || f.deletedBy !== undefined || withSecret.has(f.path)) continue;
      hits.push({
        path: f.path,
        layer: f.layer,
        message: `Docker client config /${f.path} stores registry logins for ${f.hosts.join(', ')}${addedBy(ctx, f.layer)}`,
        severity: 'HIGH',
        key: `docker-auths:${f.path}`,
      });
    }
    return hits;
  },
};
