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
    'The Dockerfile contains a string with the exact shape of a live credential (an AWS access key, a GitHub, GitLab, npm or PyPI token, a Stripe live key, a private key...). It is committed to source control, and every ENV, ARG, LABEL or RUN that carries it ends up in the image config or history, readable with `docker history` by anyone who can pull the image. Leaked tokens are harvested by bots within minutes of a push.',
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
      // The raw source lines, heredoc bodies and continuation lines included, so each hit gets its own line.
      instr.text.split('\n').forEach((text, i) => {
        const line = instr.startLine + i;
        for (const m of findSecrets(text)) {
          hits.push({
            startLine: line,
            endLine: line,
            message: `${m.pattern.title} (${redactSecret(m.value)}) in ${instr.keyword}: it is readable by anyone with the Dockerfile or the image history.`,
            key: `${m.pattern.id}:${m.value}`,
          });
        }
      });
    }
    return hits;
  },
};
