import { describe, expect, it } from 'vitest';
import { isSecretName } from './secrets.js';

describe('isSecretName', () => {
  it.each([
    ['PASSWORD', true],
    ['MYSQL_ROOT_PASSWORD', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['AWS_SESSION_TOKEN', true],
    ['OPENAI_API_KEY', true],
    ['STRIPE_APIKEY', true],
    ['SSH_PRIVATE_KEY', true],
    ['CLIENT_SECRET', true],
    ['GOOGLE_CREDENTIALS', true],
    ['NEW_RELIC_LICENSE_KEY', true],
    ['SECRET_KEY_BASE', true],
    ['npmAuthToken', true],
    ['TOKEN_URL', false],
    ['PASSWORD_FILE', false],
    ['SECRETS_DIR', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['KEY_ID', false],
    ['KEY', false],
    ['GPG_KEY', false],
    ['GPG_KEYS', false],
    ['TOKENIZER', false],
    ['PASSPHRASE_PATH', false],
    ['BYPASS', false],
    ['GPG_PASSPHRASE', true],
  ])('%s -> %s', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });
});
