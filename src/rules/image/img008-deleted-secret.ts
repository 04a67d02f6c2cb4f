import type { ImageHit, ImageRule } from '../types.js';
import { describeLayer } from './lib/describe.js';
import { sensitiveKind } from './lib/sensitive-files.js';

export const deletedSecret: ImageRule = {
  id: 'IMG008',
  name: 'deleted-secret-still-in-layer',
  target: 'image',
  class: 'secret',
  title: 'Secret deleted in a later layer is still in the image',
  severity: 'HIGH',
  description:
    'Each layer is an immutable tar archive. A file that one layer adds and a later layer deletes (`RUN rm`) is hidden from the running container, but its bytes remain in the earlier layer: `docker save` or any registry client extracts it in seconds. The credential is published with the image.',
  remediation:
    'Never add the file in the first place: use BuildKit secret mounts (`RUN --mount=type=secret`) or a multi-stage build whose final stage copies only the artefacts. Rebuild and rotate the credential.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/build/building/multi-stage/',
  ],
  mappings: {},
  tags: ['secrets'],
  check(ctx) {
    if (ctx.kind !== 'image') return [];
    const hits: ImageHit[] = [];
    const reported = new Set<string>();
    // A file replaced by an unchanged copy (`RUN chmod 600 /app/.env`) was not removed: the final
    // view still holds the credential, and IMG011 / IMG007 report it there.
    const live = new Set(
      ctx.secrets.filter((s) => s.deletedBy === undefined).map((s) => `${s.path}\0${s.hash}`),
    );
    for (const s of ctx.secrets) {
      if (s.deletedBy === undefined) continue;
      reported.add(`${String(s.layer)}\0${s.path}`);
      if (live.has(`${s.path}\0${s.hash}`)) continue;
      hits.push({
        path: s.path,
        line: s.line,
        layer: s.layer,
        message: `${s.title} (${s.redacted}) in /${s.path}, added by ${describeLayer(ctx, s.layer)} and removed by ${describeLayer(ctx, s.deletedBy)}: still readable from the earlier layer`,
        key: `deleted-secret:${s.path}:${s.patternId}:${s.hash}`,
      });
    }
    for (const rec of ctx.deleted) {
      if (rec.deletedBy === undefined || rec.entry.type !== 'file') continue;
      if (reported.has(`${String(rec.layer)}\0${rec.entry.path}`)) continue;
      const kind = sensitiveKind(rec.entry.path, rec.entry.size);
      if (!kind) continue;
      const now = ctx.files.get(rec.entry.path)?.entry;
      if (now?.type === 'file' && now.size === rec.entry.size) continue;
      reported.add(`${String(rec.layer)}\0${rec.entry.path}`);
      hits.push({
        path: rec.entry.path,
        layer: rec.layer,
        message: `${kind.what} /${rec.entry.path}, added by ${describeLayer(ctx, rec.layer)} and removed by ${describeLayer(ctx, rec.deletedBy)}: still readable from the earlier layer`,
        key: `deleted-file:${rec.entry.path}:${String(rec.layer)}`,
      });
    }
    // Registry logins in a format no secret pattern reads (`identitytoken`, `password`).
    for (const f of ctx.accounts) {
      if (f.kind !== 'docker-auths' || f.deletedBy === undefined) continue;
      if (reported.has(`${String(f.layer)}\0${f.path}`)) continue;
      const hosts = f.hosts.join(', ');
      const still = ctx.accounts.some(
        (a) =>
          a.kind === 'docker-auths' &&
          a.deletedBy === undefined &&
          a.path === f.path &&
          a.hosts.join(', ') === hosts,
      );
      if (still) continue;
      hits.push({
        path: f.path,
        layer: f.layer,
        message: `Docker client config /${f.path} with registry logins for ${hosts}, added by ${describeLayer(ctx, f.layer)} and removed by ${describeLayer(ctx, f.deletedBy)}: still readable from the earlier layer`,
        key: `deleted-docker-auths:${f.path}:${String(f.layer)}`,
      });
    }
    return hits;
  },
};
