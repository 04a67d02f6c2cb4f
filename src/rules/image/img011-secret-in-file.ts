import type { ImageRule } from '../types.js';
import { addedBy } from './lib/describe.js';

export const secretInFile: ImageRule = {
  id: 'IMG011',
  name: 'secret-in-file',
  target: 'image',
  class: 'secret',
  title: 'Secret in a file',
  severity: 'HIGH',
  description:
    'A credential with a recognisable format (a cloud key, an API token, a private key, a password assignment with a literal value) sits in a file of the image or folder. Anyone who can read the image or the repository can use it.',
  remediation:
    'Remove the credential from the file and from the build context, load it at run time from a secret store, and rotate it: treat any credential that was published as compromised.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
  ],
  mappings: { dockle: ['CIS-DI-0010'] },
  tags: ['secrets'],
  check(ctx) {
    return ctx.secrets
      .filter((s) => s.deletedBy === undefined)
      .map((s) => ({
        path: s.path,
        line: s.line,
        layer: s.layer,
        message: `${s.title} (${s.redacted}) at line ${String(s.line)}${addedBy(ctx, s.layer)}`,
        severity: s.severity,
        key: `secret:${s.patternId}:${s.hash}`,
      }));
  },
};
