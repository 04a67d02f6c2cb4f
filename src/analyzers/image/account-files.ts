import type { FileAnalyzer } from '../types.js';

/**
 * Facts about credential-bearing files whose format the generic secret patterns do not read:
 * Docker client configs with stored registry logins (`auths.<host>.auth` is base64 `user:pass`),
 * and local accounts in /etc/shadow that log in without a password.
 */
export type AccountFact =
  | { path: string; kind: 'docker-auths'; hosts: string[] }
  | { path: string; kind: 'empty-password'; users: string[] };

const DOCKER_CONFIG = /(?:^|\/)\.docker\/config\.json$|(?:^|\/)\.dockercfg$/;

function dockerAuths(bytes: Buffer): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const o = doc as Record<string, unknown>;
  // .dockercfg (legacy) is the auths map itself.
  const auths = (typeof o.auths === 'object' && o.auths !== null ? o.auths : o) as Record<string, unknown>;
  const hosts: string[] = [];
  for (const [host, v] of Object.entries(auths)) {
    if (typeof v !== 'object' || v === null) continue;
    const e = v as Record<string, unknown>;
    const stored = [e.auth, e.password, e.identitytoken, e.registrytoken].some(
      (x) => typeof x === 'string' && x.length > 0,
    );
    if (stored) hosts.push(host);
  }
  return hosts;
}

// shadow(5): `name:password:...`; an empty second field means no password is asked for.
// `!`, `*` and `!!` lock the account.
function emptyPasswords(bytes: Buffer): string[] {
  const users: string[] = [];
  for (const line of bytes.toString('utf8').split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 2 && fields[0] && fields[1] === '') users.push(fields[0]);
  }
  return users;
}

export const accountFileAnalyzer: FileAnalyzer<AccountFact> = {
  name: 'account-files',
  version: 1,
  claims: (path, _mode, size) => size <= 1024 * 1024 && (path === 'etc/shadow' || DOCKER_CONFIG.test(path)),
  analyze(path, bytes) {
    if (path === 'etc/shadow') {
      const users = emptyPasswords(bytes);
      return users.length > 0 ? [{ path, kind: 'empty-password', users }] : [];
    }
    const hosts = dockerAuths(bytes);
    return hosts.length > 0 ? [{ path, kind: 'docker-auths', hosts }] : [];
  },
};
