import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

describe('fingerprint', () => {
  it('is the first 128 bits of SHA-256 over rule, path, normalised content and occurrence', () => {
    const want = createHash('sha256')
      .update('DF001\0a/Dockerfile\0FROM x\0' + '0')
      .digest('hex')
      .slice(0, 32);
    expect(fingerprint('DF001', 'a/Dockerfile', '  FROM   x \n')).toBe(want);
  });
  it('changes with the rule, the path, the content and the occurrence, not with whitespace', () => {
    const base = fingerprint('DF001', 'Dockerfile', 'RUN a');
    expect(fingerprint('DF002', 'Dockerfile', 'RUN a')).not.toBe(base);
    expect(fingerprint('DF001', 'x/Dockerfile', 'RUN a')).not.toBe(base);
    expect(fingerprint('DF001', 'Dockerfile', 'RUN b')).not.toBe(base);
    expect(fingerprint('DF001', 'Dockerfile', 'RUN a', 1)).not.toBe(base);
    expect(fingerprint('DF001', 'Dockerfile', 'RUN\ta')).toBe(base);
  });
});
