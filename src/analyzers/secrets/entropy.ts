/**
 * Shannon entropy of `s` in bits per character, over its own character distribution: 0 for an empty
 * or single-symbol string, log2(n) at most for n distinct characters. Random base64 of 40 characters
 * scores about 4.8; English words and identifiers 2.5-3.5.
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  // Length in code points, to match the iteration above.
  let n = 0;
  for (const c of counts.values()) n += c;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

// Words that mark a value as documentation or a default rather than a credential. Matched as
// substrings of the lower-cased value: `example-token`, `changeme123`, `my_test_secret`.
const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'change-me',
  'example',
  'password',
  'passwd',
  'secret',
  'dummy',
  'test',
  'sample',
  'placeholder',
  'your_',
  'your-',
  'yourpass',
  'yourtoken',
  'yourkey',
  'redacted',
  'replace',
  'fake',
  'foobar',
  'xxx',
  '***',
  '...',
];

// Whole values that are not credentials: empty-ish literals and language keywords.
const PLACEHOLDER_VALUES = new Set([
  '',
  'null',
  'nil',
  'none',
  'undefined',
  'true',
  'false',
  'empty',
  'pass',
  'secret',
  'token',
  'string',
  'required',
  'optional',
  'default',
]);

/**
 * True when `value` is a placeholder, a variable reference or a template rather than a literal
 * credential: `changeme`, `${DB_PASSWORD}`, `$TOKEN`, `{{ .Values.token }}`, `<your-token>`, `***`,
 * `%(password)s`, `xxxxxxxx`, a single repeated character...
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  const lower = v.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true;
  // Shell, Compose, Helm/Go/Jinja templates, printf and Python formatting, angle-bracket docs.
  if (/\$\{|\$\(|\{\{|\{%|%\(|%s\b|^\$[A-Za-z_]/.test(v)) return true;
  if (/^<.*>$/.test(v) || /^\[.*\]$/.test(v)) return true;
  if (/^(.)\1*$/.test(v)) return true;
  return false;
}
