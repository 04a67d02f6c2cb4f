import { findSecrets, mayContainSecret, redactSecret } from '../../analyzers/secrets/patterns.js';
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
    // Most files hold no keyword of any format: one scan of the whole file settles that.
    if (!mayContainSecret(df.lines.join('\n'))) return hits;
    for (const instr of df.instructions) {
      // The raw source, heredoc bodies and continuation lines included: a PEM key spans lines, and each
      // hit is placed on the line where its secret starts.
      for (const m of findSecrets(instr.text)) {
        // Generic `password=` assignments are DF007's (secret-named ARG/ENV); here only known formats.
        if (m.pattern.kind === 'generic') continue;
        const line = instr.startLine + m.line - 1;
        hits.push({
          startLine: line,
          endLine: line + (m.value.match(/\n/g)?.length ?? 0),
          severity: m.pattern.severity,
          message: `${m.pattern.title} (${redactSecret(m.value)}) in ${instr.keyword}: it is readable by anyone with the Dockerfile or the image history.`,
          key: `${m.pattern.id}:${m.value}`,
        });
      }
    }
    return hits;
  },
};
