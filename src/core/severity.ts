/** Severity of a finding. UNKNOWN is reserved for vulnerabilities without a score. */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO' | 'UNKNOWN';

/** Highest first: the order reports and sorting use. */
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO', 'UNKNOWN'];

const RANK: Record<Severity, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, INFO: 1, UNKNOWN: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at or above `threshold`. UNKNOWN is only "at or above" UNKNOWN. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  if (threshold === 'UNKNOWN') return true;
  if (s === 'UNKNOWN') return false;
  return RANK[s] >= RANK[threshold];
}

export function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}

/** Parses a case-insensitive severity name; returns undefined when it is not one. */
export function parseSeverity(v: string): Severity | undefined {
  const up = v.trim().toUpperCase();
  return isSeverity(up) ? up : undefined;
}

/** SARIF `security-severity` scores as GitHub code scanning reads them (>=9 critical, >=7 high, >=4 medium). */
export function securitySeverityScore(s: Severity): string {
  switch (s) {
    case 'CRITICAL':
      return '9.5';
    case 'HIGH':
      return '8.0';
    case 'MEDIUM':
      return '5.5';
    case 'LOW':
      return '3.0';
    case 'INFO':
    case 'UNKNOWN':
      return '0.0';
  }
}
