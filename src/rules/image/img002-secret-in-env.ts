import { findSecrets, redactSecret } from '../../analyzers/secrets/patterns.js';
import type { ImageRule } from '../types.js';

export const secretInEnv: ImageRule = {
  id: 'IMG002',
  name: 'image-secret-in-env',
  target: 'image',
  class: 'secret',
  title: 'Secret in the image environment',
  severity: 'HIGH',
  description:
    'Environment variables baked into the image config are readable by anyone who can pull the image (`docker inspect`), are inherited by every process in every container, and show up in crash reports, `/proc/<pid>/environ` and orchestrator UIs.',
  remediation:
    'Remove the value from `ENV`; inject it at run time from a secret store (Kubernetes Secrets mounted as files, Docker secrets), and rotate the credential: it has been published with the image.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0010',
  ],
  mappings: { dockle: ['CIS-DI-0010'], trivy: ['DS-0031'] },
  tags: ['secrets'],
  check(ctx) {
    const env = ctx.config?.config?.Env ?? [];
    return env.flatMap((kv) => {
      const name = kv.split('=')[0] ?? kv;
      return findSecrets(kv).map((m) => ({
        path: 'config',
        message: `${m.pattern.title} (${redactSecret(m.value)}) in ENV ${name}`,
        severity: m.pattern.kind === 'generic' ? 'HIGH' : m.pattern.severity,
        key: `env:${name}:${m.pattern.id}`,
      }));
    });
  },
};
