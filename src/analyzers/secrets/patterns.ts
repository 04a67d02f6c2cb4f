import type { Severity } from '../../core/severity.js';
import { shannonEntropy } from './entropy.js';
import { KeywordSet } from './keywords.js';
import {
  hasValidTokenChecksum,
  isBase64PrivateKey,
  isBasicCredential,
  isDiscordBotToken,
  isEncryptedOpenSshKey,
  isJwt,
  isLiteralSecretValue,
  isUnencryptedOpenSshKey,
  isUrlPassword,
} from './validators.js';

export { isPlaceholder, shannonEntropy } from './entropy.js';

/**
 * Catalogue of credential formats, shared by the Dockerfile rules and the image, history/ENV and
 * folder secret scanners. Entries favour precision over recall:
 *
 * - `token`: a vendor format recognisable by its structure (a prefix, a fixed alphabet and length, a
 *   checksum, an embedded JSON header), or a context-bound format (an AWS secret key next to an AWS
 *   keyword, a database URL with a literal password).
 * - `private-key`: private key material with its body, not a bare PEM header in a library's source.
 * - `generic`: `password = ...`-style assignments, kept only when the value is a literal with enough
 *   entropy and not a placeholder, reference or template.
 *
 * Documented placeholders are not secrets: AWS's own examples (`AKIAIOSFODNN7EXAMPLE`) appear in
 * countless READMEs and test fixtures. Test-mode keys (`sk_test_...`) are deliberately not matched.
 * Each entry names where its format comes from; no regex is copied from another tool.
 */
export type SecretKind = 'token' | 'private-key' | 'generic';

export interface SecretPattern {
  /** Stable kebab-case id (`github-pat`), used in fingerprints and suppressions. */
  id: string;
  /** Human name used in messages (`GitHub personal access token`). */
  title: string;
  kind: SecretKind;
  severity: Severity;
  /**
   * Matches the secret. The whole match is the secret unless the regex has a named group `secret`,
   * which then is (the rest is context: a keyword, a URL scheme). Must not use the `g`, `y` or `d` flag.
   */
  regex: RegExp;
  /**
   * Lower-case literal substrings of which at least one occurs in any text the pattern can match
   * (usually in the match itself). Text that contains none of them is skipped without running the
   * regex. Empty when no literal is selective enough: the regex itself then serves as the prefilter.
   */
  keywords: string[];
  /** Matches of `regex` that are known placeholders rather than real credentials. */
  allow?: RegExp[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  /** Structure check on the secret (`match` is the whole regex match); false drops the candidate. */
  validate?(value: string, match: string): boolean;
}

export interface SecretMatch {
  pattern: SecretPattern;
  /** The matched secret. Never print it: use `redactSecret`. */
  value: string;
  /** Offset of the secret in the scanned text. */
  index: number;
  /** 1-based line and column of `index`. */
  line: number;
  column: number;
}

// Token bodies must not continue into further token characters, or a longer random string that
// merely contains a prefix would match.
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';
const bounded = (src: string, flags = ''): RegExp => new RegExp(`${START}${src}${END}`, flags);

// `key = value` in env files, YAML, JSON, TOML, INI, shell and most languages: optional closing quote
// of the key, then `=`, `:`, `:=` or `=>`, then an optionally quoted value without spaces.
const ASSIGN = String.raw`["']?[ \t]*(?::=|=>|=|:)[ \t]*(?!=)`;
const VALUE = String.raw`(["'\x60]?)(?<secret>[^\s"'\x60;,]{1,256})\1`;
const generic = (key: string): RegExp => new RegExp(`${key}${ASSIGN}${VALUE}`, 'i');

// Separators between a PEM header and its body: real newlines, `\n` escapes (JSON, shell), quotes
// and `+` of string concatenation, YAML indentation.
const PEM_SEP = String.raw`(?:\\[nr]|[\s"'+,]){1,24}`;
const PEM_BODY = `${PEM_SEP}[A-Za-z0-9+/]{40}`;
const pem = (label: string): RegExp => new RegExp(`-----BEGIN ${label}-----${PEM_BODY}`);

// Obvious placeholders inside otherwise well-formed tokens: `ghp_xxxxxxxx...`, `...EXAMPLE`.
const GLOBAL_ALLOW = /x{6,}|X{6,}|\*{3}|EXAMPLE|\$\{|\{\{/;

// A database/broker URL with a literal password; the password is the secret.
const dbUrl = (schemes: string): RegExp =>
  new RegExp(
    String.raw`(?<![A-Za-z0-9+.-])(?:${schemes})://[^:@/\s"'\x60]{0,64}:(?<secret>[^@/\s"'\x60]{1,128})@[A-Za-z0-9_.\[-]`,
  );

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // ---- Cloud providers -------------------------------------------------------------------------
  {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])`),
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    allow: [/EXAMPLE$/],
  },
  {
    // 40 base64 characters with no prefix: only next to an AWS secret-key name, gated by entropy.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(
      String.raw`(?:aws[\w.-]{0,20}?(?:secret|private)[\w.-]{0,20}?|secret_?access_?key)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    keywords: ['aws', 'secretaccesskey', 'secret_access_key'],
    allow: [/EXAMPLEKEY$/],
    minEntropy: 4.2,
  },
  {
    // STS session tokens are protobuf blobs whose base64 starts with a fixed header.
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
    id: 'aws-session-token',
    title: 'AWS session token',
    kind: 'token',
    severity: 'HIGH',
    regex: new RegExp(`${START}(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{100,}={0,2}`),
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdz'],
  },
  {
    // A service-account key file: {"type": "service_account", ..., "private_key_id", "private_key"}.
    // https://cloud.google.com/iam/docs/keys-create-delete
    id: 'gcp-service-account-key',
    title: 'Google Cloud service account key (JSON)',
    kind: 'token',
    severity: 'CRITICAL',
    regex:
      /"type"\s*:\s*"service_account"[\s\S]{0,400}?"private_key_id"\s*:\s*"(?<secret>[0-9a-f]{40})"\s*,\s*"private_key"\s*:\s*"-----BEGIN/,
    keywords: ['service_account'],
  },
  {
    // https://cloud.google.com/docs/authentication/api-keys
    id: 'google-api-key',
    title: 'Google API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('AIza[A-Za-z0-9_-]{35}'),
    keywords: ['aiza'],
  },
  {
    // OAuth client secrets issued since 2021 start with GOCSPX-.
    // https://developers.google.com/identity/protocols/oauth2 (format as in gitleaks config/gitleaks.toml, gcp rules)
    id: 'google-oauth-client-secret',
    title: 'Google OAuth client secret',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('GOCSPX-[A-Za-z0-9_-]{28}'),
    keywords: ['gocspx-'],
  },
  {
    // Short-lived (one hour) OAuth access tokens.
    // https://developers.google.com/identity/protocols/oauth2
    id: 'google-oauth-access-token',
    title: 'Google OAuth access token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('ya29\\.[A-Za-z0-9_-]{50,}'),
    keywords: ['ya29.'],
  },
  {
    // 512-bit key, base64: 86 characters and `==`.
    // https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string
    id: 'azure-storage-account-key',
    title: 'Azure storage account key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: /(?:AccountKey=|--account-key[ =]["']?)(?<secret>[A-Za-z0-9+/]{86}==)/,
    keywords: ['accountkey=', '--account-key'],
  },
  {
    // Service Bus, Event Hubs and IoT Hub connection strings: a 256-bit key, base64.
    // https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas
    id: 'azure-shared-access-key',
    title: 'Azure shared access key (Service Bus, Event Hubs, IoT Hub)',
    kind: 'token',
    severity: 'CRITICAL',
    regex: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/,
    keywords: ['sharedaccesskey='],
  },
  {
    // A SAS URL: signed version (`sv=`) ... signature (`sig=`, URL-encoded base64 of an HMAC-SHA256).
    // https://learn.microsoft.com/en-us/rest/api/storageservices/create-service-sas
    id: 'azure-sas-token',
    title: 'Azure shared access signature',
    kind: 'token',
    severity: 'HIGH',
    regex: /\bsv=\d{4}-\d\d-\d\d&[^\s"'<>]{0,400}?\bsig=(?<secret>[A-Za-z0-9%+/]{40,100}(?:%3D|=))/,
    keywords: ['sig='],
  },
  {
    // Entra ID (Azure AD) client secrets: three characters, a digit, `Q~`, then 31-34 characters.
    // https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials (format as in gitleaks config/gitleaks.toml)
    id: 'azure-ad-client-secret',
    title: 'Microsoft Entra ID client secret',
    kind: 'token',
    severity: 'CRITICAL',
    regex: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    keywords: ['q~'],
    minEntropy: 3.5,
  },
  {
    // https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair
    id: 'alibaba-access-key-id',
    title: 'Alibaba Cloud AccessKey ID',
    kind: 'token',
    severity: 'HIGH',
    regex: new RegExp(`${START}LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])`),
    keywords: ['ltai'],
    minEntropy: 3,
  },
  {
    // https://docs.digitalocean.com/reference/api/create-personal-access-token/
    id: 'digitalocean-token',
    title: 'DigitalOcean token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('do[por]_v1_[a-f0-9]{64}'),
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
  },
  {
    // https://devcenter.heroku.com/articles/authentication (HRKU- prefixed keys, 2024)
    id: 'heroku-api-key',
    title: 'Heroku API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('HRKU-AA[A-Za-z0-9_-]{58}'),
    keywords: ['hrku-'],
  },

  // ---- Source hosting and CI ------------------------------------------------------------------
  {
    // 30 random base62 characters + a 6-character CRC-32 checksum.
    // https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    id: 'github-pat',
    title: 'GitHub personal access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('ghp_[A-Za-z0-9]{36}'),
    keywords: ['ghp_'],
    validate: hasValidTokenChecksum,
  },
  {
    // https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens
    id: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'),
    keywords: ['github_pat_'],
  },
  {
    // https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    id: 'github-oauth-token',
    title: 'GitHub OAuth access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('gho_[A-Za-z0-9]{36}'),
    keywords: ['gho_'],
    validate: hasValidTokenChecksum,
  },
  {
    // User-to-server and installation tokens: short-lived (8 h and 1 h).
    // https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    id: 'github-app-token',
    title: 'GitHub App token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('(?:ghu|ghs)_[A-Za-z0-9]{36}'),
    keywords: ['ghu_', 'ghs_'],
    validate: hasValidTokenChecksum,
  },
  {
    // https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    id: 'github-refresh-token',
    title: 'GitHub refresh token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('ghr_[A-Za-z0-9]{36}'),
    keywords: ['ghr_'],
    validate: hasValidTokenChecksum,
  },
  {
    // Personal, project and group access tokens; newer ones end in `.<version>.<checksum>`.
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-pat',
    title: 'GitLab personal access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}glpat-[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9]{2}\\.[A-Za-z0-9]{6,12})?${END}`),
    keywords: ['glpat-'],
    minEntropy: 3,
  },
  {
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-deploy-token',
    title: 'GitLab deploy token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('gldt-[A-Za-z0-9_-]{20,}'),
    keywords: ['gldt-'],
    minEntropy: 3,
  },
  {
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-runner-token',
    title: 'GitLab runner authentication token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('glrt-[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9]{2}\\.[A-Za-z0-9]{6,12})?'),
    keywords: ['glrt-'],
    minEntropy: 3,
  },
  {
    // Legacy runner registration tokens start with GR1348941.
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-runner-registration-token',
    title: 'GitLab runner registration token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('GR1348941[A-Za-z0-9_-]{20}'),
    keywords: ['gr1348941'],
  },
  {
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-pipeline-trigger-token',
    title: 'GitLab pipeline trigger token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('glptt-[a-f0-9]{40}'),
    keywords: ['glptt-'],
  },
  {
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-feed-token',
    title: 'GitLab feed token',
    kind: 'token',
    severity: 'MEDIUM',
    regex: bounded('glft-[A-Za-z0-9_-]{20,}'),
    keywords: ['glft-'],
    minEntropy: 3,
  },
  {
    // https://docs.gitlab.com/security/tokens/#token-prefixes
    id: 'gitlab-oauth-app-secret',
    title: 'GitLab OAuth application secret',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('gloas-[a-f0-9]{64}'),
    keywords: ['gloas-'],
  },
  {
    // API tokens since 2023: ATATT3 prefix, base64url body, `=` and 8 hex check characters.
    // https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/
    id: 'atlassian-api-token',
    title: 'Atlassian API token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('ATATT3[A-Za-z0-9_-]{150,250}=[A-F0-9]{8}'),
    keywords: ['atatt3'],
  },
  {
    // https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/
    id: 'sonarqube-token',
    title: 'SonarQube token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('sq[pua]_[a-f0-9]{40}'),
    keywords: ['sqp_', 'squ_', 'sqa_'],
  },
  {
    // https://learning.postman.com/docs/developer/postman-api/authentication/
    id: 'postman-api-key',
    title: 'Postman API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
    keywords: ['pmak-'],
  },

  // ---- Package registries and containers -------------------------------------------------------
  {
    // Same layout and checksum as GitHub tokens.
    // https://github.blog/2021-09-23-announcing-npms-new-access-token-format/
    id: 'npm-access-token',
    title: 'npm access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('npm_[A-Za-z0-9]{36}'),
    keywords: ['npm_'],
    validate: hasValidTokenChecksum,
  },
  {
    // The fixed part is the base64 macaroon header naming pypi.org or test.pypi.org.
    // https://pypi.org/help/#apitoken
    id: 'pypi-upload-token',
    title: 'PyPI upload token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}`),
    keywords: ['pypi-age'],
  },
  {
    // https://docs.docker.com/security/for-developers/access-tokens/
    id: 'dockerhub-pat',
    title: 'Docker Hub personal access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('dckr_pat_[A-Za-z0-9_-]{27,}'),
    keywords: ['dckr_pat_'],
    minEntropy: 3,
  },
  {
    // https://docs.docker.com/security/for-admins/access-tokens/
    id: 'dockerhub-org-token',
    title: 'Docker Hub organization access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('dckr_oat_[A-Za-z0-9_-]{27,}'),
    keywords: ['dckr_oat_'],
    minEntropy: 3,
  },
  {
    // `~/.docker/config.json`: "auths": {"registry": {"auth": base64("user:password")}}.
    // https://docs.docker.com/reference/cli/docker/login/#credential-stores
    id: 'docker-config-auth',
    title: 'registry credentials in a Docker config.json',
    kind: 'token',
    severity: 'HIGH',
    regex: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{8,}={0,2})"/,
    keywords: ['"auth"'],
    validate: isBasicCredential,
  },
  {
    // `.npmrc` legacy `_auth = base64(user:password)`.
    // https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration
    id: 'npmrc-auth',
    title: 'registry credentials in an .npmrc',
    kind: 'token',
    severity: 'HIGH',
    regex: /(?:^|:|\s)_auth[ \t]*=[ \t]*["']?(?<secret>[A-Za-z0-9+/]{8,}={0,2})/,
    keywords: ['_auth'],
    validate: isBasicCredential,
  },
  {
    // API keys of JFrog Artifactory start with AKCp.
    // https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key (format as in gitleaks config/gitleaks.toml)
    id: 'artifactory-api-key',
    title: 'JFrog Artifactory API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('AKCp[A-Za-z0-9]{69}'),
    keywords: ['akcp'],
  },

  // ---- Infrastructure tooling ------------------------------------------------------------------
  {
    // https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes
    id: 'vault-service-token',
    title: 'HashiCorp Vault service token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('hvs\\.[A-Za-z0-9_-]{24,}'),
    keywords: ['hvs.'],
    minEntropy: 3.5,
  },
  {
    // https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes
    id: 'vault-batch-token',
    title: 'HashiCorp Vault batch token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('hvb\\.[A-Za-z0-9_-]{24,}'),
    keywords: ['hvb.'],
    minEntropy: 3.5,
  },
  {
    // `<14 chars>.atlasv1.<60-70 chars>`.
    // https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens
    id: 'terraform-cloud-token',
    title: 'HCP Terraform (Terraform Cloud) API token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'),
    keywords: ['atlasv1'],
  },
  {
    // https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/
    id: 'pulumi-access-token',
    title: 'Pulumi access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('pul-[a-f0-9]{40}'),
    keywords: ['pul-'],
  },
  {
    // Personal, service, service account, CLI, SCIM and audit tokens.
    // https://docs.doppler.com/docs/token-formats
    id: 'doppler-token',
    title: 'Doppler token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{2,35}\\.)?[A-Za-z0-9]{40,44}'),
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
  },
  {
    // https://tailscale.com/kb/1085/auth-keys
    id: 'tailscale-key',
    title: 'Tailscale auth or API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}'),
    keywords: ['tskey-'],
  },
  {
    // https://docs.databricks.com/en/dev-tools/auth/pat.html
    id: 'databricks-token',
    title: 'Databricks personal access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('dapi[a-f0-9]{32}(?:-\\d)?'),
    keywords: ['dapi'],
  },
  {
    // https://planetscale.com/docs/concepts/service-tokens
    id: 'planetscale-token',
    title: 'PlanetScale token or password',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}'),
    keywords: ['pscale_'],
    minEntropy: 3,
  },

  // ---- Observability -------------------------------------------------------------------------
  {
    // Legacy API keys are base64 JSON starting {"k":" (eyJrIjoi).
    // https://grafana.com/docs/grafana/latest/developers/http_api/auth/
    id: 'grafana-api-key',
    title: 'Grafana API key',
    kind: 'token',
    severity: 'HIGH',
    regex: new RegExp(`${START}eyJrIjoi[A-Za-z0-9]{60,400}={0,2}(?![A-Za-z0-9=])`),
    keywords: ['eyjrijoi'],
  },
  {
    // https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/
    id: 'grafana-cloud-token',
    title: 'Grafana Cloud access policy token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])`),
    keywords: ['glc_'],
  },
  {
    // https://grafana.com/docs/grafana/latest/administration/service-accounts/
    id: 'grafana-service-account-token',
    title: 'Grafana service account token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
    keywords: ['glsa_'],
  },
  {
    // https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/
    id: 'newrelic-user-api-key',
    title: 'New Relic user API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('NRAK-[A-Z0-9]{27}'),
    keywords: ['nrak-'],
  },
  {
    // https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/
    id: 'newrelic-insert-key',
    title: 'New Relic insert key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('NRII-[A-Za-z0-9_-]{32}'),
    keywords: ['nrii-'],
  },
  {
    // License (ingest) keys: 36 hex characters ending in NRAL.
    // https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key
    id: 'newrelic-license-key',
    title: 'New Relic license key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('[a-f0-9]{36}NRAL'),
    keywords: ['nral'],
  },
  {
    // Legacy DSNs carry a secret key after the public key: https://<public>:<secret>@host/<project>.
    // https://docs.sentry.io/concepts/key-terms/dsn-explainer/
    id: 'sentry-dsn-secret',
    title: 'Sentry DSN with a secret key',
    kind: 'token',
    severity: 'HIGH',
    regex: /https?:\/\/[0-9a-f]{32}:(?<secret>[0-9a-f]{32})@[A-Za-z0-9.-]+(?::\d+)?\/(?:[\w-]+\/)*\d+/,
    keywords: ['://'],
  },
  {
    // https://docs.sentry.io/account/auth-tokens/
    id: 'sentry-org-token',
    title: 'Sentry organization auth token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('sntrys_eyJ[A-Za-z0-9_+/=-]{60,}'),
    keywords: ['sntrys_'],
  },
  {
    // https://docs.sentry.io/account/auth-tokens/
    id: 'sentry-user-token',
    title: 'Sentry user auth token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('sntryu_[a-f0-9]{64}'),
    keywords: ['sntryu_'],
  },
  {
    // https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens
    id: 'dynatrace-token',
    title: 'Dynatrace API token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
    keywords: ['dt0c01.'],
  },

  // ---- Messaging, payments, SaaS APIs ----------------------------------------------------------
  {
    // Slack tokens start with the numeric workspace id after the type prefix.
    // https://api.slack.com/concepts/token-types
    id: 'slack-token',
    title: 'Slack token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}xox[baprs]-[0-9]{6,}-[A-Za-z0-9-]{8,}`),
    keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'],
  },
  {
    // https://api.slack.com/concepts/token-types#app-level
    id: 'slack-app-token',
    title: 'Slack app-level token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]{32,}'),
    keywords: ['xapp-'],
  },
  {
    // Configuration access and refresh tokens.
    // https://api.slack.com/authentication/config-tokens
    id: 'slack-config-token',
    title: 'Slack configuration token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{140,}'),
    keywords: ['xoxe'],
  },
  {
    // https://api.slack.com/messaging/webhooks
    id: 'slack-webhook-url',
    title: 'Slack incoming webhook URL',
    kind: 'token',
    severity: 'HIGH',
    regex: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/,
    keywords: ['hooks.slack.com'],
  },
  {
    // The first segment is the base64 of the bot's numeric id (checked), then a timestamp and an HMAC.
    // https://discord.com/developers/docs/reference#authentication
    id: 'discord-bot-token',
    title: 'Discord bot token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}'),
    keywords: ['discord'],
    validate: isDiscordBotToken,
  },
  {
    // https://discord.com/developers/docs/resources/webhook#execute-webhook
    id: 'discord-webhook-url',
    title: 'Discord webhook URL',
    kind: 'token',
    severity: 'HIGH',
    regex:
      /https:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,70}/,
    keywords: ['discord'],
  },
  {
    // `<bot id>:<35-character secret>`, used in https://api.telegram.org/bot<token>/.
    // https://core.telegram.org/bots/api#authorizing-your-bot
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`(?<![0-9:])\\d{8,12}:A[A-Za-z0-9_-]{34}${END}`),
    keywords: ['telegram'],
    minEntropy: 3.5,
  },
  {
    // https://docs.stripe.com/keys
    id: 'stripe-live-key',
    title: 'Stripe live secret key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('(?:sk|rk)_live_[A-Za-z0-9]{24,}'),
    keywords: ['sk_live_', 'rk_live_'],
  },
  {
    // https://developer.squareup.com/docs/build-basics/access-tokens
    id: 'square-access-token',
    title: 'Square access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('sq0atp-[A-Za-z0-9_-]{22}'),
    keywords: ['sq0atp-'],
  },
  {
    // https://developer.squareup.com/docs/oauth-api/overview
    id: 'square-oauth-secret',
    title: 'Square OAuth application secret',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('sq0csp-[A-Za-z0-9_-]{43}'),
    keywords: ['sq0csp-'],
  },
  {
    // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens
    id: 'shopify-token',
    title: 'Shopify access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  },
  {
    // API key SIDs: SK + 32 hex.
    // https://www.twilio.com/docs/iam/api-keys
    id: 'twilio-api-key',
    title: 'Twilio API key',
    kind: 'token',
    severity: 'HIGH',
    regex: /(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/,
    // "sk" is in too many words (task, disk) to prefilter on: the prefilter uses the regex itself.
    keywords: [],
  },
  {
    // SG.<22>.<43>
    // https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys
    id: 'sendgrid-api-key',
    title: 'SendGrid API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
    keywords: ['sg.'],
  },
  {
    // Private API keys: key- + 32 hex.
    // https://documentation.mailgun.com/docs/mailgun/api-reference/authentication/
    id: 'mailgun-api-key',
    title: 'Mailgun private API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('key-[a-f0-9]{32}'),
    keywords: ['key-'],
    minEntropy: 3,
  },
  {
    // 32 hex + the data-center suffix (-us6).
    // https://mailchimp.com/developer/marketing/guides/quick-start/#make-your-first-api-call
    id: 'mailchimp-api-key',
    title: 'Mailchimp API key',
    kind: 'token',
    severity: 'HIGH',
    // Starts with the literal `-us` and looks back for the key: a leading hex class (or a leading
    // lookbehind) would be tried at every offset, 20 times slower. The secret is the 32-hex key.
    regex: new RegExp(`-us[0-9]{1,2}${END}(?<=${START}(?<secret>[a-f0-9]{32})-us[0-9]{1,2})`),
    keywords: ['-us'],
    minEntropy: 3,
  },
  {
    // https://developers.brevo.com/docs/getting-started
    id: 'brevo-api-key',
    title: 'Brevo (Sendinblue) API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
    keywords: ['xkeysib-'],
  },
  {
    // https://linear.app/developers/graphql#personal-api-keys
    id: 'linear-api-key',
    title: 'Linear API key',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('lin_api_[A-Za-z0-9]{40}'),
    keywords: ['lin_api_'],
  },
  {
    // Okta API tokens (00 + 40 characters) have no vendor prefix: only next to an Okta keyword.
    // https://developer.okta.com/docs/guides/create-an-api-token/main/
    id: 'okta-api-token',
    title: 'Okta API token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(
      String.raw`okta[\w.-]{0,30}?(?:token|key|secret)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?(?<secret>00[A-Za-z0-9_-]{40})${END}`,
      'i',
    ),
    keywords: ['okta'],
    minEntropy: 3.5,
  },

  // ---- AI platforms ----------------------------------------------------------------------------
  {
    // Every OpenAI key embeds the base64 of "OpenAI" (T3BlbkFJ) in the middle.
    // https://platform.openai.com/docs/api-reference/authentication
    id: 'openai-api-key',
    title: 'OpenAI API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}`),
    keywords: ['t3blbkfj'],
  },
  {
    // https://docs.anthropic.com/en/api/getting-started#authentication
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    kind: 'token',
    severity: 'CRITICAL',
    regex: new RegExp(`${START}sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}`),
    keywords: ['sk-ant-'],
  },
  {
    // https://huggingface.co/docs/hub/security-tokens
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    kind: 'token',
    severity: 'CRITICAL',
    regex: bounded('hf_[A-Za-z]{34}'),
    keywords: ['hf_'],
  },
  {
    // Legacy organization API tokens.
    // https://huggingface.co/docs/hub/security-tokens
    id: 'huggingface-org-token',
    title: 'Hugging Face organization API token',
    kind: 'token',
    severity: 'HIGH',
    regex: bounded('api_org_[A-Za-z]{34}'),
    keywords: ['api_org_'],
  },

  // ---- JSON Web Tokens -------------------------------------------------------------------------
  {
    // Three base64url segments, header and payload JSON objects (eyJ = `{"`); the header must parse
    // and name its algorithm. Lower severity: JWTs usually expire and may be test fixtures.
    // https://datatracker.ietf.org/doc/html/rfc7519#section-3
    id: 'jwt',
    title: 'JSON Web Token',
    kind: 'token',
    severity: 'MEDIUM',
    regex: bounded('eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,}'),
    keywords: ['eyj'],
    validate: isJwt,
  },

  // ---- Database and broker URLs ----------------------------------------------------------------
  {
    // https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS
    id: 'postgres-url-password',
    title: 'PostgreSQL URL with a password',
    kind: 'token',
    severity: 'HIGH',
    regex: dbUrl('postgres(?:ql)?|postgis|jdbc:postgresql'),
    keywords: ['postgres', 'postgis'],
    validate: isUrlPassword,
  },
  {
    // https://dev.mysql.com/doc/refman/8.0/en/connecting-using-uri-or-key-value-pairs.html
    id: 'mysql-url-password',
    title: 'MySQL/MariaDB URL with a password',
    kind: 'token',
    severity: 'HIGH',
    regex: dbUrl('mysql(?:x|2)?|mariadb|jdbc:mysql|jdbc:mariadb'),
    keywords: ['mysql', 'mariadb'],
    validate: isUrlPassword,
  },
  {
    // https://www.mongodb.com/docs/manual/reference/connection-string/
    id: 'mongodb-url-password',
    title: 'MongoDB URL with a password',
    kind: 'token',
    severity: 'HIGH',
    regex: dbUrl('mongodb(?:\\+srv)?'),
    keywords: ['mongodb'],
    validate: isUrlPassword,
  },
  {
    // https://www.iana.org/assignments/uri-schemes/prov/redis
    id: 'redis-url-password',
    title: 'Redis URL with a password',
    kind: 'token',
    severity: 'HIGH',
    regex: dbUrl('rediss?'),
    keywords: ['redis'],
    validate: isUrlPassword,
  },
  {
    // https://www.rabbitmq.com/docs/uri-spec
    id: 'amqp-url-password',
    title: 'AMQP (RabbitMQ) URL with a password',
    kind: 'token',
    severity: 'HIGH',
    regex: dbUrl('amqps?'),
    keywords: ['amqp'],
    validate: isUrlPassword,
  },

  // ---- Private keys ----------------------------------------------------------------------------
  // A header alone (a constant in a TLS library) is not a key: each pattern needs 40 body characters.
  {
    // PKCS#1. https://datatracker.ietf.org/doc/html/rfc8017#appendix-A.1.2
    id: 'private-key-rsa',
    title: 'RSA private key (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: pem('RSA PRIVATE KEY'),
    keywords: ['begin rsa private key'],
  },
  {
    // SEC 1. https://datatracker.ietf.org/doc/html/rfc5915
    id: 'private-key-ec',
    title: 'EC private key (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: pem('EC PRIVATE KEY'),
    keywords: ['begin ec private key'],
  },
  {
    // OpenSSL's traditional DSA format. https://www.openssl.org/docs/man3.0/man1/openssl-dsa.html
    id: 'private-key-dsa',
    title: 'DSA private key (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: pem('DSA PRIVATE KEY'),
    keywords: ['begin dsa private key'],
  },
  {
    // Unencrypted PKCS#8. https://datatracker.ietf.org/doc/html/rfc7468#section-10
    id: 'private-key-pkcs8',
    title: 'PKCS#8 private key (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: pem('PRIVATE KEY'),
    keywords: ['begin private key'],
  },
  {
    // openssh-key-v1 with cipher "none". https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key
    id: 'private-key-openssh',
    title: 'OpenSSH private key (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: pem('OPENSSH PRIVATE KEY'),
    keywords: ['begin openssh private key'],
    validate: (_v, match) => !isEncryptedOpenSshKey(match),
  },
  {
    // openssh-key-v1 with a cipher: still worth reporting (offline brute force), but lower.
    // https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key
    id: 'private-key-openssh-encrypted',
    title: 'encrypted OpenSSH private key (PEM)',
    kind: 'private-key',
    severity: 'MEDIUM',
    regex: pem('OPENSSH PRIVATE KEY'),
    keywords: ['begin openssh private key'],
    validate: (_v, match) => isEncryptedOpenSshKey(match) && !isUnencryptedOpenSshKey(match),
  },
  {
    // Encrypted PKCS#8 (RFC 5958) and OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` PEM.
    // https://datatracker.ietf.org/doc/html/rfc7468#section-11 and https://datatracker.ietf.org/doc/html/rfc1421
    id: 'private-key-encrypted',
    title: 'encrypted private key (PEM)',
    kind: 'private-key',
    severity: 'MEDIUM',
    regex: new RegExp(
      `-----BEGIN (?:ENCRYPTED PRIVATE KEY-----${PEM_BODY}|(?:RSA|EC|DSA) PRIVATE KEY-----${PEM_SEP}Proc-Type: 4,ENCRYPTED)`,
    ),
    keywords: ['begin encrypted private key', 'proc-type: 4,encrypted'],
  },
  {
    // OpenPGP transferable secret key, ASCII armor (optional armor headers before the body).
    // https://datatracker.ietf.org/doc/html/rfc4880#section-6.2
    id: 'private-key-pgp',
    title: 'PGP private key block (PEM)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: new RegExp(
      String.raw`-----BEGIN PGP PRIVATE KEY BLOCK-----(?:${PEM_SEP}[A-Za-z][A-Za-z-]*: [^\n\\]{0,200}){0,5}${PEM_BODY}`,
    ),
    keywords: ['begin pgp private key block'],
  },
  {
    // PuTTY .ppk files with `Encryption: none`.
    // https://the.earth.li/~sgtatham/putty/0.81/htmldoc/AppendixC.html
    id: 'private-key-putty',
    title: 'PuTTY private key',
    kind: 'private-key',
    severity: 'HIGH',
    regex: /PuTTY-User-Key-File-[23]: [a-z0-9-]+(?:\r?\n|\\r?\\n)Encryption: none/,
    keywords: ['putty-user-key-file-'],
  },
  {
    // Bech32, HRP AGE-SECRET-KEY-. https://age-encryption.org/v1
    id: 'age-secret-key',
    title: 'age secret key',
    kind: 'private-key',
    severity: 'HIGH',
    regex: /(?<![A-Za-z0-9])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/,
    keywords: ['age-secret-key-1'],
  },
  {
    // kubeconfig `client-key-data`: a base64 PEM private key (checked by decoding its header).
    // https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
    id: 'kubeconfig-client-key',
    title: 'private key in a kubeconfig (client-key-data)',
    kind: 'private-key',
    severity: 'HIGH',
    regex: /client-key-data["']?\s*:\s*["']?(?<secret>LS0tLS1CRUdJT[A-Za-z0-9+/]{60,}={0,2})/,
    keywords: ['client-key-data'],
    validate: isBase64PrivateKey,
  },

  // ---- Generic assignments ---------------------------------------------------------------------
  // Only literal values with enough entropy; placeholders, references, templates and code dropped.
  // The key must end right before the operator: `password_file=` or `secret_name:` do not count.
  {
    id: 'generic-password',
    title: 'password assignment',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: generic('(?:passw(?:or)?d|passphrase)'),
    keywords: ['passw', 'passphrase'],
    minEntropy: 3,
    validate: (v) => v.length >= 8 && isLiteralSecretValue(v),
  },
  {
    id: 'generic-secret',
    title: 'secret assignment',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: generic('secret(?:[_.-]?key)?'),
    keywords: ['secret'],
    minEntropy: 3.3,
    validate: (v) => v.length >= 10 && isLiteralSecretValue(v),
  },
  {
    id: 'generic-api-key',
    title: 'API key assignment',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: generic('api[_.-]?key'),
    keywords: ['api_key', 'apikey', 'api-key', 'api.key'],
    minEntropy: 3.5,
    validate: (v) => v.length >= 16 && isLiteralSecretValue(v),
  },
  {
    id: 'generic-token',
    title: 'token assignment',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: generic('token'),
    keywords: ['token'],
    minEntropy: 3.5,
    validate: (v) => v.length >= 16 && isLiteralSecretValue(v),
  },
  {
    // https://datatracker.ietf.org/doc/html/rfc6750#section-2.1
    id: 'generic-bearer-token',
    title: 'HTTP bearer token',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: /\bbearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])/i,
    keywords: ['bearer'],
    minEntropy: 3.5,
    validate: (v) => isLiteralSecretValue(v),
  },
  {
    // https://datatracker.ietf.org/doc/html/rfc7617#section-2
    id: 'generic-basic-auth',
    title: 'HTTP basic authentication credentials',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: /\bbasic[ \t]+(?<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/i,
    keywords: ['basic'],
    validate: isBasicCredential,
  },
  {
    // https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1
    id: 'url-credentials',
    title: 'URL with embedded credentials',
    kind: 'generic',
    severity: 'MEDIUM',
    regex: dbUrl('https?|ftps?|sftp|git|ssh|svn|smtps?|ldaps?'),
    keywords: ['://'],
    minEntropy: 3,
    validate: (v, m) => v.length >= 8 && isUrlPassword(v, m) && isLiteralSecretValue(v),
  },
];

// ---- Engine --------------------------------------------------------------------------------------

interface Plan {
  keywords: KeywordSet;
  /** Patterns by keyword id. */
  byKeyword: SecretPattern[][];
  /** Patterns without keywords: their own regex is the prefilter. */
  unkeyed: SecretPattern[];
}

const plans = new WeakMap<readonly SecretPattern[], Plan>();

function planFor(patterns: readonly SecretPattern[]): Plan {
  let plan = plans.get(patterns);
  if (!plan) {
    const ids = new Map<string, number>();
    const byKeyword: SecretPattern[][] = [];
    const unkeyed: SecretPattern[] = [];
    for (const p of patterns) {
      if (p.keywords.length === 0) unkeyed.push(p);
      for (const k of p.keywords) {
        let id = ids.get(k);
        if (id === undefined) {
          id = ids.size;
          ids.set(k, id);
          byKeyword.push([]);
        }
        byKeyword[id]?.push(p);
      }
    }
    plan = { keywords: new KeywordSet([...ids.keys()]), byKeyword, unkeyed };
    plans.set(patterns, plan);
  }
  return plan;
}

/**
 * The cheap prefilter: true when `text` holds a keyword of any known format (one case-insensitive
 * pass for all keywords), or matches a pattern that has none.
 */
export function mayContainSecret(
  text: string,
  patterns: readonly SecretPattern[] = SECRET_PATTERNS,
): boolean {
  const plan = planFor(patterns);
  return plan.keywords.test(text) || plan.unkeyed.some((p) => p.regex.test(text));
}

// The patterns whose keywords occur in `text`, plus those without keywords.
function activePatterns(text: string, plan: Plan): Set<SecretPattern> {
  const active = new Set<SecretPattern>(plan.unkeyed);
  for (const id of plan.keywords.found(text)) for (const p of plan.byKeyword[id] ?? []) active.add(p);
  return active;
}

interface Compiled {
  re: RegExp;
  grouped: boolean;
}

const compiled = new WeakMap<SecretPattern, Compiled>();

function compile(p: SecretPattern): Compiled {
  let c = compiled.get(p);
  if (!c) {
    const grouped = p.regex.source.includes('(?<secret>');
    // `d` (match indices) only where a group must be located: it costs on every match.
    c = { re: new RegExp(p.regex.source, `${p.regex.flags}g${grouped ? 'd' : ''}`), grouped };
    compiled.set(p, c);
  }
  return c;
}

function accepted(p: SecretPattern, value: string, match: string): boolean {
  if (GLOBAL_ALLOW.test(value)) return false;
  if (p.allow?.some((a) => a.test(value))) return false;
  if (p.minEntropy !== undefined && shannonEntropy(value) < p.minEntropy) return false;
  return p.validate ? p.validate(value, match) : true;
}

type Candidate = Omit<SecretMatch, 'line' | 'column'>;

/** Every secret in `text`, in order of appearance, with 1-based line and column. */
export function findSecrets(
  text: string,
  patterns: readonly SecretPattern[] = SECRET_PATTERNS,
): SecretMatch[] {
  if (text.length === 0) return [];
  const active = activePatterns(text, planFor(patterns));
  if (active.size === 0) return [];
  const found: Candidate[] = [];
  // Catalogue order, so that results do not depend on which keyword was seen first.
  for (const pattern of patterns) {
    if (!active.has(pattern)) continue;
    const { re, grouped } = compile(pattern);
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      let value = m[0];
      let index = m.index;
      if (grouped) {
        const span = m.indices?.groups?.secret;
        if (!span) continue;
        [index] = span;
        value = text.slice(span[0], span[1]);
      }
      if (accepted(pattern, value, m[0])) found.push({ pattern, value, index });
    }
  }
  return locate(
    dropShadowedGeneric(found).sort((a, b) => a.index - b.index),
    text,
  );
}

// A generic assignment whose value is (or overlaps) a known-format secret adds nothing: keep the
// specific one, which has the better title and severity.
function dropShadowedGeneric(found: Candidate[]): Candidate[] {
  const specific = found.filter((f) => f.pattern.kind !== 'generic');
  if (specific.length === 0 || specific.length === found.length) return found;
  return found.filter(
    (f) =>
      f.pattern.kind !== 'generic' ||
      !specific.some((s) => s.index < f.index + f.value.length && f.index < s.index + s.value.length),
  );
}

// Line and column for sorted matches, counting newlines once across the whole text.
function locate(sorted: Candidate[], text: string): SecretMatch[] {
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  return sorted.map((c) => {
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < c.index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    pos = Math.max(pos, c.index);
    return { ...c, line, column: c.index - lineStart + 1 };
  });
}

/** Shows only enough of a secret to recognise it: at most its first four characters. */
export function redactSecret(value: string): string {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 2)))}****`;
}

/** `text` with every secret in it redacted: for echoing history lines and commands safely. */
export function redactSecretsIn(text: string): string {
  if (!mayContainSecret(text)) return text;
  const found = findSecrets(text);
  let out = '';
  let pos = 0;
  for (const m of found) {
    if (m.index < pos) continue;
    out += text.slice(pos, m.index) + redactSecret(m.value);
    pos = m.index + m.value.length;
  }
  return out + text.slice(pos);
}
