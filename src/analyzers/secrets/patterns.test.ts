import { describe, expect, it } from 'vitest';
import {
  findSecrets,
  isPlaceholder,
  mayContainSecret,
  redactSecret,
  SECRET_PATTERNS,
  shannonEntropy,
} from './patterns.js';
import { crc32, prefixedTokenChecksum } from './validators.js';

/*
 * Sample secrets are assembled at run time (prefix + filler) so that this file never contains a
 * string that secret scanners such as GitHub push protection would take for a real credential.
 * The filler is pseudo-random (a fixed-seed generator) so that entropy-gated formats see realistic
 * values; it is the same on every run.
 */
const fill = (chunk: string, n: number): string => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
let seed = 0x2f6b1d;
const rnd = (alphabet: string, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += alphabet.charAt((seed >>> 8) % alphabet.length);
  }
  return out;
};
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const UPDIG = UPPER + DIGITS;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');
const K = 'KEY'; // keeps whole PEM headers out of the source

/** A GitHub/npm-style token with a valid CRC-32 checksum. */
const checksummed = (prefix: string): string => {
  const random = rnd(ALNUM, 30);
  return prefix + random + prefixedTokenChecksum(random);
};
const pemKey = (label: string, body = rnd(B64, 64)): { text: string; secret: string } => {
  const header = `-----BEGIN ${label}-----`;
  return {
    text: `${header}\n${body}\n${rnd(B64, 64)}\n-----END ${label}-----\n`,
    secret: `${header}\n${body.slice(0, 40)}`,
  };
};

const S = {
  aws: 'AKIA' + rnd('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
  awsSession: 'ASIA' + rnd('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
  awsSecret: rnd(B64, 40),
  awsSts: 'IQoJb3JpZ2luX2Vj' + rnd(B64, 300),
  gcpKeyId: rnd(HEX, 40),
  google: 'AIza' + rnd(B64URL, 35),
  gocspx: 'GOCSPX-' + rnd(B64URL, 28),
  ya29: 'ya29.' + rnd(B64URL, 120),
  azureKey: rnd(B64, 86) + '==',
  azureSak: rnd(B64, 43) + '=',
  azureSig: rnd(ALNUM, 43) + '%3D',
  azureAd: 'aB3' + '8Q~' + rnd(ALNUM, 34),
  alibaba: 'LTAI' + rnd(ALNUM, 20),
  digitalocean: 'dop_v1_' + rnd(HEX, 64),
  heroku: 'HRKU-AA' + rnd(B64URL, 58),
  ghp: checksummed('ghp_'),
  githubPat: 'github_pat_' + rnd(ALNUM, 22) + '_' + rnd(ALNUM, 59),
  gho: checksummed('gho_'),
  ghs: checksummed('ghs_'),
  ghr: checksummed('ghr_'),
  glpat: 'glpat-' + rnd(B64URL, 20),
  gldt: 'gldt-' + rnd(B64URL, 20),
  glrt: 'glrt-' + rnd(B64URL, 20),
  glReg: 'GR1348941' + rnd(B64URL, 20),
  glptt: 'glptt-' + rnd(HEX, 40),
  glft: 'glft-' + rnd(B64URL, 20),
  gloas: 'gloas-' + rnd(HEX, 64),
  atlassian: 'ATATT3' + rnd(B64URL, 180) + '=' + rnd('0123456789ABCDEF', 8),
  sonar: 'sqp_' + rnd(HEX, 40),
  postman: 'PMAK-' + rnd(HEX, 24) + '-' + rnd(HEX, 34),
  npm: checksummed('npm_'),
  pypi: 'pypi-AgEIcHlwaS5vcmc' + rnd(B64URL, 60),
  dockerhub: 'dckr_pat_' + rnd(B64URL, 27),
  dockerOat: 'dckr_oat_' + rnd(B64URL, 32),
  dockerAuth: b64('deploy:' + rnd(ALNUM, 20)),
  npmrcAuth: b64('ci-bot:' + rnd(ALNUM, 20)),
  artifactory: 'AKCp' + rnd(ALNUM, 69),
  hvs: 'hvs.' + rnd(B64URL, 90),
  hvb: 'hvb.' + rnd(B64URL, 130),
  tfc: rnd(ALNUM, 14) + '.atlasv1.' + rnd(ALNUM, 65),
  pulumi: 'pul-' + rnd(HEX, 40),
  doppler: 'dp.pt.' + rnd(ALNUM, 43),
  tailscale: 'tskey-auth-' + rnd(ALNUM, 12) + '-' + rnd(ALNUM, 30),
  databricks: 'dapi' + rnd(HEX, 32),
  planetscale: 'pscale_tkn_' + rnd(B64URL, 43),
  grafanaKey: 'eyJrIjoi' + rnd(ALNUM, 80),
  grafanaCloud: 'glc_' + rnd(ALNUM, 120),
  grafanaSa: 'glsa_' + rnd(ALNUM, 32) + '_' + rnd(HEX, 8),
  nrak: 'NRAK-' + rnd(UPDIG, 27),
  nrii: 'NRII-' + rnd(B64URL, 32),
  nral: rnd(HEX, 36) + 'NRAL',
  sentrySecret: rnd(HEX, 32),
  sntrys: 'sntrys_eyJ' + rnd(B64URL, 120),
  sntryu: 'sntryu_' + rnd(HEX, 64),
  dynatrace: 'dt0c01.' + rnd(UPDIG, 24) + '.' + rnd(UPDIG, 64),
  slack: 'xoxb-' + rnd(DIGITS, 13) + '-' + rnd(DIGITS, 13) + '-' + rnd(ALNUM, 24),
  slackApp: 'xapp-1-A' + rnd(UPDIG, 10) + '-' + rnd(DIGITS, 13) + '-' + rnd(HEX, 64),
  slackConfig: 'xoxe.xoxp-1-' + rnd(ALNUM, 160),
  slackHook: `https://hooks.slack.com/services/T${rnd(UPDIG, 8)}/B${rnd(UPDIG, 8)}/${rnd(ALNUM, 24)}`,
  discord: `${b64url('1' + rnd(DIGITS, 17))}.${rnd(B64URL, 6)}.${rnd(B64URL, 38)}`,
  discordHook: `https://discord.com/api/webhooks/1${rnd(DIGITS, 18)}/${rnd(B64URL, 68)}`,
  telegram: '7' + rnd(DIGITS, 9) + ':AA' + rnd(B64URL, 33),
  stripe: 'sk_live_' + rnd(ALNUM, 24),
  squareAt: 'sq0atp-' + rnd(B64URL, 22),
  squareCs: 'sq0csp-' + rnd(B64URL, 43),
  shopify: 'shpat_' + rnd(HEX, 32),
  twilio: 'SK' + rnd(HEX, 32),
  sendgrid: 'SG.' + rnd(B64URL, 22) + '.' + rnd(B64URL, 43),
  mailgun: 'key-' + rnd(HEX, 32),
  mailchimp: rnd(HEX, 32),
  brevo: 'xkeysib-' + rnd(HEX, 64) + '-' + rnd(ALNUM, 16),
  linear: 'lin_api_' + rnd(ALNUM, 40),
  okta: '00' + rnd(B64URL, 40),
  openai: 'sk-proj-' + rnd(B64URL, 20) + 'T3BlbkFJ' + rnd(B64URL, 20),
  anthropic: 'sk-ant-api03-' + rnd(B64URL, 90),
  hf: 'hf_' + rnd(UPPER + LOWER, 34),
  hfOrg: 'api_org_' + rnd(UPPER + LOWER, 34),
  jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","iat":1516239022}')}.${rnd(B64URL, 43)}`,
  dbPassword: rnd(ALNUM, 16),
  age: 'AGE-SECRET-KEY-1' + rnd('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58),
  password: rnd(ALNUM + '!#%&', 16),
  secret: rnd(ALNUM, 24),
  apiKey: rnd(ALNUM, 32),
  token: rnd(ALNUM, 40),
  basic: b64('admin:' + rnd(ALNUM, 14)),
  urlPassword: rnd(ALNUM, 20),
};

const rsa = pemKey(`RSA PRIVATE ${K}`);
const ec = pemKey(`EC PRIVATE ${K}`);
const dsa = pemKey(`DSA PRIVATE ${K}`);
const pkcs8 = pemKey(`PRIVATE ${K}`);
const openssh = pemKey(`OPENSSH PRIVATE ${K}`, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ' + rnd(B64, 28));
const opensshEnc = pemKey(`OPENSSH PRIVATE ${K}`, 'b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHI' + rnd(B64, 29));
const pkcs8Enc = pemKey(`ENCRYPTED PRIVATE ${K}`);
const pgpBody = rnd(B64, 64);
const pgpHeader = `-----BEGIN PGP PRIVATE ${K} BLOCK-----`;
const pgp = `${pgpHeader}\nVersion: GnuPG v2\n\n${pgpBody}\n=AbCd\n-----END PGP PRIVATE ${K} BLOCK-----`;
const legacyEnc = `-----BEGIN RSA PRIVATE ${K}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${rnd('0123456789ABCDEF', 32)}\n\n${rnd(B64, 64)}`;
const putty = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n`;
const kubeKey = b64(rsa.text);
const gcpJson = JSON.stringify(
  {
    type: 'service_account',
    project_id: 'demo-project',
    private_key_id: S.gcpKeyId,
    private_key: pkcs8.text,
    client_email: 'ci@demo-project.iam.gserviceaccount.com',
  },
  null,
  2,
);

/** [pattern id, text, the secret it must report, other pattern ids also expected in the text]. */
const positives: [string, string, string, string[]?][] = [
  ['aws-access-key-id', `ENV AWS_ACCESS_KEY_ID=${S.aws}`, S.aws],
  ['aws-access-key-id', `aws configure set aws_access_key_id ${S.awsSession}`, S.awsSession],
  ['aws-secret-access-key', `aws_secret_access_key = ${S.awsSecret}`, S.awsSecret],
  ['aws-secret-access-key', `ENV AWS_SECRET_KEY="${S.awsSecret}"`, S.awsSecret],
  ['aws-secret-access-key', `{"AccessKeyId": "x", "SecretAccessKey": "${S.awsSecret}"}`, S.awsSecret],
  ['aws-session-token', `aws_session_token=${S.awsSts}`, S.awsSts],
  ['gcp-service-account-key', gcpJson, S.gcpKeyId, ['private-key-pkcs8']],
  ['google-api-key', `key=${S.google}&q=1`, S.google],
  ['google-oauth-client-secret', `"client_secret":"${S.gocspx}"`, S.gocspx],
  ['google-oauth-access-token', `curl -H "Authorization: Bearer ${S.ya29}"`, S.ya29],
  [
    'azure-storage-account-key',
    `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${S.azureKey};EndpointSuffix=core.windows.net`,
    S.azureKey,
  ],
  ['azure-storage-account-key', `az storage blob list --account-key ${S.azureKey}`, S.azureKey],
  [
    'azure-shared-access-key',
    `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${S.azureSak}`,
    S.azureSak,
  ],
  [
    'azure-sas-token',
    `https://acme.blob.core.windows.net/c/f.tgz?sv=2022-11-02&ss=b&sp=r&se=2030-01-01T00:00:00Z&sig=${S.azureSig}`,
    S.azureSig,
  ],
  ['azure-ad-client-secret', `AZURE_CLIENT_SECRET=${S.azureAd}`, S.azureAd],
  ['alibaba-access-key-id', `ALIBABA_CLOUD_ACCESS_KEY_ID=${S.alibaba}`, S.alibaba],
  ['digitalocean-token', `DIGITALOCEAN_TOKEN=${S.digitalocean}`, S.digitalocean],
  ['heroku-api-key', `HEROKU_API_KEY=${S.heroku}`, S.heroku],
  ['github-pat', `git clone https://${S.ghp}@github.com/o/r.git`, S.ghp],
  ['github-fine-grained-pat', `TOKEN=${S.githubPat}`, S.githubPat],
  ['github-oauth-token', S.gho, S.gho],
  ['github-app-token', `"${S.ghs}"`, S.ghs],
  ['github-refresh-token', S.ghr, S.ghr],
  ['gitlab-pat', `PRIVATE-TOKEN: ${S.glpat}`, S.glpat],
  ['gitlab-pat', `${S.glpat}.01.0w1x2y3z4`, `${S.glpat}.01.0w1x2y3z4`],
  ['gitlab-deploy-token', `docker login -u deploy -p ${S.gldt}`, S.gldt],
  ['gitlab-runner-token', `token = "${S.glrt}"`, S.glrt],
  ['gitlab-runner-registration-token', `--registration-token ${S.glReg}`, S.glReg],
  ['gitlab-pipeline-trigger-token', `-F token=${S.glptt}`, S.glptt],
  ['gitlab-feed-token', `feed_token=${S.glft}`, S.glft],
  ['gitlab-oauth-app-secret', `secret: ${S.gloas}`, S.gloas],
  ['atlassian-api-token', `JIRA_API_TOKEN=${S.atlassian}`, S.atlassian],
  ['sonarqube-token', `-Dsonar.token=${S.sonar}`, S.sonar],
  ['postman-api-key', `X-Api-Key: ${S.postman}`, S.postman],
  ['npm-access-token', `//registry.npmjs.org/:_authToken=${S.npm}`, S.npm],
  ['pypi-upload-token', `twine upload -p ${S.pypi}`, S.pypi],
  ['dockerhub-pat', `docker login -p ${S.dockerhub}`, S.dockerhub],
  ['dockerhub-org-token', `DOCKER_TOKEN=${S.dockerOat}`, S.dockerOat],
  ['docker-config-auth', `{"auths":{"ghcr.io":{"auth":"${S.dockerAuth}"}}}`, S.dockerAuth],
  ['npmrc-auth', `registry=https://npm.acme.io/\n_auth = ${S.npmrcAuth}\n`, S.npmrcAuth],
  ['artifactory-api-key', `X-JFrog-Art-Api: ${S.artifactory}`, S.artifactory],
  ['vault-service-token', `VAULT_TOKEN=${S.hvs}`, S.hvs],
  ['vault-batch-token', `VAULT_TOKEN=${S.hvb}`, S.hvb],
  ['terraform-cloud-token', `credentials "app.terraform.io" { token = "${S.tfc}" }`, S.tfc],
  ['pulumi-access-token', `PULUMI_ACCESS_TOKEN=${S.pulumi}`, S.pulumi],
  ['doppler-token', `DOPPLER_TOKEN=${S.doppler}`, S.doppler],
  ['tailscale-key', `tailscale up --authkey=${S.tailscale}`, S.tailscale],
  ['databricks-token', `DATABRICKS_TOKEN=${S.databricks}`, S.databricks],
  ['planetscale-token', `PLANETSCALE_TOKEN=${S.planetscale}`, S.planetscale],
  ['grafana-api-key', `GF_API_KEY=${S.grafanaKey}`, S.grafanaKey],
  ['grafana-cloud-token', `GRAFANA_CLOUD_TOKEN=${S.grafanaCloud}`, S.grafanaCloud],
  ['grafana-service-account-token', `GRAFANA_SA=${S.grafanaSa}`, S.grafanaSa],
  ['newrelic-user-api-key', `NEW_RELIC_API_KEY=${S.nrak}`, S.nrak],
  ['newrelic-insert-key', `X-Insert-Key: ${S.nrii}`, S.nrii],
  ['newrelic-license-key', `license_key: ${S.nral}`, S.nral],
  [
    'sentry-dsn-secret',
    `SENTRY_DSN=https://${rnd(HEX, 32)}:${S.sentrySecret}@o12345.ingest.sentry.io/4504`,
    S.sentrySecret,
  ],
  ['sentry-org-token', `SENTRY_AUTH_TOKEN=${S.sntrys}`, S.sntrys],
  ['sentry-user-token', `SENTRY_AUTH_TOKEN=${S.sntryu}`, S.sntryu],
  ['dynatrace-token', `DT_API_TOKEN=${S.dynatrace}`, S.dynatrace],
  ['slack-token', `SLACK=${S.slack}`, S.slack],
  ['slack-app-token', `SLACK_APP_TOKEN=${S.slackApp}`, S.slackApp],
  ['slack-config-token', `SLACK_CONFIG=${S.slackConfig}`, S.slackConfig],
  ['slack-webhook-url', `curl -X POST ${S.slackHook}`, S.slackHook],
  ['discord-bot-token', `DISCORD_TOKEN=${S.discord}`, S.discord],
  ['discord-webhook-url', `curl ${S.discordHook}`, S.discordHook],
  ['telegram-bot-token', `curl https://api.telegram.org/bot${S.telegram}/getMe`, S.telegram],
  ['stripe-live-key', `STRIPE_KEY='${S.stripe}'`, S.stripe],
  ['square-access-token', `SQUARE_TOKEN=${S.squareAt}`, S.squareAt],
  ['square-oauth-secret', `SQUARE_SECRET=${S.squareCs}`, S.squareCs],
  ['shopify-token', S.shopify, S.shopify],
  ['twilio-api-key', `TWILIO=${S.twilio}`, S.twilio],
  ['sendgrid-api-key', `SENDGRID=${S.sendgrid}`, S.sendgrid],
  ['mailgun-api-key', `MAILGUN=${S.mailgun}`, S.mailgun],
  ['mailchimp-api-key', `MAILCHIMP=${S.mailchimp}-us6`, S.mailchimp],
  ['brevo-api-key', `BREVO=${S.brevo}`, S.brevo],
  ['linear-api-key', `LINEAR=${S.linear}`, S.linear],
  ['okta-api-token', `OKTA_API_TOKEN=${S.okta}`, S.okta],
  ['openai-api-key', `OPENAI=${S.openai}`, S.openai],
  ['anthropic-api-key', `x-api-key: ${S.anthropic}`, S.anthropic],
  ['huggingface-token', `HF=${S.hf}`, S.hf],
  ['huggingface-org-token', `HF_ORG=${S.hfOrg}`, S.hfOrg],
  ['jwt', `Authorization: Bearer ${S.jwt}`, S.jwt],
  ['postgres-url-password', `DATABASE_URL=postgres://app:${S.dbPassword}@db:5432/app`, S.dbPassword],
  ['postgres-url-password', `jdbc:postgresql://app:${S.dbPassword}@db/app`, S.dbPassword],
  ['mysql-url-password', `mysql://app:${S.dbPassword}@db/app`, S.dbPassword],
  ['mongodb-url-password', `mongodb+srv://app:${S.dbPassword}@cluster0.a1b2c.mongodb.net/db`, S.dbPassword],
  ['redis-url-password', `REDIS_URL=redis://:${S.dbPassword}@cache:6379/0`, S.dbPassword],
  ['amqp-url-password', `amqps://svc:${S.dbPassword}@mq.internal/vhost`, S.dbPassword],
  ['private-key-rsa', `echo "${rsa.text}" > /root/.ssh/id_rsa`, rsa.secret],
  ['private-key-rsa', JSON.stringify({ key: rsa.text }), rsa.secret.replace('\n', '\\n')],
  ['private-key-ec', ec.text, ec.secret],
  ['private-key-dsa', dsa.text, dsa.secret],
  [
    'private-key-pkcs8',
    `tls.key: |\n  ${pkcs8.text.replaceAll('\n', '\n  ')}`,
    pkcs8.secret.replace('\n', '\n  '),
  ],
  ['private-key-openssh', openssh.text, openssh.secret],
  ['private-key-openssh-encrypted', opensshEnc.text, opensshEnc.secret],
  ['private-key-encrypted', pkcs8Enc.text, pkcs8Enc.secret],
  ['private-key-encrypted', legacyEnc, legacyEnc.slice(0, legacyEnc.indexOf('ENCRYPTED') + 9)],
  ['private-key-pgp', pgp, `${pgpHeader}\nVersion: GnuPG v2\n\n${pgpBody.slice(0, 40)}`],
  ['private-key-putty', putty, putty.slice(0, putty.indexOf('none') + 4)],
  ['age-secret-key', `# created: 2024\n${S.age}\n`, S.age],
  ['kubeconfig-client-key', `users:\n- name: admin\n  user:\n    client-key-data: ${kubeKey}\n`, kubeKey],
  ['generic-password', `DB_PASSWORD=${S.password}`, S.password],
  ['generic-password', `  password: "${S.password}"`, S.password],
  ['generic-secret', `client_secret: '${S.secret}'`, S.secret],
  ['generic-api-key', `api_key = "${S.apiKey}"`, S.apiKey],
  ['generic-token', `{"access_token": "${S.token}"}`, S.token],
  ['generic-bearer-token', `-H "Authorization: Bearer ${S.token}"`, S.token],
  ['generic-basic-auth', `Authorization: Basic ${S.basic}`, S.basic],
  ['url-credentials', `git clone https://deploy:${S.urlPassword}@git.acme.io/x.git`, S.urlPassword],
];

/** [family, text]: near misses that must not match anything. */
const negatives: [string, string][] = [
  ['AWS documentation example key id', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
  ['AWS documentation example secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['AWS id too short', `AKIA${fill('QZ', 12)}`],
  ['AWS id inside a longer word', `XAKIA${fill('Q2X7ZRT4', 16)}`],
  ['AWS id with lower-case letters', `AKIA${fill('abcdEFGH', 16)}`],
  ['AWS-like secret without an AWS keyword', `value = ${rnd(B64, 40)}`],
  ['AWS secret with low entropy', `aws_secret_access_key = ${fill('abAB', 40)}`],
  ['GitHub token with a wrong checksum', `ghp_${fill('aB3dE5fG7h', 36)}`],
  ['GitHub prefix with a short body', `ghp_${fill('aB3', 20)}`],
  ['GitHub prefix inside a longer token', `${checksummed('ghp_')}${rnd(ALNUM, 4)}`],
  ['GitHub fine-grained token of the wrong length', `github_pat_${rnd(ALNUM, 22)}_${rnd(ALNUM, 40)}`],
  ['GitLab placeholder', 'glpat-xxxxxxxxxxxxxxxxxxxxxxxx'],
  ['GitLab prefix, short body', 'glpat-abc123'],
  ['Slack placeholder', 'xoxb-your-bot-token-here'],
  ['Stripe test key', `sk_test_${rnd(ALNUM, 24)}`],
  ['npm config variable', 'npm_config_cache=/tmp/npm-cache'],
  ['npm token with a wrong checksum', `npm_${fill('Zq8Wx7Ec6R', 36)}`],
  ['PEM header alone (a library constant)', `const header = "-----BEGIN RSA PRIVATE ${K}-----";`],
  ['PEM public key', `-----BEGIN PUBLIC ${K}-----\n${rnd(B64, 64)}`],
  ['PEM certificate', `-----BEGIN CERTIFICATE-----\n${rnd(B64, 64)}`],
  ['PuTTY key with encryption', `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: aes256-cbc\n`],
  [
    'kubeconfig client certificate',
    `client-certificate-data: ${b64(`-----BEGIN CERTIFICATE-----\n${rnd(B64, 64)}`)}`,
  ],
  ['Twilio-like id with non-hex', `SK${fill('xyz', 32)}`],
  ['a git commit sha', 'git checkout 3f786850e387550fdab836ed7e6dc881de23001b'],
  ['a sha256 digest', `FROM alpine@sha256:${rnd(HEX, 64)}`],
  ['OpenAI-like key without the marker', `sk-proj-${rnd(B64URL, 48)}`],
  ['Hugging Face-like token with digits', `hf_${rnd(ALNUM, 34)}`],
  ['JWT whose header is not JSON', `eyJub3Rqc29u${rnd(B64URL, 12)}.eyJ${rnd(B64URL, 20)}.${rnd(B64URL, 30)}`],
  [
    'JWT header without alg',
    `${b64url('{"typ":"JWT","kid":"abc"}')}.${b64url('{"sub":"1"}')}.${rnd(B64URL, 30)}`,
  ],
  [
    'Discord-like token whose id is not numeric',
    `DISCORD=${b64url('4abcdefghijklmnopq')}.${rnd(B64URL, 6)}.${rnd(B64URL, 38)}`,
  ],
  ['Okta-like token without an Okta keyword', `echo 00${rnd(B64URL, 40)}`],
  ['Mailgun-like key too short', `key-${rnd(HEX, 31)}`],
  ['Azure key of the wrong length', `AccountKey=${rnd(B64, 80)}==`],
  ['Docker auth without a password', `{"auths":{"ghcr.io":{"auth":"${b64('justatokenvalue')}"}}}`],
  ['Docker auth with a placeholder password', `{"auth":"${b64('user:changeme')}"}`],
  ['Postgres URL with a placeholder password', 'postgres://user:password@localhost:5432/db'],
  ['Postgres URL with password = user', 'postgresql://postgres:postgres@db/app'],
  ['MySQL URL with a variable', 'mysql://root:${MYSQL_ROOT_PASSWORD}@db/app'],
  ['MySQL default root', 'mysql://root:root@127.0.0.1:3306/test'],
  ['Mongo URL with a template', 'mongodb://admin:<password>@cluster0.mongodb.net/'],
  ['Redis URL with changeme', 'redis://:changeme@cache:6379'],
  ['AMQP guest account', 'amqp://guest:guest@rabbitmq:5672/'],
  ['URL with documentation credentials', 'https://user:pass@example.com/path'],
  ['URL with a CI variable', 'git clone https://oauth2:${CI_JOB_TOKEN}@gitlab.com/group/app.git'],
  ['password placeholder', 'password=changeme'],
  ['password variable', 'DB_PASSWORD=${DB_PASSWORD}'],
  ['password shell variable', 'PGPASSWORD=$POSTGRES_PASSWORD psql'],
  ['password Helm template', 'password: "{{ .Values.db.password }}"'],
  ['password angle-bracket doc', 'password: <your-password>'],
  ['password masked', 'password: "********"'],
  ['password null', 'password: null'],
  ['password empty', 'password='],
  ['password dummy', 'passwd: dummy12345'],
  ['password test value', 'password: test1234abc'],
  ['password low entropy', 'password=aaaaaaabbbbbbb'],
  ['password from code', 'password = os.environ["DB_PASSWORD"]'],
  ['password attribute', 'password: this.password'],
  ['password file path', 'password_file=/run/secrets/db_password'],
  ['password type hint', 'password: Optional[str] = None'],
  ['secret resource name', 'secret: vault-db-creds'],
  ['secret key reference', 'secretKeyRef:\n  name: db'],
  ['api key from env', 'api_key = process.env.API_KEY'],
  ['api key placeholder', 'api_key: "xxx"'],
  ['token stars', 'token: ***'],
  ['token call', 'token = get_token(session)'],
  ['token constant name', 'token: GITHUB_TOKEN_VALUE'],
  ['bearer variable', 'Authorization: Bearer $TOKEN'],
  ['bearer doc', 'Authorization: Bearer <token>'],
  ['basic authentication prose', 'Use basic authentication over TLS only.'],
  ['empty', ''],
];

describe('secret pattern catalogue', () => {
  it('has at least 60 patterns with unique ids, lower-case keywords and no stateful flags', () => {
    expect(SECRET_PATTERNS.length).toBeGreaterThanOrEqual(60);
    const ids = SECRET_PATTERNS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of SECRET_PATTERNS) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const k of p.keywords) expect(k).toBe(k.toLowerCase());
      expect(p.regex.flags).not.toMatch(/[gyd]/);
    }
  });

  it('grades severity by kind: private keys HIGH (encrypted lower), generic below HIGH', () => {
    for (const p of SECRET_PATTERNS) {
      if (p.kind === 'private-key') expect(['HIGH', 'MEDIUM']).toContain(p.severity);
      if (p.kind === 'generic') expect(['MEDIUM', 'LOW']).toContain(p.severity);
    }
    const sev = (id: string) => SECRET_PATTERNS.find((p) => p.id === id)?.severity;
    expect(sev('private-key-rsa')).toBe('HIGH');
    expect(sev('private-key-encrypted')).toBe('MEDIUM');
    expect(sev('jwt')).toBe('MEDIUM');
    expect(sev('github-pat')).toBe('CRITICAL');
  });

  it('has a true positive for every pattern', () => {
    const covered = new Set(positives.map(([id]) => id));
    expect(SECRET_PATTERNS.map((p) => p.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(positives)('%s matches in %j', (id, text, secret, extras = []) => {
    const found = findSecrets(text);
    expect(found.filter((f) => f.pattern.id === id).map((f) => f.value)).toEqual([secret]);
    expect(found.map((f) => f.pattern.id).sort()).toEqual([id, ...extras].sort());
    const m = found.find((f) => f.pattern.id === id);
    expect(text.slice(m?.index ?? -1).startsWith(secret)).toBe(true);
    // The prefilter never hides a match.
    expect(mayContainSecret(text)).toBe(true);
  });

  it.each(negatives)('no match: %s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('finds several secrets in order, with 1-based line and column', () => {
    const text = `a=${S.npm}\n\n  b=${S.aws}\nc=${S.npm} d=${S.stripe}`;
    const found = findSecrets(text);
    expect(found.map((f) => [f.pattern.id, f.line, f.column])).toEqual([
      ['npm-access-token', 1, 3],
      ['aws-access-key-id', 3, 5],
      ['npm-access-token', 4, 3],
      ['stripe-live-key', 4, 46],
    ]);
  });

  it('reports a known format once, not again as a generic assignment', () => {
    const found = findSecrets(`GITHUB_TOKEN=${S.ghp}\napi_key: ${S.stripe}`);
    expect(found.map((f) => f.pattern.id)).toEqual(['github-pat', 'stripe-live-key']);
  });

  it('accepts a custom pattern list', () => {
    const only = SECRET_PATTERNS.filter((p) => p.id === 'stripe-live-key');
    expect(findSecrets(`${S.npm} ${S.stripe}`, only).map((f) => f.value)).toEqual([S.stripe]);
  });
});

describe('validators', () => {
  it('computes the zlib CRC-32 and the GitHub base62 checksum', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(prefixedTokenChecksum('')).toBe('000000');
    expect(prefixedTokenChecksum('a')).toMatch(/^[0-9A-Za-z]{6}$/);
  });
});

describe('shannonEntropy', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['ab', 1],
    ['abcd', 2],
    ['0123456789abcdef', 4],
  ])('%j has %d bits per character', (s, h) => {
    expect(shannonEntropy(s)).toBeCloseTo(h, 10);
  });
  it('ranks random tokens above words', () => {
    expect(shannonEntropy(rnd(B64, 40))).toBeGreaterThan(4.2);
    expect(shannonEntropy('passwordpassword')).toBeLessThan(3);
  });
});

describe('isPlaceholder', () => {
  it.each([
    'changeme',
    'example-token',
    'password',
    'secret',
    'xxx',
    '${VAR}',
    '$VAR',
    '{{ .Values.token }}',
    '<token>',
    '***',
    'dummy',
    'test',
    'null',
    'none',
    '',
    '"***"',
    '%(password)s',
  ])('%j is a placeholder', (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });
  it.each([S.password, S.token, 'Xk9#mP2vLq7'])('%j is not', (v) => {
    expect(isPlaceholder(v)).toBe(false);
  });
});

describe('redactSecret', () => {
  it('shows at most the first four characters', () => {
    expect(redactSecret(S.ghp)).toBe('ghp_****');
    for (const [, , secret] of positives) {
      const out = redactSecret(secret);
      const shown = out.replace(/\*+$/, '');
      expect(shown.length).toBeLessThanOrEqual(4);
      expect(secret.startsWith(shown)).toBe(true);
      // No 5-character window of the secret survives.
      for (let i = 0; i + 5 <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + 5));
    }
  });
  it('shows at most half of a short value', () => {
    expect(redactSecret('abc')).toBe('a****');
    expect(redactSecret('')).toBe('****');
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
