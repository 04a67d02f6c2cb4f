/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` the way the Dockerfile frontend
 * does for FROM. Returns undefined when a variable has no value (the result would be a guess).
 */
export function expandVars(
  text: string,
  lookup: (name: string) => string | undefined,
  escape = '\\',
): string | undefined {
  let out = '';
  let unresolved = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === escape && text.charAt(i + 1) === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text.charAt(i + 1) === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return undefined;
      const inner = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])(.*))?$/s.exec(inner);
      if (!m?.[1]) return undefined;
      const value = lookup(m[1]);
      const op = m[2];
      const word = m[3] ?? '';
      if (op === '-') out += value === undefined || value === '' ? word : value;
      else if (op === '+') out += value === undefined || value === '' ? '' : word;
      else if (value === undefined) unresolved = true;
      else out += value;
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const value = lookup(m[0]);
    if (value === undefined) unresolved = true;
    else out += value;
    i += 1 + m[0].length;
  }
  return unresolved ? undefined : out;
}
