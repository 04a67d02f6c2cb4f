import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';

export const maintainerDeprecated: DockerfileRule = {
  id: 'DF048',
  name: 'maintainer-deprecated',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'MAINTAINER is deprecated',
  severity: 'INFO',
  description:
    'MAINTAINER has been deprecated since Docker 1.13. It sets a legacy `Author` field that OCI tooling, registries and SBOM generators do not read, so the contact for security reports about the image is effectively lost.',
  remediation:
    'Replace it with the OCI label: `LABEL org.opencontainers.image.authors="Team <team@example.com>"`.',
  references: [
    'https://docs.docker.com/reference/build-checks/maintainer-deprecated/',
    'https://github.com/opencontainers/image-spec/blob/main/annotations.md',
    'https://github.com/hadolint/hadolint/wiki/DL4000',
  ],
  mappings: {
    hadolint: ['DL4000'],
    trivy: ['DS-0022'],
    checkov: ['CKV_DOCKER_6'],
  },
  tags: ['metadata'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'MAINTAINER') continue;
      const who = instr.argsText.trim().replace(/"/g, '\\"');
      hits.push(
        hitAt(instr, `MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="${who}".`),
      );
    }
    return hits;
  },
};
