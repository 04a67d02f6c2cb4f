import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';

/** Git's false values; an empty value (`-c http.sslVerify=`) is false too. */
const GIT_FALSE = /^(?:false|no|off|0|)$/i;
/** `http.sslVerify` or the per-URL `http.<url>.sslVerify`; git keys are case-insensitive. */
const SSL_VERIFY_KEY = /^http\.(?:.+\.)?sslverify$/i;

/** Global git options before the subcommand that take a separate value. */
const GIT_GLOBAL_WITH_VALUE = [
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--config-env',
  '--exec-path',
];
/** `git config` options that take a separate value. */
const GIT_CONFIG_WITH_VALUE = ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value'];

function gitIssues(args: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  // Global options: `git -c http.sslVerify=false clone ...`
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-')) break;
    if (a === '-c') {
      const kv = args[i + 1] ?? '';
      const eq = kv.indexOf('=');
      if (eq > 0 && SSL_VERIFY_KEY.test(kv.slice(0, eq)) && GIT_FALSE.test(kv.slice(eq + 1)))
        out.push(`-c ${kv}`);
    }
    if (GIT_GLOBAL_WITH_VALUE.includes(a)) i++;
  }
  if (args[i] !== 'config') return out;
  // `git config [--global] http.sslVerify false`, `git config set http.sslVerify false` (git 2.46+)
  const operands: string[] = [];
  for (let j = i + 1; j < args.length; j++) {
    const a = args[j] ?? '';
    if (GIT_CONFIG_WITH_VALUE.includes(a)) j++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  if (operands[0] === 'set') operands.shift();
  const [key, value] = operands;
  if (key !== undefined && value !== undefined && SSL_VERIFY_KEY.test(key) && GIT_FALSE.test(value)) {
    out.push(`config ${key} ${value === '' ? '""' : value}`);
  }
  return out;
}

export const gitSslVerifyDisabled: DockerfileRule = {
  id: 'DF019',
  name: 'git-ssl-verify-disabled',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'git configured with http.sslVerify disabled',
  severity: 'HIGH',
  description:
    '`http.sslVerify=false` makes git accept any TLS certificate, so a network attacker can impersonate the Git server and serve different source code, submodules or build scripts, which are then compiled into the image. Set with `git config --global` it also stays in the image for every later clone or fetch.',
  remediation:
    'Remove the setting. For a Git server with a private CA, trust the CA instead: `git config --global http.sslCAInfo /usr/local/share/ca-certificates/corp-ca.crt` (or install it with `update-ca-certificates`), and pin what you clone to a commit SHA.',
  references: [
    'https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslVerify',
    'https://git-scm.com/docs/git#Documentation/git.txt--cltnamegtltvaluegt',
  ],
  mappings: {},
  tags: ['supply-chain', 'tls'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd: ShellCommand) => (cmd.name === 'git' ? gitIssues(cmd.args).map((d) => `git ${d}`) : []),
      (details) => `TLS certificate verification disabled for git: ${details.join('; ')}.`,
    );
  },
};
