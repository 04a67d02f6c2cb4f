import { createHash } from 'node:crypto';
import type { Severity } from '../../core/severity.js';
import type { FileAnalyzer } from '../types.js';
import { findSecrets, mayContainSecret, redactSecret, type SecretKind } from './patterns.js';

/** One secret found in a file. Holds no raw secret: only a redacted prefix and a hash. */
export interface FileSecret {
  path: string;
  line: number;
  column: number;
  patternId: string;
  title: string;
  kind: SecretKind;
  severity: Severity;
  redacted: string;
  /** sha256 of the secret: tells two findings of one credential apart without storing it. */
  hash: string;
}

/** Text files larger than this are skipped: credentials live in small config and source files. */
export const MAX_SECRET_FILE_BYTES = 2 * 1024 * 1024;

// Formats that cannot hold a readable credential (compressed, media, compiled objects).
const BINARY_EXT =
  /\.(?:a|o|so(?:\.\d+)*|ko|dll|exe|bin|class|jar|war|ear|whl|egg|pyc|pyo|mo|gmo|gz|tgz|xz|txz|bz2|zst|zip|7z|rar|deb|rpm|apk|png|jpe?g|gif|bmp|ico|webp|tiff?|svgz|mp[34]|ogg|wav|flac|ttf|otf|woff2?|eot|pdf|wasm|node|db|sqlite3?|pack|idx)$/i;

// Folders of data shipped by distributions that hold no credentials and many files: manuals,
// translations, time zones, locales, terminfo, the package manager's own records.
const SKIP_DIRS =
  /^(?:usr\/share\/(?:man|info|locale|i18n|zoneinfo|terminfo|mime|icons|fonts|X11|doc|common-licenses|perl5?\/[^/]+\/unicore)|usr\/lib\/locale|var\/lib\/dpkg\/info|var\/cache\/debconf|proc|sys|dev)\//;

// Test suites, fixtures and examples vendored inside third-party packages carry sample keys on
// purpose (every TLS library has a fixture private key); Trivy and Gitleaks allow-list them too.
const THIRD_PARTY_FIXTURES =
  /(?:^|\/)(?:node_modules|site-packages|dist-packages|vendor|gems|go\/pkg\/mod)\/(?:.*\/)?(?:tests?|testdata|testing|__tests__|fixtures?|examples?|spec|docs?)\//;

// Standard libraries of language runtimes, as distributions and official images install them. Their
// docs and tests carry sample credentials (CPython's urllib docstring passes `passwd='geheim$parole'`,
// Go's crypto/tls testdata holds private keys) in every image built on them; the credentials a
// user leaks live in their own folders (/app, /srv, /home, /root, /etc, /opt). pip- and
// npm-installed packages (`site-packages`, `node_modules`) are still read, minus their fixtures.
const RUNTIME_LIBS =
  /^(?:usr\/(?:local\/)?lib\/python[23](?:\.\d+)?\/(?!site-packages\/|dist-packages\/)|usr\/lib\/python3\/dist-packages\/|usr\/(?:local\/)?lib\/ruby\/\d[^/]*\/|usr\/share\/perl5?\/|usr\/(?:local\/)?lib\/(?:x86_64-linux-gnu\/|aarch64-linux-gnu\/)?perl5?\/|usr\/local\/go\/|usr\/lib\/go-[\d.]+\/|usr\/lib\/jvm\/|opt\/java\/openjdk\/|usr\/share\/nodejs\/|usr\/(?:local\/)?lib\/node_modules\/(?:npm|corepack)\/)/;

const NUL_SCAN_BYTES = 8000;

/** A file is treated as binary, as git does, when its first 8,000 bytes hold a NUL. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, NUL_SCAN_BYTES).includes(0);
}

export function claimsForSecrets(path: string, size: number): boolean {
  return (
    size > 0 &&
    size <= MAX_SECRET_FILE_BYTES &&
    !BINARY_EXT.test(path) &&
    !SKIP_DIRS.test(path) &&
    !RUNTIME_LIBS.test(path) &&
    !THIRD_PARTY_FIXTURES.test(path)
  );
}

/** Secrets in text files (every target: image layers, folders, root filesystems). */
export const secretFileAnalyzer: FileAnalyzer<FileSecret> = {
  name: 'secrets',
  version: 2,
  claims: (path, _mode, size) => claimsForSecrets(path, size),
  analyze(path, bytes) {
    if (looksBinary(bytes)) return [];
    // latin1 keeps one byte per character and never fails; credentials are ASCII.
    const text = bytes.toString('latin1');
    if (!mayContainSecret(text)) return [];
    return findSecrets(text).map((m) => ({
      path,
      line: m.line,
      column: m.column,
      patternId: m.pattern.id,
      title: m.pattern.title,
      kind: m.pattern.kind,
      severity: m.pattern.severity,
      redacted: redactSecret(m.value),
      hash: createHash('sha256').update(m.value).digest('hex').slice(0, 32),
    }));
  },
};
