import type { DockerfileModel, Instruction, Stage } from '../../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../../analyzers/config/dockerfile/shell.js';
import type { RuleHit } from '../../types.js';

/** The stage that becomes the image: the last one. */
export function finalStage(df: DockerfileModel): Stage | undefined {
  return df.stages.at(-1);
}

/** The stage and the stages it builds on (`FROM build AS final`), nearest first. */
export function stageChain(df: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | undefined = stage;
  const seen = new Set<number>();
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    chain.push(s);
    s = s.parentStage !== undefined ? df.stages[s.parentStage] : undefined;
  }
  return chain;
}

export function instructionsOf(df: DockerfileModel, keyword: string): Instruction[] {
  return df.instructions.filter((i) => i.keyword === keyword);
}

const commandCache = new WeakMap<DockerfileModel, { run: Instruction; cmd: ShellCommand }[]>();

/**
 * Every command of every RUN, with the instruction it belongs to. Computed once per Dockerfile
 * and shared by all rules (most rules walk it).
 */
export function runCommands(df: DockerfileModel): readonly { run: Instruction; cmd: ShellCommand }[] {
  let list = commandCache.get(df);
  if (!list) {
    list = [];
    for (const run of df.instructions) {
      if (run.keyword !== 'RUN') continue;
      for (const cmd of run.shell().commands) list.push({ run, cmd });
    }
    commandCache.set(df, list);
  }
  return list;
}

/** A hit spanning the whole instruction. */
export function hitAt(instr: Instruction, message: string, key?: string): RuleHit {
  const hit: RuleHit = { startLine: instr.startLine, endLine: instr.endLine, message };
  if (key !== undefined) hit.key = key;
  return hit;
}

/** True when `args` holds the flag: long (`--insecure`), short (`-k`), or inside a short cluster (`-fsSLk`). */
export function hasFlag(args: string[], long: string[], short: string[] = []): boolean {
  for (const a of args) {
    if (a === '--') break;
    if (long.some((l) => a === l || a.startsWith(`${l}=`))) return true;
    if (short.length > 0 && /^-[A-Za-z0-9]+$/.test(a) && short.some((s) => a.slice(1).includes(s)))
      return true;
  }
  return false;
}

/** Words after the subcommand that are not options: the package names of `apt-get install a b`. */
export function positionalArgs(args: string[], optionsWithValue: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('-')) {
      if (optionsWithValue.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Runs `detect` on every RUN command and returns one hit per RUN instruction, listing what was found:
 * two offending commands in one RUN would otherwise give two hits on the same lines and fingerprint.
 */
export function hitsPerRun(
  df: DockerfileModel,
  detect: (cmd: ShellCommand, run: Instruction) => string[],
  message: (details: string[]) => string,
): RuleHit[] {
  const found = new Map<Instruction, string[]>();
  for (const { run, cmd } of runCommands(df)) {
    const details = detect(cmd, run);
    if (details.length === 0) continue;
    const list = found.get(run) ?? [];
    for (const d of details) if (!list.includes(d)) list.push(d);
    found.set(run, list);
  }
  return [...found].map(([run, details]) => hitAt(run, message(details)));
}
