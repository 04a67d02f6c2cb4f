/** Credentials for one registry, and where they came from (named in error messages). */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken` in config.json), exchanged at the token realm. */
  identityToken?: string;
  source: string;
}

/** One challenge of a `WWW-Authenticate` header: its scheme (lower case) and parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * Parses `WWW-Authenticate` (RFC 9110 §11.6.1): several challenges may share one header, values
 * are tokens or quoted strings with backslash escapes, and quoted values may hold commas
 * (`scope="repository:a:pull,push"`), so the header cannot simply be split on commas.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const n = header.length;
  let i = 0;
  const skipSpace = () => {
    while (isSpace(header[i])) i++;
  };
  const read = (stop: RegExp) => {
    const start = i;
    while (i < n && !stop.test(header[i] ?? '')) i++;
    return header.slice(start, i);
  };
  const quoted = () => {
    let v = '';
    i++;
    while (i < n) {
      const c = header[i++];
      if (c === '\\' && i < n) v += header[i++] ?? '';
      else if (c === '"') break;
      else v += c ?? '';
    }
    return v;
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const name = read(/[\s,="]/);
    if (name === '') {
      // A stray character (an unmatched quote, say): skip it rather than loop forever.
      i++;
      continue;
    }
    skipSpace();
    if (header[i] === '=') {
      i++;
      skipSpace();
      const value = header[i] === '"' ? quoted() : read(/[\s,]/);
      // A parameter before any scheme belongs to nothing: drop it.
      if (current) current.params[name.toLowerCase()] = value;
    } else {
      current = { scheme: name.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** The token scope for pulling a repository. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
