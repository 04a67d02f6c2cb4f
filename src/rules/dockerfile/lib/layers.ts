import type { DockerfileModel, Instruction } from '../../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../../analyzers/config/dockerfile/shell.js';
import { finalStage, stageChain } from './helpers.js';
import { invocation } from './shell.js';

/*
 * What ends up in the image's layers: the RUNs of the final image, paths a RUN deletes, and mounts
 * whose content never lands in a layer.
 */

/** The stages whose RUN layers end up in the final image: the final stage and those it builds on. */
export function finalImageRuns(df: DockerfileModel): Instruction[] {
  const stage = finalStage(df);
  if (!stage) return [];
  return stageChain(df, stage)
    .reverse()
    .flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'));
}

/** Targets of `--mount=type=cache|tmpfs,...` on a RUN: data written there never lands in the layer. */
export function nonLayerMountTargets(run: Instruction): string[] {
  const out: string[] = [];
  for (const f of run.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const opts = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) opts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const type = opts.get('type');
    // Without type= a mount is a bind mount, which does not hide anything from the layer.
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
    if (target) out.push(normalizePath(target));
  }
  return out;
}

/** `/var/lib/apt/lists/*` and `/var/lib/apt/lists/` both become `/var/lib/apt/lists`. */
export function normalizePath(p: string): string {
  let s = p.trim();
  for (;;) {
    const next = s.replace(/\/\*$/, '').replace(/\/+$/, '');
    if (next === s) break;
    s = next;
  }
  return s === '' ? '/' : s;
}

/** Paths a RUN deletes with `rm` (or `find PATH ... -delete`), normalised; with `after`, only later deletions. */
export function removedPaths(run: Instruction, after?: ShellCommand): string[] {
  const out: string[] = [];
  const commands = run.shell().commands;
  const from = after ? commands.indexOf(after) + 1 : 0;
  for (const cmd of commands.slice(from)) {
    const inv = invocation(cmd);
    if (inv.name === 'rm') {
      for (const a of inv.args) if (!a.startsWith('-')) out.push(normalizePath(a));
    } else if (inv.name === 'find' && inv.args.includes('-delete')) {
      for (const a of inv.args) {
        if (a.startsWith('-')) break;
        out.push(normalizePath(a));
      }
    }
  }
  return out;
}

/** True for a path at or under one of `roots` (`/var/cache/apk/x` is under `/var/cache/apk`). */
export function isUnder(path: string, roots: string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(`${r}/`));
}
