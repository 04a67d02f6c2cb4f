import type { ShellScript } from './shell.js';

/** A `--name=value` flag on an instruction (`COPY --from=build`, `RUN --mount=...`). */
export interface InstructionFlag {
  name: string;
  value: string | null;
}

/** A `KEY=value` pair of ENV, ARG or LABEL. */
export interface KeyValue {
  name: string;
  /** Unquoted value; `undefined` for `ARG NAME` with no default. */
  value: string | undefined;
  line: number;
}

export interface Heredoc {
  name: string;
  body: string;
  /** First line of the body (1-based). */
  bodyLine: number;
  terminated: boolean;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `FROM`, ... (an `ONBUILD` trigger is one `ONBUILD` instruction; its trigger is in `args`). */
  keyword: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The source text of the whole instruction, lines joined with newlines. */
  text: string;
  /** Arguments with continuations joined, flags removed. */
  argsText: string;
  /** Whitespace-split arguments (flags removed), as the Dockerfile parser sees them. */
  args: string[];
  flags: InstructionFlag[];
  /** Exec-form arguments (`["a","b"]`), or null for shell form. */
  json: string[] | null;
  heredocs: Heredoc[];
  /** ENV / ARG / LABEL pairs. */
  pairs: KeyValue[];
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  stage: number;
  /** Shell analysis of a RUN (empty for other instructions), parsed on first use. */
  shell(): ShellScript;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  from: Instruction;
  /** Image as written (`${BASE}`, `node:20`). */
  image: string;
  /** Image with ARG defaults substituted; undefined when a variable has no default. */
  resolvedImage?: string;
  /** Index of the earlier stage this one builds on (`FROM build AS final`). */
  parentStage?: number;
  platform?: string;
  instructions: Instruction[];
  /** The SHELL in force at the end of this stage (inherited from the parent stage), when one was set. */
  shell?: string[];
}

export interface ParseProblem {
  line: number;
  endLine: number;
  message: string;
}

export interface InlineIgnore {
  ids: string[];
  reason?: string;
  /** The line of the comment. */
  line: number;
  /** The instruction lines it covers (inclusive). */
  appliesTo: { startLine: number; endLine: number };
}

export interface DockerfileModel {
  path: string;
  lines: string[];
  escape: string;
  instructions: Instruction[];
  stages: Stage[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  problems: ParseProblem[];
  inlineIgnores: InlineIgnore[];
  fileIgnores: { ids: string[]; reason?: string; line: number }[];
  /** False for binary files and other content that is not a Dockerfile at all. */
  parsed: boolean;
}
