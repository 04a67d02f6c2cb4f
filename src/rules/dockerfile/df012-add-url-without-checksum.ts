import type { DockerfileRule, RuleHit } from '../types.js';

/** `git@host:org/repo.git`, `git://...`, `ssh://...` or an http(s) URL ending in `.git` (with an optional `#ref`). */
function isGitUrl(src: string): boolean {
  return (
    /^git@[^:]+:/.test(src) || /^(?:git|ssh):\/\//i.test(src) || /^https?:\/\/[^#]+\.git(?:#.*)?$/i.test(src)
  );
}

/** A git source pinned to a full commit id (`#<40 hex>` or `#<40 hex>:subdir`) is immutable. */
function pinnedToCommit(src: string): boolean {
  return /#[0-9a-f]{40}(?::[^#]*)?$/i.test(src);
}

export const addUrlWithoutChecksum: DockerfileRule = {
  id: 'DF012',
  name: 'add-url-without-checksum',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'ADD downloads a remote file without --checksum',
  severity: 'MEDIUM',
  description:
    'ADD with a URL fetches whatever the server returns at build time and puts it in the image unverified. If the release is re-uploaded, the host or a mirror is compromised, or (over plain http) the traffic is intercepted, the build silently includes different content. A branch or tag of a git repository can likewise be moved.',
  remediation:
    'Pin the expected digest: `ADD --checksum=sha256:<sha256> https://example.com/tool-1.2.3.tar.gz /tmp/` (Dockerfile syntax 1.6+), or pin a git source to a full commit id: `ADD https://github.com/org/repo.git#<40-char commit> /src`.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#add---checksum',
    'https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url',
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
  ],
  mappings: {},
  tags: ['supply-chain'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'ADD') continue;
      if (instr.flags.some((f) => f.name === 'checksum' && f.value)) continue;
      const sources = (instr.json ?? instr.args).slice(0, -1);
      const remote = sources.filter((s) =>
        isGitUrl(s) ? !pinnedToCommit(s) : /^(?:https?|ftp):\/\//i.test(s),
      );
      if (remote.length === 0) continue;
      hits.push({
        startLine: instr.startLine,
        endLine: instr.endLine,
        message: `ADD downloads ${remote.join(', ')} without --checksum: the content is not verified and can change between builds.`,
      });
    }
    return hits;
  },
};
