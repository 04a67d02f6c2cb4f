import type { DockerfileModel, Instruction } from '../../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../../analyzers/config/dockerfile/shell.js';
import type { RuleHit } from '../../types.js';

/*
 * Configuration a build writes into files, as far as it can be read from the Dockerfile: `echo`/`printf`
 * arguments, `sed` replacements and heredoc file content.
 */

/** The script arguments of a `sed` command line (`-e X`, `--expression=X`, or the first operand). */
function sedScripts(args: string[]): string[] {
  const scripts: string[] = [];
  let sawFile = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--expression=')) scripts.push(a.slice('--expression='.length));
    else if (a === '--expression' || /^-[a-zA-Z]*e$/.test(a)) {
      const next = args[i + 1];
      if (next !== undefined) scripts.push(next);
      i++;
    } else if (a === '--file' || /^-[a-zA-Z]*f$/.test(a) || a.startsWith('--file=')) {
      sawFile = true;
      if (!a.includes('=')) i++;
    } else if (a === '-l' || a === '--line-length') i++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  if (scripts.length === 0 && !sawFile && operands[0] !== undefined) scripts.push(operands[0]);
  return scripts;
}

/** The replacement parts of the `s` commands of a sed script: what sed writes, not what it looks for. */
function sedReplacements(script: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;}/$0-9])s([^\w\s\\])((?:\\.|(?!\1)[^\\])*)\1((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of script.matchAll(re)) out.push(m[3] ?? '');
  return out;
}

/**
 * Text a command writes out in a form we can read from its parsed arguments: the arguments of
 * `echo`/`printf` (typically redirected into a config file) and the replacements of `sed` edits.
 * Literal `\n` / `\t` escapes are expanded so `printf '[repo]\ngpgcheck=0'` reads as two lines.
 */
export function writtenTexts(cmd: ShellCommand): string[] {
  let texts: string[] = [];
  if (cmd.name === 'echo' || cmd.name === 'printf') texts = cmd.args.filter((a) => !/^-[neE]+$/.test(a));
  else if (cmd.name === 'sed') texts = sedScripts(cmd.args).flatMap(sedReplacements);
  return texts.map((t) => t.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
}

/**
 * Lines of heredocs that are file content rather than a script: every heredoc of COPY/ADD, and the
 * heredocs of a RUN that the shell analysis did not read as a script (`cat > f <<EOF`).
 */
export function dataHeredocLines(instr: Instruction): { line: number; text: string }[] {
  if (instr.heredocs.length === 0) return [];
  if (instr.keyword !== 'RUN' && instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return [];
  const out: { line: number; text: string }[] = [];
  const scriptLines =
    instr.keyword === 'RUN' ? new Set(instr.shell().commands.map((c) => c.line)) : new Set<number>();
  for (const h of instr.heredocs) {
    const lines = h.body.split('\n');
    const isScript = lines.some((_, i) => scriptLines.has(h.bodyLine + i));
    if (isScript) continue;
    lines.forEach((text, i) => out.push({ line: h.bodyLine + i, text }));
  }
  return out;
}

/**
 * Adds to `hits` one hit per instruction not already hit whose data heredoc (`cat > f <<EOF`,
 * `COPY <<EOF f`) has a line `bad` accepts: configuration written into the image in one piece.
 * Returns all hits in line order.
 */
export function withHeredocConfigHits(
  df: DockerfileModel,
  hits: RuleHit[],
  bad: (text: string) => boolean,
  message: (line: string) => string,
): RuleHit[] {
  const covered = new Set(hits.map((h) => h.startLine));
  for (const instr of df.instructions) {
    if (covered.has(instr.startLine)) continue;
    const line = dataHeredocLines(instr).find((l) => bad(l.text));
    if (line)
      hits.push({ startLine: instr.startLine, endLine: instr.endLine, message: message(line.text.trim()) });
  }
  return hits.sort((a, b) => a.startLine - b.startLine);
}
