import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';

const ENV_TEMPLATES = new Set([
  'example',
  'sample',
  'template',
  'dist',
  'defaults',
  'default',
  'tmpl',
  'tpl',
]);

/**
 * What kind of credential a COPY/ADD source path names, or undefined. Judged on the path only:
 * names that are often public (`ca.pem`, `cert.pem`, `repo.gpg.key`, `known_hosts`) are left alone.
 */
export function sensitiveFileKind(path: string): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  const segments = p.split('/').filter((s) => s !== '' && s !== '.');
  const base = (segments.at(-1) ?? '').toLowerCase();
  const lower = segments.map((s) => s.toLowerCase());
  if (base === '') return undefined;

  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[._-].*)?$/.test(base) && !base.endsWith('.pub')) {
    return 'private SSH key';
  }
  const sshAt = lower.indexOf('.ssh');
  if (sshAt >= 0) {
    if (sshAt === lower.length - 1) return 'SSH directory';
    if (!/^(?:known_hosts|config|authorized_keys)$/.test(base) && !base.endsWith('.pub'))
      return 'file from an SSH directory';
  }
  if (base === '.env' || base === '.env*') return 'dotenv file';
  const envVariant = /^\.env\.(.+)$/.exec(base);
  if (envVariant?.[1] && !ENV_TEMPLATES.has(envVariant[1])) return 'dotenv file';

  const awsAt = lower.indexOf('.aws');
  if (awsAt === lower.length - 1 || (awsAt >= 0 && base === 'credentials')) return 'AWS credentials';
  if (base === 'credentials' || base === 'credential') return 'credentials file';
  if (base === '.npmrc') return 'npm config (.npmrc, holds registry tokens)';
  if (base === '.pypirc') return 'PyPI config (.pypirc)';
  if (base === '.netrc' || base === '_netrc') return 'netrc credentials';
  if (base === '.git-credentials') return 'git credentials';
  if (base === '.pgpass') return 'PostgreSQL password file';
  if (base === '.vault-token') return 'Vault token';
  if (base === 'config.json' && lower.at(-2) === '.docker') return 'Docker registry credentials';
  if (base === '.kube' || (base === 'config' && lower.at(-2) === '.kube') || base === 'kubeconfig')
    return 'kubeconfig';
  if (/(?:^|[._-])service[._-]?account.*\.json$/.test(base)) return 'cloud service-account key';
  if (/credentials?\.json$/.test(base) || /^client_secrets?.*\.json$/.test(base)) return 'credentials JSON';

  if (/\.(?:p12|pfx|pkcs12)$/.test(base)) return 'PKCS#12 key store';
  if (base.endsWith('.key')) {
    // Repository signing keys (`nodesource.gpg.key`, `Release.key`) are public keys.
    if (/gpg|pgp|pub|release|apt|repo|archive|keyring/.test(base)) return undefined;
    return 'private key';
  }
  if (base.endsWith('.pem')) {
    // Most .pem files are certificates and CA bundles; only names that say "key" are private keys.
    if (/pub/.test(base) || !/key|priv/.test(base)) return undefined;
    return 'private key';
  }
  return undefined;
}

function sources(instr: Instruction): string[] {
  const all = instr.json ?? instr.args;
  return all.slice(0, -1).filter((s) => !s.startsWith('<<') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s));
}

export const copySensitiveFile: DockerfileRule = {
  id: 'DF010',
  name: 'copy-sensitive-file',
  target: 'dockerfile',
  class: 'secret',
  title: 'Private key or credentials file copied into the image',
  severity: 'HIGH',
  description:
    'COPY or ADD puts a private key, cloud or registry credentials, a `.env` file or a token-bearing config (`.npmrc`, `.pypirc`, `.netrc`) into a layer. Layers are permanent: deleting the file in a later instruction does not remove it, and anyone who can pull the image extracts it with `docker save`. The credential then works for whoever holds the image.',
  remediation:
    'Keep the file out of the image: mount it only for the RUN that needs it (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`, `RUN --mount=type=ssh git clone ...`), provide runtime credentials from the orchestrator, and add the file to `.dockerignore`. Rotate any credential that was already built into an image.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/build/concepts/context/#dockerignore-files',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0010',
  ],
  mappings: {
    dockle: ['CIS-DI-0010'],
  },
  tags: ['secrets'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      // Copies between build stages move files that are already inside the build.
      if (instr.flags.some((f) => f.name === 'from')) continue;
      const found = sources(instr)
        .map((s) => ({ s, kind: sensitiveFileKind(s) }))
        .filter((x): x is { s: string; kind: string } => x.kind !== undefined);
      if (found.length === 0) continue;
      const list = found.map((f) => `${f.s} (${f.kind})`).join(', ');
      hits.push({
        startLine: instr.startLine,
        endLine: instr.endLine,
        message: `${instr.keyword} puts ${list} into an image layer, where anyone who pulls the image can extract it.`,
      });
    }
    return hits;
  },
};
