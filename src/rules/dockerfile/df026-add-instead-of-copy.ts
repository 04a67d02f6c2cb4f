import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';

/** Remote sources ADD fetches itself: URLs and git remotes. */
function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('git@');
}

/**
 * Local archives ADD unpacks. Docker detects a tar by content (plain, gzip, bzip2, xz, zstd), so any
 * of those compression suffixes may be a tarball and is given the benefit of the doubt.
 */
function isLocalArchive(src: string): boolean {
  return /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|gz|bz2|xz|zst|lz|lzma|z)$/i.test(src);
}

export const addInsteadOfCopy: DockerfileRule = {
  id: 'DF026',
  name: 'add-instead-of-copy',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'ADD used to copy local files',
  severity: 'LOW',
  description:
    'ADD does more than copy: it auto-extracts anything that looks like a tar archive and can fetch URLs. Used for plain local files it hides that behaviour from reviewers, and a file that later becomes (or is replaced by) an archive is silently unpacked into the image, including path-traversal or tar-bomb content. COPY does exactly one predictable thing.',
  remediation:
    'Use COPY for local files and directories: `COPY --chown=10001:10001 app/ /app/`. Keep ADD only for what needs it: extracting a local tarball (`ADD rootfs.tar.gz /`) or a remote download pinned with `--checksum=sha256:...`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3020',
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {
    hadolint: ['DL3020'],
    trivy: ['DS-0005'],
    checkov: ['CKV_DOCKER_4'],
    dockle: ['CIS-DI-0009'],
    'cis-docker': ['4.9'],
  },
  tags: ['hygiene', 'supply-chain'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const add of df.instructions) {
      if (add.keyword !== 'ADD') continue;
      const words = add.json ?? add.args;
      const sources = words.slice(0, -1);
      const local = sources.filter(
        // Heredoc sources (`ADD <<EOF /f`) and unresolved variables are not judged.
        (s) => !s.startsWith('<<') && !s.includes('$') && !isRemote(s) && !isLocalArchive(s),
      );
      if (local.length === 0 || add.heredocs.length > 0) continue;
      hits.push(
        hitAt(add, `ADD of local ${local.length > 1 ? 'files' : 'file'} ${local.join(', ')}: use COPY.`),
      );
    }
    return hits;
  },
};
