import { describe, expect, it } from 'vitest';
import { atOrAbove, parseSeverity, securitySeverityScore, type Severity } from './severity.js';

describe('severity', () => {
  it.each<[Severity, Severity, boolean]>([
    ['CRITICAL', 'HIGH', true],
    ['HIGH', 'HIGH', true],
    ['MEDIUM', 'HIGH', false],
    ['LOW', 'INFO', true],
    ['INFO', 'LOW', false],
    ['UNKNOWN', 'LOW', false],
    ['UNKNOWN', 'UNKNOWN', true],
    ['INFO', 'UNKNOWN', true],
  ])('%s at or above %s: %s', (s, t, want) => {
    expect(atOrAbove(s, t)).toBe(want);
  });
  it('parses case-insensitively and rejects others', () => {
    expect(parseSeverity(' high ')).toBe('HIGH');
    expect(parseSeverity('severe')).toBeUndefined();
  });
  it('maps to GitHub security-severity bands', () => {
    expect(Number(securitySeverityScore('CRITICAL'))).toBeGreaterThanOrEqual(9);
    expect(Number(securitySeverityScore('HIGH'))).toBeGreaterThanOrEqual(7);
    expect(Number(securitySeverityScore('HIGH'))).toBeLessThan(9);
    expect(Number(securitySeverityScore('MEDIUM'))).toBeGreaterThanOrEqual(4);
    expect(Number(securitySeverityScore('LOW'))).toBeLessThan(4);
  });
});
