import { redactSecretsIn } from '../../../analyzers/secrets/patterns.js';
import type { ImageContext } from '../../../scanners/image/context.js';

const MAX_COMMAND = 80;

/** A history command as people read it: builder prefixes removed, secrets redacted, shortened. */
export function shortCommand(createdBy: string): string {
  let c = createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^RUN \|\d+ (?:\S+=\S*\s+)*\/bin\/sh -c /, 'RUN ')
    .replace(/^\|\d+ (?:\S+=\S*\s+)*\/bin\/sh -c /, 'RUN ')
    .replace(/^(?:RUN )?\/bin\/sh -c /, 'RUN ')
    .replace(/\s+# buildkit$/, '')
    .trim();
  c = redactSecretsIn(c);
  return c.length > MAX_COMMAND ? `${c.slice(0, MAX_COMMAND - 1)}…` : c;
}

/** `layer 3 (COPY .env /app/)` (1-based, as `docker history` users count from the base). */
export function describeLayer(ctx: ImageContext, layer: number): string {
  const h = ctx.history.find((e) => e.layer === layer);
  return h?.createdBy
    ? `layer ${String(layer + 1)} (${shortCommand(h.createdBy)})`
    : `layer ${String(layer + 1)}`;
}

/** `, added by layer 3 (COPY ...)` for images; nothing for folders, which have no layers. */
export function addedBy(ctx: ImageContext, layer: number): string {
  return ctx.kind === 'image' ? `, added by ${describeLayer(ctx, layer)}` : '';
}
