import type { Severity } from '../../../core/severity.js';

/** A file whose mere presence in an image exposes credentials or a user's activity. */
export interface SensitiveKind {
  what: string;
  severity: Severity;
}

interface Entry extends SensitiveKind {
  re: RegExp;
}

const HOME = '(?:^|/)';

// By name only: contents are checked separately by the secret patterns (IMG011).
const KINDS: Entry[] = [
  {
    re: new RegExp(`${HOME}\\.ssh/id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$`),
    what: 'SSH private key',
    severity: 'HIGH',
  },
  { re: /\.(?:p12|pfx|jks|keystore)$/i, what: 'key store (private keys)', severity: 'HIGH' },
  { re: /(?:^|\/)[^/]+\.key$/, what: 'private key file', severity: 'HIGH' },
  { re: new RegExp(`${HOME}\\.aws/credentials$`), what: 'AWS credentials file', severity: 'HIGH' },
  {
    re: new RegExp(
      `${HOME}\\.config/gcloud/(?:credentials\\.db|access_tokens\\.db|application_default_credentials\\.json|legacy_credentials/)`,
    ),
    what: 'Google Cloud credentials',
    severity: 'HIGH',
  },
  {
    re: new RegExp(
      `${HOME}\\.azure/(?:accessTokens\\.json|msal_token_cache\\.(?:json|bin)|service_principal_entries\\.json)$`,
    ),
    what: 'Azure CLI credentials',
    severity: 'HIGH',
  },
  { re: new RegExp(`${HOME}\\.kube/config$`), what: 'Kubernetes client config', severity: 'HIGH' },
  { re: new RegExp(`${HOME}\\.git-credentials$`), what: 'git credential store', severity: 'HIGH' },
  { re: new RegExp(`${HOME}\\.netrc$`), what: '.netrc login file', severity: 'HIGH' },
  { re: new RegExp(`${HOME}\\.pgpass$`), what: 'PostgreSQL password file', severity: 'HIGH' },
  { re: new RegExp(`${HOME}\\.vault-token$`), what: 'Vault token file', severity: 'HIGH' },
  {
    re: new RegExp(`${HOME}(?:\\.terraform\\.d/credentials\\.tfrc\\.json|\\.terraformrc)$`),
    what: 'Terraform credentials',
    severity: 'HIGH',
  },
  { re: new RegExp(`${HOME}(?:\\.s3cfg|\\.boto)$`), what: 'S3 client credentials', severity: 'HIGH' },
  {
    re: new RegExp(`${HOME}\\.env(?:\\.(?!example$|sample$|template$|dist$|defaults?$)[\\w.-]+)?$`),
    what: '.env file (application secrets)',
    severity: 'MEDIUM',
  },
  {
    re: new RegExp(`${HOME}\\.(?:bash|zsh|ash|sh|python|node_repl|mysql|psql|sqlite|rediscli)_history$`),
    what: 'shell history',
    severity: 'MEDIUM',
  },
];

// Sample keys and env files shipped inside third-party packages are fixtures, not credentials.
const VENDORED =
  /(?:^|\/)(?:node_modules|site-packages|dist-packages|vendor|gems|go\/pkg\/mod)\/|^usr\/share\/(?:doc|ca-certificates)\//;

// Every kind above names a dot file or dot folder, or a key-store extension: a cheap test that
// rules out nearly every path of an image before the patterns run.
const CANDIDATE = /(?:^|\/)\.|\.(?:key|p12|pfx|jks|keystore)$/i;

/** What makes this path sensitive, or undefined. Empty files hold nothing. */
export function sensitiveKind(path: string, size: number): SensitiveKind | undefined {
  if (size === 0 || !CANDIDATE.test(path) || VENDORED.test(path)) return undefined;
  const k = KINDS.find((e) => e.re.test(path));
  return k ? { what: k.what, severity: k.severity } : undefined;
}
