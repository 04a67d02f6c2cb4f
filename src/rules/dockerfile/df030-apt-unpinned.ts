import type { DockerfileModel, Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { finalStage, hitAt, positionalArgs, stageChain } from './helpers.js';

/*
 * Package-manager helpers shared by the apt/apk/pip/npm rules (DF027-DF038) live here, next to the
 * simplest apt rule, the way df002 exports isRootUser.
 */

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

const XARGS_OPTIONS_WITH_VALUE = new Set([
  '-a',
  '-d',
  '-E',
  '-I',
  '-L',
  '-n',
  '-P',
  '-s',
  '--arg-file',
  '--delimiter',
  '--max-args',
  '--max-procs',
  '--max-lines',
  '--max-chars',
]);

/** The command as it really runs, looking through `xargs` (`xargs apt-get install -y < pkgs.txt`). */
export function invocation(cmd: ShellCommand): { name: string; args: string[] } {
  if (cmd.name !== 'xargs') return { name: cmd.name, args: cmd.args };
  let i = 0;
  while (i < cmd.args.length) {
    const a = cmd.args[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    i++;
    if (XARGS_OPTIONS_WITH_VALUE.has(a)) i++;
  }
  const rest = cmd.args.slice(i);
  return { name: basename(rest[0] ?? ''), args: rest.slice(1) };
}

/** A package-manager call split into its subcommand and operands (`apt-get -y install a b`). */
export interface PmCall {
  cmd: ShellCommand;
  /** Effective tool name: `apt-get`, `apk`, `dnf`... */
  tool: string;
  /** First positional word: `install`, `add`, `update`. */
  sub: string;
  /** All arguments after the tool name, options included. */
  args: string[];
  /** Positional words after the subcommand (package names). */
  operands: string[];
}

function pmCall(cmd: ShellCommand, tools: Set<string>, optionsWithValue: string[]): PmCall | undefined {
  const inv = invocation(cmd);
  if (!tools.has(inv.name)) return undefined;
  const end = inv.args.indexOf('--');
  const pos = positionalArgs(end >= 0 ? inv.args.slice(0, end) : inv.args, optionsWithValue);
  if (end >= 0) pos.push(...inv.args.slice(end + 1));
  const sub = pos[0];
  if (sub === undefined) return undefined;
  return { cmd, tool: inv.name, sub, args: inv.args, operands: pos.slice(1) };
}

const APT_TOOLS = new Set(['apt-get', 'apt']);
const APT_OPTIONS_WITH_VALUE = [
  '-o',
  '--option',
  '-c',
  '--config-file',
  '-t',
  '--target-release',
  '--default-release',
  '-a',
  '--host-architecture',
];

/** `apt-get ...` / `apt ...` with its subcommand, or undefined. */
export function aptCall(cmd: ShellCommand): PmCall | undefined {
  return pmCall(cmd, APT_TOOLS, APT_OPTIONS_WITH_VALUE);
}

/** `apt-get install` / `apt install` calls of a RUN. */
export function aptInstalls(run: Instruction): PmCall[] {
  return run
    .shell()
    .commands.map(aptCall)
    .filter((c): c is PmCall => c?.sub === 'install');
}

const APK_TOOLS = new Set(['apk']);
const APK_OPTIONS_WITH_VALUE = [
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '-p',
  '--root',
  '--keys-dir',
  '--repositories-file',
  '--arch',
  '--cache-dir',
  '--cache-max-age',
  '--timeout',
];

/** `apk ...` with its subcommand, or undefined. The `--virtual` name is not an operand. */
export function apkCall(cmd: ShellCommand): PmCall | undefined {
  return pmCall(cmd, APK_TOOLS, APK_OPTIONS_WITH_VALUE);
}

/** The `--virtual NAME` / `-t NAME` of an `apk add`, if any. */
export function apkVirtualName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--virtual' || a === '-t') return args[i + 1];
    if (a.startsWith('--virtual=')) return a.slice('--virtual='.length);
  }
  return undefined;
}

const RPM_TOOLS = new Set(['yum', 'dnf', 'microdnf', 'tdnf']);
const RPM_OPTIONS_WITH_VALUE = [
  '-c',
  '--config',
  '-x',
  '--exclude',
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '--repo',
  '--repoid',
  '--releasever',
  '--installroot',
  '-d',
  '--debuglevel',
  '-e',
  '--errorlevel',
  '--rpmverbosity',
  '--forcearch',
];

/** `yum|dnf|microdnf|tdnf ...` with its subcommand, or undefined. */
export function rpmCall(cmd: ShellCommand): PmCall | undefined {
  return pmCall(cmd, RPM_TOOLS, RPM_OPTIONS_WITH_VALUE);
}

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

/** An apt operand that pins nothing: not `pkg=1.2`, not `pkg/release`, not a local `.deb`, no variable. */
function aptUnpinnedName(op: string): boolean {
  if (op.includes('$') || op.includes('=') || op.includes('/')) return false;
  return !op.toLowerCase().endsWith('.deb');
}

export const aptUnpinned: DockerfileRule = {
  id: 'DF030',
  name: 'apt-unpinned',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'apt-get install without pinned package versions',
  severity: 'LOW',
  description:
    'Packages installed with `apt-get install pkg` resolve to whatever version the mirror serves on the day of the build. Two builds of the same Dockerfile can ship different code, a rebuild can silently pull in a regressed or compromised release, and a vulnerability report cannot be tied back to the Dockerfile. Pinning makes builds reproducible and upgrades deliberate, reviewable changes.',
  remediation:
    'Pin each package to a version: `apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git=1:2.39.2-1.1`. Find the current version with `apt-cache policy <pkg>` and bump it deliberately (Renovate and Dependabot can automate this).',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3008',
    'https://docs.docker.com/build/building/best-practices/#apt-get',
  ],
  mappings: { hadolint: ['DL3008'] },
  tags: ['supply-chain', 'reproducibility'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      const unpinned = aptInstalls(run).flatMap((c) => c.operands.filter(aptUnpinnedName));
      if (unpinned.length === 0) continue;
      const names = [...new Set(unpinned)];
      hits.push(hitAt(run, `apt-get install without pinned versions: ${names.join(', ')}`));
    }
    return hits;
  },
};
