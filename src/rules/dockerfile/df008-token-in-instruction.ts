import {
  findSecrets,
  mayContainSecret,
  redactSecret,
  SECRET_PATTERNS,
} from '../../analyzers/secrets/patterns.js';

// Generic `password=` assignments are DF007's (secret-named ARG/ENV); here only known formats,
// which also keeps the common words of those (token, secret) out of the prefilter.
const KNOWN_FORMATS = SECRET_PATTERNS.filter((p) => p.kind !== 'generic');
import type { DockerfileRule, RuleHit } from '../types.js';

export const tokenInInstruction: DockerfileRule = {
  id: 'DF008',
  name: 'token-in-instruction',
  target: 'dockerfile',
  class: 'secret',
  title: 'Credential with a known format written in the Dockerfile',
  severity: 'CRITICAL',
  description:
    'The Dockerfile contains a string with the exact shape of a live credential (an AWS access key, a GitHub, GitLab, npm or PyPI token, a Stripe live key, a private key...). It is committed to source control, and every ENV, ARG, LABEL or RUN that carries it ends up in the image config or history, readable with `docker history` by anyone who can pull the image. Leaked tokens are harvested by bots within minutes of a push. Live tokens are reported as CRITICAL, private keys as HIGH, encrypted private keys and JSON Web Tokens (usually short-lived) as MEDIUM.',
  remediation:
    'Revoke and rotate the credential now: deleting the line does not remove it from Git history or from images already built. Then provide it at build time with a BuildKit secret mount (`RUN --mount=type=secret,id=gh_token,env=GITHUB_TOKEN ...` with `docker build --secret id=gh_token,env=GITHUB_TOKEN`) or at run time from the orchestrator.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    'cis-docker': ['4.10'],
  },
  tags: ['secrets'],
  check(df) {
    const hits: RuleHit[] = [];
    // One pass over the whole file (heredoc bodies and continuation lines included: a PEM key
    // spans lines); each hit is placed on the line where its secret starts.
    const text = df.lines.join('\n');
    if (!mayContainSecret(text, KNOWN_FORMATS)) return hits;
    for (const m of findSecrets(text, KNOWN_FORMATS)) {
      const instr = df.instructions.find((i) => m.line >= i.startLine && m.line <= i.endLine);
      hits.push({
        startLine: m.line,
        endLine: m.line + (m.value.match(/\n/g)?.length ?? 0),
        severity: m.pattern.severity,
        message: `${m.pattern.title} (${redactSecret(m.value)}) in ${instr ? instr.keyword : 'a comment'}: it is readable by anyone with the Dockerfile or the image history.`,
        key: `${m.pattern.id}:${m.value}`,
      });
    }
    return hits;
  },
};
