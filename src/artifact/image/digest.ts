import { createHash } from 'node:crypto';
import { BulkheadError } from '../../core/errors.js';

/** `sha256:<64 hex>` (the only algorithm images use in practice; sha512 is accepted too). */
export function parseDigest(d: string): { algorithm: 'sha256' | 'sha512'; hex: string } | undefined {
  const m = /^(sha256|sha512):([a-f0-9]+)$/.exec(d);
  if (!m?.[1] || !m[2]) return undefined;
  const algorithm = m[1] as 'sha256' | 'sha512';
  if (m[2].length !== (algorithm === 'sha256' ? 64 : 128)) return undefined;
  return { algorithm, hex: m[2] };
}

/**
 * Passes a blob through while hashing it, and fails at the end when the bytes do not match the
 * expected digest: tampered or corrupt content is never scanned as if it were the image.
 */
export async function* verified(
  source: AsyncIterable<Buffer>,
  digest: string,
  label: string,
): AsyncGenerator<Buffer> {
  const d = parseDigest(digest);
  if (!d)
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: invalid digest "${digest}"`,
      'the image manifest is malformed',
    );
  const hash = createHash(d.algorithm);
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
  const got = hash.digest('hex');
  if (got !== d.hex) throw mismatch(label, digest, `${d.algorithm}:${got}`);
}

/** The same check for a blob already in memory (small JSON documents). */
export function checkDigest(buf: Buffer, digest: string, label: string): void {
  const d = parseDigest(digest);
  if (!d)
    throw new BulkheadError(
      'TARGET_UNREADABLE',
      `${label}: invalid digest "${digest}"`,
      'the image manifest is malformed',
    );
  const got = createHash(d.algorithm).update(buf).digest('hex');
  if (got !== d.hex) throw mismatch(label, digest, `${d.algorithm}:${got}`);
}

function mismatch(label: string, want: string, got: string): BulkheadError {
  return new BulkheadError(
    'TARGET_UNREADABLE',
    `${label}: content does not match its digest ${want} (got ${got.slice(0, 19)}…)`,
    'the blob is corrupt or was tampered with; pull or save the image again',
  );
}
