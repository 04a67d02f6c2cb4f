import { describe, expect, it } from 'vitest';
import { expandVars } from './vars.js';

const env: Record<string, string> = { BASE: 'alpine', TAG: '3.19', EMPTY: '' };
const lookup = (n: string): string | undefined => env[n];

describe('expandVars', () => {
  it.each([
    ['${BASE}:${TAG}', 'alpine:3.19'],
    ['$BASE:$TAG', 'alpine:3.19'],
    ['${MISSING:-debian}:12', 'debian:12'],
    ['${EMPTY:-node}', 'node'],
    ['x${TAG:+-slim}', 'x-slim'],
    ['x${MISSING:+-slim}', 'x'],
    ['plain', 'plain'],
    ['\\$BASE', '$BASE'],
  ])('%s -> %s', (text, want) => {
    expect(expandVars(text, lookup)).toBe(want);
  });
  it('is undefined when a variable has no value', () => {
    expect(expandVars('${MISSING}', lookup)).toBeUndefined();
    expect(expandVars('$MISSING:1', lookup)).toBeUndefined();
    expect(expandVars('${BASE', lookup)).toBeUndefined();
  });
});
