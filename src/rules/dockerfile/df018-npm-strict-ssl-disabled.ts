import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';

/** npm's option parser reads "false", "0" and "null" as false for a boolean. */
const NPM_FALSE = /^(?:false|0|null)$/i;
/** Options of `npm config` that take a separate value, so it is not read as a key. */
const NPM_CONFIG_WITH_VALUE = ['--location', '-L', '--userconfig', '--globalconfig', '--prefix'];

/** `key value` and `key=value` operands of `... config set`, in order. */
function setPairs(operands: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < operands.length; i++) {
    const o = operands[i] ?? '';
    const eq = o.indexOf('=');
    if (eq > 0) pairs.push([o.slice(0, eq), o.slice(eq + 1)]);
    else pairs.push([o, operands[++i] ?? '']);
  }
  return pairs;
}

function operandsOf(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (NPM_CONFIG_WITH_VALUE.includes(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** `npm config set strict-ssl false`, `npm set strict-ssl=false`, `yarn config set enableStrictSsl false`. */
function configSetIssues(cmd: ShellCommand): string[] {
  const ops = operandsOf(cmd.args);
  let rest: string[] | undefined;
  if (ops[0] === 'set' && cmd.name !== 'yarn') rest = ops.slice(1);
  else if ((ops[0] === 'config' || ops[0] === 'c') && ops[1] === 'set') rest = ops.slice(2);
  if (!rest) return [];
  return setPairs(rest)
    .filter(
      ([k, v]) => /^(?:strict-ssl|enableStrictSsl)$/.test(k.replace(/^["']|["']$/g, '')) && NPM_FALSE.test(v),
    )
    .map(([k, v]) => `${cmd.name} config set ${k} ${v}`);
}

/** `npm ci --strict-ssl=false`, `--no-strict-ssl`, `--strict-ssl false` on any npm/pnpm command. */
function flagIssues(cmd: ShellCommand): string[] {
  const out: string[] = [];
  cmd.args.forEach((a, i) => {
    if (a === '--no-strict-ssl') out.push(a);
    else if (a.startsWith('--strict-ssl=') && NPM_FALSE.test(a.slice('--strict-ssl='.length))) out.push(a);
    else if (a === '--strict-ssl' && NPM_FALSE.test(cmd.args[i + 1] ?? ''))
      out.push(`${a} ${cmd.args[i + 1] ?? ''}`);
  });
  return out.map((f) => `${cmd.name} ${f}`);
}

export const npmStrictSslDisabled: DockerfileRule = {
  id: 'DF018',
  name: 'npm-strict-ssl-disabled',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'npm/yarn/pnpm configured with strict-ssl disabled',
  severity: 'HIGH',
  description:
    "With `strict-ssl` false npm (and yarn or pnpm) no longer validates the registry's TLS certificate, so anyone who can intercept the build traffic can serve modified tarballs. npm packages run install scripts during the build and their code ships in the image; the setting is written to the npmrc and stays in force for every later install, in the image too.",
  remediation:
    'Remove the setting. For a registry with a private CA, point npm at the CA instead of disabling checks: `npm config set cafile /usr/local/share/ca-certificates/corp-ca.crt` (or `NODE_EXTRA_CA_CERTS`), and install from a lockfile with integrity hashes (`npm ci`).',
  references: [
    'https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl',
    'https://classic.yarnpkg.com/en/docs/cli/config',
    'https://yarnpkg.com/configuration/yarnrc#enableStrictSsl',
  ],
  mappings: { checkov: ['CKV2_DOCKER_13'] },
  tags: ['supply-chain', 'tls'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd) => {
        if (cmd.name === 'npm' || cmd.name === 'pnpm') return [...configSetIssues(cmd), ...flagIssues(cmd)];
        if (cmd.name === 'yarn') return configSetIssues(cmd);
        return [];
      },
      (details) => `TLS certificate verification disabled for the package registry: ${details.join('; ')}.`,
    );
  },
};
