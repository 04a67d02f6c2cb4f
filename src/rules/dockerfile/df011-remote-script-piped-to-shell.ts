import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule, RuleHit } from '../types.js';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

function isInterpreter(name: string): boolean {
  return (
    SHELLS.has(name) ||
    /^(?:python[0-9.]*|pypy[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|php[0-9.]*)$/.test(name)
  );
}

/** Options that make the interpreter run code given on the command line instead of its input. */
function inlineCodeOption(name: string, a: string): boolean {
  if (SHELLS.has(name)) return /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a);
  if (name.startsWith('python') || name.startsWith('pypy')) return /^-[a-zA-Z]*[cm]/.test(a);
  if (name.startsWith('perl') || name.startsWith('ruby')) return /^-[a-zA-Z]*[eE]/.test(a);
  if (name === 'node' || name === 'nodejs')
    return /^(?:-[a-zA-Z]*[ep][a-zA-Z]*|--eval|--print)$/.test(a) || a.startsWith('--eval=');
  if (name.startsWith('php')) return /^-[a-zA-Z]*r/.test(a);
  return false;
}

/**
 * True when the interpreter executes what arrives on stdin: no script operand and no inline code
 * (`python3 -c 'import json,sys; ...'` reads stdin as data), or an explicit `-s` / `-` operand.
 */
function runsStdin(cmd: ShellCommand): boolean {
  for (const a of cmd.args) {
    if (a === '-') return true;
    if (SHELLS.has(cmd.name) && /^-[a-zA-Z]*s[a-zA-Z]*$/.test(a)) return true;
    if (a === '--') continue;
    if (inlineCodeOption(cmd.name, a)) return false;
    if (!a.startsWith('-')) return false;
  }
  return true;
}

/** The downloader whose output is spliced into the code position of `cmd` (`sh -c "$(curl ...)"`, `bash <(curl ...)`). */
function substitutedDownloader(cmd: ShellCommand): ShellCommand | undefined {
  let code: string | undefined;
  if (cmd.name === 'eval') code = cmd.args.join(' ');
  else if (cmd.name === 'source' || cmd.name === '.') code = cmd.args[0];
  else if (isInterpreter(cmd.name)) {
    const ci = cmd.args.findIndex((a) => inlineCodeOption(cmd.name, a));
    code = ci >= 0 ? cmd.args[ci + 1] : cmd.args.find((a) => !a.startsWith('-') || a.startsWith('<('));
  }
  if (code === undefined || !/\$\(|`|<\(/.test(code)) return undefined;
  return cmd.substituted.find((s) => DOWNLOADERS.has(s.name) && code.includes(s.words[0] ?? s.name));
}

function url(cmd: ShellCommand): string {
  return (
    cmd.args.find((a) => /^(?:https?|ftp):\/\//i.test(a)) ??
    cmd.args.filter((a) => !a.startsWith('-')).at(-1) ??
    ''
  );
}

function describePair(downloader: ShellCommand, interpreter: ShellCommand): string {
  const via = interpreter.wrappers.length > 0 ? `${interpreter.wrappers.join(' ')} ` : '';
  const from = url(downloader);
  return `${downloader.name}${from ? ` ${from}` : ''} -> ${via}${interpreter.name}`;
}

export const remoteScriptPipedToShell: DockerfileRule = {
  id: 'DF011',
  name: 'remote-script-piped-to-shell',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Remote script piped into a shell or interpreter',
  severity: 'HIGH',
  description:
    '`curl ... | sh` downloads code and runs it unverified, usually as root, in the same step. Whoever controls the URL, the server, a CDN in between or a DNS record decides what runs in your build, and the content can change between two builds (or be served differently to build machines) without any trace in the Dockerfile. A truncated download can also run half a script.',
  remediation:
    'Download to a file, verify it, then run it: `curl -fsSLo install.sh https://example.com/install.sh && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`. Better, pin a released artifact by checksum (`ADD --checksum=sha256:... <url>`) or install from a signed package repository.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
    'https://docs.docker.com/reference/dockerfile/#add---checksum',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: {},
  tags: ['supply-chain'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const instr of df.instructions) {
      if (instr.keyword !== 'RUN') continue;
      const script = instr.shell();
      const found: string[] = [];
      for (const pipeline of script.pipelines) {
        pipeline.forEach((cmd, i) => {
          if (!isInterpreter(cmd.name) || !runsStdin(cmd)) return;
          const downloader = pipeline.slice(0, i).find((c) => DOWNLOADERS.has(c.name));
          if (downloader) found.push(describePair(downloader, cmd));
        });
      }
      for (const cmd of script.commands) {
        const downloader = substitutedDownloader(cmd);
        if (downloader) found.push(describePair(downloader, cmd));
      }
      if (found.length === 0) continue;
      hits.push({
        startLine: instr.startLine,
        endLine: instr.endLine,
        message: `RUN downloads code and runs it unverified (${[...new Set(found)].join('; ')}).`,
      });
    }
    return hits;
  },
};
