import type { DockerfileRule } from '../types.js';

/** Parse problems are reported through this rule so that they can be filtered and suppressed like any other. */
export const parseError: DockerfileRule = {
  id: 'DF000',
  name: 'dockerfile-parse-error',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Dockerfile could not be fully parsed',
  severity: 'MEDIUM',
  description:
    'Part of this file is not valid Dockerfile syntax (an unknown instruction, an unterminated heredoc, invalid UTF-8, binary content or no FROM). `docker build` will reject it or behave unexpectedly, and the checks cannot vouch for what they could not read.',
  remediation: 'Fix the syntax at the reported line; `docker build --check` shows the same problem.',
  references: ['https://docs.docker.com/reference/dockerfile/'],
  mappings: {},
  tags: ['syntax'],
  check(df) {
    return df.problems.map((p) => ({
      startLine: p.line,
      endLine: p.endLine,
      message: p.message,
      key: p.message,
    }));
  },
};
