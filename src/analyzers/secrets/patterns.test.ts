import { describe, expect, it } from 'vitest';
import { findSecrets, mayContainSecret, redactSecret, SECRET_PATTERNS } from './patterns.js';

/*
 * Sample tokens are assembled at run time (prefix + filler) so that this file never contains a
 * string that secret scanners such as GitHub push protection would take for a real credential.
 */
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
const tok = (prefix: string, chunk: string, n: number): string => prefix + fill(chunk, n);

const SAMPLE = {
  aws: tok('AKIA', 'Q2X7ZRT4', 16),
  awsSession: tok('ASIA', 'MZ3KQ7WP', 16),
  ghp: tok('ghp_', 'aB3dE5fG7h', 36),
  githubPat: tok('github_pat_', 'A1b2C3d4E5', 22) + '_' + tok('', 'x9Y8w7V6u5', 59),
  gho: tok('gho_', 'Zy9Xw8Vu7T', 36),
  ghs: tok('ghs_', 'k2L3m4N5p6', 36),
  ghr: tok('ghr_', 'Q1w2E3r4T5', 36),
  glpat: tok('glpat-', 'xY_z-9aB8c', 20),
  slack: 'xoxb-' + tok('', '1234567', 13) + '-' + tok('', '7654321', 13) + '-' + tok('', 'pdFZKVeTuE', 24),
  slackHook:
    'https://hooks.slack.com/services/' +
    tok('T', 'A1B2C3', 8) +
    '/' +
    tok('B', 'D4E5F6', 8) +
    '/' +
    tok('', 'aZ9yX8', 24),
  stripe: tok('sk_live_', 'Ab12Cd34Ef', 24),
  google: tok('AIza', 'Sy-_Qw3Er5', 35),
  npm: tok('npm_', 'Zq8Wx7Ec6R', 36),
  pypi: 'pypi-AgEIcHlwaS5vcmc' + tok('', 'CJDa2Q1ZD', 60),
  pem: '-----BEGIN RSA PRIVATE ' + 'KEY-----',
  openssh: '-----BEGIN OPENSSH PRIVATE ' + 'KEY-----',
  sendgrid: 'SG.' + tok('', 'aB1-cD2_eF', 22) + '.' + tok('', 'gH3iJ4kL5m', 43),
  twilio: tok('SK', '0123456789abcdef', 32),
  dockerhub: tok('dckr_pat_', 'Ab1Cd2Ef3G', 27),
  openai: 'sk-proj-' + tok('', 'Ab1Cd2Ef3G', 20) + 'T3BlbkFJ' + tok('', 'Hi4Jk5Lm6N', 20),
  anthropic: 'sk-ant-api03-' + tok('', 'Ab1Cd2-Ef3G_', 90),
  hf: tok('hf_', 'AbCdEfGhIj', 34),
  shopify: tok('shpat_', '0a1b2c3d4e5f', 32),
} as const;

const positives: [string, string, string][] = [
  ['aws-access-key-id', `ENV AWS_ACCESS_KEY_ID=${SAMPLE.aws}`, SAMPLE.aws],
  ['aws-access-key-id', `aws configure set aws_access_key_id ${SAMPLE.awsSession}`, SAMPLE.awsSession],
  ['github-pat', `git clone https://${SAMPLE.ghp}@github.com/o/r.git`, SAMPLE.ghp],
  ['github-fine-grained-pat', `TOKEN=${SAMPLE.githubPat}`, SAMPLE.githubPat],
  ['github-oauth-token', SAMPLE.gho, SAMPLE.gho],
  ['github-app-token', `"${SAMPLE.ghs}"`, SAMPLE.ghs],
  ['github-refresh-token', SAMPLE.ghr, SAMPLE.ghr],
  ['gitlab-pat', `PRIVATE-TOKEN: ${SAMPLE.glpat}`, SAMPLE.glpat],
  ['slack-token', `SLACK=${SAMPLE.slack}`, SAMPLE.slack],
  ['slack-webhook-url', `curl -X POST ${SAMPLE.slackHook}`, SAMPLE.slackHook],
  ['stripe-live-key', `STRIPE_KEY='${SAMPLE.stripe}'`, SAMPLE.stripe],
  ['google-api-key', `key=${SAMPLE.google}&q=1`, SAMPLE.google],
  ['npm-access-token', `//registry.npmjs.org/:_authToken=${SAMPLE.npm}`, SAMPLE.npm],
  ['pypi-upload-token', `twine upload -p ${SAMPLE.pypi}`, SAMPLE.pypi],
  ['private-key', `echo "${SAMPLE.pem}" > /root/.ssh/id_rsa`, SAMPLE.pem],
  ['private-key', SAMPLE.openssh, SAMPLE.openssh],
  ['sendgrid-api-key', `SENDGRID=${SAMPLE.sendgrid}`, SAMPLE.sendgrid],
  ['twilio-api-key', `TWILIO=${SAMPLE.twilio}`, SAMPLE.twilio],
  ['dockerhub-pat', `docker login -p ${SAMPLE.dockerhub}`, SAMPLE.dockerhub],
  ['openai-api-key', `OPENAI=${SAMPLE.openai}`, SAMPLE.openai],
  ['anthropic-api-key', `x-api-key: ${SAMPLE.anthropic}`, SAMPLE.anthropic],
  ['huggingface-token', `HF=${SAMPLE.hf}`, SAMPLE.hf],
  ['shopify-token', SAMPLE.shopify, SAMPLE.shopify],
];

const negatives: [string, string][] = [
  ['AWS documentation example key', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
  ['AWS id too short', `AKIA${fill('QZ', 12)}`],
  ['AWS id inside a longer word', `XAKIA${fill('Q2X7ZRT4', 16)}`],
  ['AWS id with lower-case letters', `AKIA${fill('abcdEFGH', 16)}`],
  ['GitHub prefix with a short body', `ghp_${fill('aB3', 20)}`],
  ['GitHub prefix inside a longer token', `ghp_${fill('aB3dE5fG7h', 40)}`],
  ['GitLab placeholder', 'glpat-xxxxxxxx'],
  ['Slack placeholder', 'xoxb-your-bot-token-here'],
  ['Stripe test key', `sk_test_${fill('Ab12Cd34Ef', 24)}`],
  ['npm config variable', 'npm_config_cache=/tmp/npm-cache'],
  ['PEM public key', '-----BEGIN PUBLIC KEY-----'],
  ['PEM certificate', '-----BEGIN CERTIFICATE-----'],
  ['Twilio-like id with non-hex', `SK${fill('xyz', 32)}`],
  ['a git commit sha', 'git checkout 3f786850e387550fdab836ed7e6dc881de23001b'],
  ['a sha256 digest', `FROM alpine@sha256:${fill('0123456789abcdef', 64)}`],
  ['OpenAI-like key without the marker', `sk-proj-${fill('Ab1Cd2Ef3G', 48)}`],
  ['empty', ''],
];

describe('secret patterns', () => {
  it('have unique ids, lower-case keywords and no stateful flags', () => {
    const ids = SECRET_PATTERNS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of SECRET_PATTERNS) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const k of p.keywords) expect(k).toBe(k.toLowerCase());
      expect(p.regex.flags).not.toMatch(/[gy]/);
    }
  });

  it.each(positives)('%s matches in %j', (id, text, secret) => {
    const found = findSecrets(text);
    expect(found.map((f) => [f.pattern.id, f.value])).toEqual([[id, secret]]);
    expect(text.slice(found[0]?.index ?? -1).startsWith(secret)).toBe(true);
  });

  it('every sample satisfies one of its pattern keywords (the prefilter never hides a match)', () => {
    for (const [id, , secret] of positives) {
      const p = SECRET_PATTERNS.find((x) => x.id === id);
      const viaKeyword = p?.keywords.some((k) => secret.toLowerCase().includes(k));
      // Patterns without keywords are prefiltered by their own regex.
      expect(p?.keywords.length === 0 ? p.regex.test(secret) : viaKeyword).toBe(true);
      expect(mayContainSecret(secret)).toBe(true);
    }
  });

  it.each(negatives)('no match: %s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('finds several secrets in order', () => {
    const found = findSecrets(`a=${SAMPLE.npm} b=${SAMPLE.aws} c=${SAMPLE.npm}`);
    expect(found.map((f) => f.pattern.id)).toEqual([
      'npm-access-token',
      'aws-access-key-id',
      'npm-access-token',
    ]);
  });

  it('redacts to the first four characters', () => {
    expect(redactSecret(SAMPLE.ghp)).toBe('ghp_****');
    expect(redactSecret('abc')).toBe('abc****');
  });
});

describe('mayContainSecret prefilter', () => {
  it('lets through text with a keyword in any case, and a Twilio key by its shape', () => {
    expect(mayContainSecret('export TOKEN=GHP_x')).toBe(true);
    expect(mayContainSecret(`key=SK${'0a'.repeat(16)}`)).toBe(true);
  });
  it('skips ordinary Dockerfile text, words with "sk" included', () => {
    expect(mayContainSecret('RUN apt-get install -y curl && mkdir /task/disk')).toBe(false);
  });
});
