import type { Instruction } from '../../../analyzers/config/dockerfile/model.js';
import type { ShellCommand } from '../../../analyzers/config/dockerfile/shell.js';
import { positionalArgs } from './helpers.js';
import { invocation } from './shell.js';

/*
 * Package-manager command recognition shared by the apt/apk/rpm/pip rules (DF027-DF038).
 */

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

/** `apk add` calls of a RUN (the `--virtual` name is already not an operand). */
export function apkAdds(run: Instruction): PmCall[] {
  return run
    .shell()
    .commands.map(apkCall)
    .filter((c): c is PmCall => c?.sub === 'add');
}

/** pip options (global and `install`) that take a separate value. */
const PIP_OPTIONS_WITH_VALUE = [
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--upgrade-strategy',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--only-binary',
  '--no-binary',
  '--progress-bar',
  '--trusted-host',
  '--proxy',
  '--retries',
  '--timeout',
  '--cache-dir',
  '--log',
  '--log-file',
  '--config-settings',
  '-C',
  '--global-option',
  '--install-option',
  '--python',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--report',
  '--root-user-action',
  '--keyring-provider',
  '--use-feature',
  '--use-deprecated',
  '--hash',
];

export interface PipInstall {
  cmd: ShellCommand;
  /** Arguments after `pip` (or `python -m pip`), options included. */
  args: string[];
  /** Requirement specifiers and paths after `install`. */
  operands: string[];
}

/** `pip install ...`, `pip3.12 install ...`, `python3 -m pip install ...`; undefined otherwise. */
export function pipInstall(cmd: ShellCommand): PipInstall | undefined {
  const inv = invocation(cmd);
  let args: string[];
  if (/^pip[0-9.]*$/.test(inv.name)) {
    args = inv.args;
  } else if (/^python[0-9.]*$/.test(inv.name)) {
    // Interpreter options may precede `-m pip` (`python3 -u -m pip`); `-mpip` is one word.
    let i = 0;
    while (
      i < inv.args.length &&
      (inv.args[i] ?? '').startsWith('-') &&
      !(inv.args[i] ?? '').startsWith('-m')
    )
      i++;
    const a = inv.args[i] ?? '';
    if (a === '-m' && inv.args[i + 1] === 'pip') args = inv.args.slice(i + 2);
    else if (a === '-mpip') args = inv.args.slice(i + 1);
    else return undefined;
  } else return undefined;
  const pos = positionalArgs(args, PIP_OPTIONS_WITH_VALUE);
  if (pos[0] !== 'install') return undefined;
  return { cmd, args, operands: pos.slice(1) };
}

/** pip installs of a RUN. */
export function pipInstalls(run: Instruction): PipInstall[] {
  return run
    .shell()
    .commands.map(pipInstall)
    .filter((p): p is PipInstall => p !== undefined);
}
