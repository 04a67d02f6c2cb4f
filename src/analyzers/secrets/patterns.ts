/**
 * Catalogue of credential formats that can be recognised by their shape alone (a vendor prefix plus a
 * fixed alphabet and length), with no surrounding context. It is shared by the Dockerfile rules and,
 * later, the image-layer secret scanner, so entries must stay precise: a format that needs a nearby
 * keyword or an entropy estimate to be told apart from ordinary text does not belong here.
 *
 * Documented placeholders are not secrets: AWS's own examples (`AKIAIOSFODNN7EXAMPLE`) appear in
 * countless READMEs and test fixtures, so AWS ids ending in `EXAMPLE` are allow-listed, as gitleaks
 * does. Test-mode keys (`sk_test_...`) are deliberately not matched either.
 */
export interface SecretPattern {
  /** Stable kebab-case id (`github-pat`), used in fingerprints and suppressions. */
  id: string;
  /** Human name used in messages (`GitHub personal access token`). */
  title: string;
  /** Matches the secret itself (the whole match is the secret). Must not use the `g` or `y` flag. */
  regex: RegExp;
  /**
   * Lower-case literal substrings, at least one of which occurs in every match. Text that contains
   * none of them is skipped without running the regex. Empty when no literal is selective enough:
   * the regex itself then serves as the prefilter.
   */
  keywords: string[];
  /** Matches of `regex` that are known placeholders rather than real credentials. */
  allow?: RegExp[];
}

export interface SecretMatch {
  pattern: SecretPattern;
  /** The matched secret. Never print it: use `redactSecret`. */
  value: string;
  /** Offset of the match in the scanned text. */
  index: number;
}

// Token bodies must not continue into further token characters, or a longer random string that
// merely contains a prefix would match.
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    regex: new RegExp(`${START}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])`),
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    allow: [/EXAMPLE$/],
  },
  {
    id: 'github-pat',
    title: 'GitHub personal access token',
    regex: new RegExp(`${START}ghp_[A-Za-z0-9]{36}${END}`),
    keywords: ['ghp_'],
  },
  {
    id: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    regex: new RegExp(`${START}github_pat_[A-Za-z0-9_]{82}${END}`),
    keywords: ['github_pat_'],
  },
  {
    id: 'github-oauth-token',
    title: 'GitHub OAuth access token',
    regex: new RegExp(`${START}gho_[A-Za-z0-9]{36}${END}`),
    keywords: ['gho_'],
  },
  {
    id: 'github-app-token',
    title: 'GitHub App token',
    regex: new RegExp(`${START}(?:ghu|ghs)_[A-Za-z0-9]{36}${END}`),
    keywords: ['ghu_', 'ghs_'],
  },
  {
    id: 'github-refresh-token',
    title: 'GitHub refresh token',
    regex: new RegExp(`${START}ghr_[A-Za-z0-9]{36}${END}`),
    keywords: ['ghr_'],
  },
  {
    id: 'gitlab-pat',
    title: 'GitLab personal access token',
    regex: new RegExp(`${START}glpat-[A-Za-z0-9_-]{20,}`),
    keywords: ['glpat-'],
  },
  {
    id: 'slack-token',
    title: 'Slack token',
    // Slack tokens start with the numeric workspace id after the type prefix.
    regex: new RegExp(`${START}xox[baprs]-[0-9]{6,}-[A-Za-z0-9-]{8,}`),
    keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'],
  },
  {
    id: 'slack-webhook-url',
    title: 'Slack incoming webhook URL',
    regex: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/,
    keywords: ['hooks.slack.com'],
  },
  {
    id: 'stripe-live-key',
    title: 'Stripe live secret key',
    regex: new RegExp(`${START}(?:sk|rk)_live_[A-Za-z0-9]{24,}${END}`),
    keywords: ['sk_live_', 'rk_live_'],
  },
  {
    id: 'google-api-key',
    title: 'Google API key',
    regex: new RegExp(`${START}AIza[A-Za-z0-9_-]{35}${END}`),
    keywords: ['aiza'],
  },
  {
    id: 'npm-access-token',
    title: 'npm access token',
    regex: new RegExp(`${START}npm_[A-Za-z0-9]{36}${END}`),
    keywords: ['npm_'],
  },
  {
    id: 'pypi-upload-token',
    title: 'PyPI upload token',
    // The fixed part is the base64 macaroon header naming pypi.org or test.pypi.org.
    regex: new RegExp(`${START}pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}`),
    keywords: ['pypi-age'],
  },
  {
    id: 'private-key',
    title: 'private key (PEM)',
    regex: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/,
    keywords: ['private key'],
  },
  {
    id: 'sendgrid-api-key',
    title: 'SendGrid API key',
    regex: new RegExp(`${START}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${END}`),
    keywords: ['sg.'],
  },
  {
    id: 'twilio-api-key',
    title: 'Twilio API key',
    regex: /(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/,
    // "sk" is in too many words (task, disk) to prefilter on: the prefilter uses the regex itself.
    keywords: [],
  },
  {
    id: 'dockerhub-pat',
    title: 'Docker Hub personal access token',
    regex: new RegExp(`${START}dckr_pat_[A-Za-z0-9_-]{27,}`),
    keywords: ['dckr_pat_'],
  },
  {
    id: 'openai-api-key',
    title: 'OpenAI API key',
    // Every OpenAI key embeds the base64 of "OpenAI" (T3BlbkFJ) in the middle.
    regex: new RegExp(`${START}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}`),
    keywords: ['t3blbkfj'],
  },
  {
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    regex: new RegExp(`${START}sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}`),
    keywords: ['sk-ant-'],
  },
  {
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    regex: new RegExp(`${START}hf_[A-Za-z]{34}${END}`),
    keywords: ['hf_'],
  },
  {
    id: 'shopify-token',
    title: 'Shopify access token',
    regex: new RegExp(`${START}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`),
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  },
];

/** Every known-format secret in `text`, in order of appearance. */
let keywordRe: RegExp | undefined;

/**
 * The cheap prefilter: true when `text` holds a keyword of any known format. One combined,
 * case-insensitive scan instead of one substring search per keyword.
 */
export function mayContainSecret(text: string): boolean {
  keywordRe ??= new RegExp(
    SECRET_PATTERNS.flatMap((p) =>
      p.keywords.length > 0
        ? p.keywords.map((k) =>
            k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`),
          )
        : [p.regex.source],
    ).join('|'),
  );
  return keywordRe.test(text);
}

export function findSecrets(
  text: string,
  patterns: readonly SecretPattern[] = SECRET_PATTERNS,
): SecretMatch[] {
  if (patterns === SECRET_PATTERNS && !mayContainSecret(text)) return [];
  const lower = text.toLowerCase();
  const out: SecretMatch[] = [];
  for (const pattern of patterns) {
    if (pattern.keywords.length > 0 && !pattern.keywords.some((k) => lower.includes(k))) continue;
    const re = new RegExp(pattern.regex.source, `${pattern.regex.flags}g`);
    for (const m of text.matchAll(re)) {
      const value = m[0];
      if (pattern.allow?.some((a) => a.test(value))) continue;
      out.push({ pattern, value, index: m.index });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Shows only enough of a secret to recognise it: the first four characters. */
export function redactSecret(value: string): string {
  return `${value.slice(0, 4)}****`;
}
