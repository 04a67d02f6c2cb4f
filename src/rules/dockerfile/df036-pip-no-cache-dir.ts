import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hasFlag, hitAt, stageChain } from './lib/helpers.js';
import { finalImageRuns, nonLayerMountTargets, removedPaths } from './lib/layers.js';
import { pipInstalls } from './lib/package-managers.js';
import { invocation } from './lib/shell.js';

/**
 * pip disables its cache for ANY valid PIP_NO_CACHE_DIR value, even "0"/"false"/"off" (a historical
 * quirk kept for compatibility), so any non-empty ENV or ARG value set before the RUN counts.
 */
/** `export PIP_NO_CACHE_DIR=1 && pip install ...`: exported for the rest of the script. */
function exportsNoCache(run: Instruction): boolean {
  return run
    .shell()
    .commands.some((c) => c.name === 'export' && c.assigns.some((a) => a.name === 'PIP_NO_CACHE_DIR'));
}

function envDisablesCache(df: DockerfileModel, run: Instruction): boolean {
  const stage = df.stages[run.stage];
  if (!stage) return false;
  return stageChain(df, stage).some((s) =>
    s.instructions.some(
      (i) =>
        (i.keyword === 'ENV' || i.keyword === 'ARG') &&
        i.startLine < run.startLine &&
        i.pairs.some((p) => p.name === 'PIP_NO_CACHE_DIR' && p.value !== undefined && p.value !== ''),
    ),
  );
}

/** pip's cache lives in ~/.cache/pip; a cache/tmpfs mount there or over ~/.cache keeps it out of the layer. */
function isPipCachePath(p: string): boolean {
  return /(^|\/)\.cache(\/pip)?$/.test(p);
}

export const pipNoCacheDir: DockerfileRule = {
  id: 'DF036',
  name: 'pip-no-cache-dir',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'pip install without --no-cache-dir',
  severity: 'LOW',
  description:
    'pip keeps every downloaded wheel and source archive in ~/.cache/pip. In a RUN layer that cache is dead weight shipped with the image (often as large as the installed packages themselves), and deleting it in a later RUN does not shrink the earlier layer.',
  remediation:
    'Use `pip install --no-cache-dir ...`, set `ENV PIP_NO_CACHE_DIR=1` once in the stage, or mount a build cache: `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3042',
    'https://pip.pypa.io/en/stable/topics/caching/',
  ],
  mappings: { hadolint: ['DL3042'] },
  tags: ['image-size', 'hygiene'],
  check(df) {
    const hits: RuleHit[] = [];
    // Only layers of the final image matter: build stages that are merely copied from are discarded.
    for (const run of finalImageRuns(df)) {
      const missing = pipInstalls(run).filter(
        (p) =>
          !hasFlag(p.args, ['--no-cache-dir']) &&
          !p.cmd.assigns.some((a) => a.name === 'PIP_NO_CACHE_DIR') &&
          !exportsNoCache(run),
      );
      if (missing.length === 0) continue;
      if (envDisablesCache(df, run)) continue;
      if (nonLayerMountTargets(run).some(isPipCachePath)) continue;
      if (removedPaths(run).some(isPipCachePath)) continue;
      const purges = run.shell().commands.some((c) => {
        const inv = invocation(c);
        return /^pip[0-9.]*$/.test(inv.name) && inv.args[0] === 'cache' && inv.args[1] === 'purge';
      });
      if (purges) continue;
      const reqs = [...new Set(missing.flatMap((p) => p.operands))];
      const suffix = reqs.length > 0 ? ` (${reqs.join(', ')})` : '';
      hits.push(
        hitAt(
          run,
          `pip install without --no-cache-dir${suffix}: pip's download cache stays in the image layer.`,
        ),
      );
    }
    return hits;
  },
};
