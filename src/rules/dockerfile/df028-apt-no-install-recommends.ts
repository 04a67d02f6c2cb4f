import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hasFlag, hitAt, stageChain } from './lib/helpers.js';
import { aptInstalls, type PmCall } from './lib/package-managers.js';

const FALSE_VALUE = /^["']?(false|no|0|off)["']?;?$/i;

/** `--no-install-recommends`, `--install-recommends=false`, `-o APT::Install-Recommends=false`. */
function disablesRecommends(call: PmCall): boolean {
  const { args } = call;
  if (hasFlag(args, ['--no-install-recommends'])) return true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--install-recommends=') && FALSE_VALUE.test(a.slice('--install-recommends='.length)))
      return true;
    let opt: string | undefined;
    if (a === '-o' || a === '--option') opt = args[i + 1];
    else if (a.startsWith('-o')) opt = a.slice(2);
    else if (a.startsWith('--option=')) opt = a.slice('--option='.length);
    const m = opt === undefined ? null : /^APT::Install-Recommends=(.*)$/i.exec(opt);
    if (m && FALSE_VALUE.test(m[1] ?? '')) return true;
  }
  return false;
}

/**
 * An earlier command that writes `APT::Install-Recommends "0";` (or "false") into an apt.conf
 * snippet turns recommends off for every later install of the stage chain.
 */
function configDisablesRecommends(df: DockerfileModel, run: Instruction): boolean {
  const stage = df.stages[run.stage];
  if (!stage) return false;
  for (const s of stageChain(df, stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'RUN' || instr.startLine > run.startLine) continue;
      for (const cmd of instr.shell().commands) {
        if (cmd.args.some((a) => /APT::Install-Recommends\s+["']?(0|false|no|off)["']?/i.test(a)))
          return true;
      }
    }
  }
  return false;
}

export const aptNoInstallRecommends: DockerfileRule = {
  id: 'DF028',
  name: 'apt-no-install-recommends',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt-get install without --no-install-recommends',
  severity: 'LOW',
  description:
    'By default apt also installs every "recommended" package of what you asked for, often tens of extra packages (documentation tools, X11 libraries, mail agents). Each one enlarges the image and adds code that vulnerability scanners will report and attackers can use, without the application needing it.',
  remediation:
    'Add `--no-install-recommends` and list what you really need: `apt-get install -y --no-install-recommends ca-certificates curl`. Alternatively write `APT::Install-Recommends "false";` to /etc/apt/apt.conf.d/ once before installing.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3015',
    'https://docs.docker.com/build/building/best-practices/#apt-get',
  ],
  mappings: { hadolint: ['DL3015'], trivy: ['DS-0029'] },
  tags: ['attack-surface', 'image-size'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const missing = aptInstalls(run).filter((c) => !disablesRecommends(c));
      if (missing.length === 0 || configDisablesRecommends(df, run)) continue;
      const tool = missing[0]?.tool ?? 'apt-get';
      const pkgs = [...new Set(missing.flatMap((c) => c.operands))];
      const suffix = pkgs.length > 0 ? ` (packages: ${pkgs.join(', ')})` : '';
      hits.push(hitAt(run, `${tool} install without --no-install-recommends${suffix}`));
    }
    return hits;
  },
};
