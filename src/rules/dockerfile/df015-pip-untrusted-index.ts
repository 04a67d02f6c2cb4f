import type { ShellCommand } from '../../analyzers/config/dockerfile/shell.js';
import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { isLoopbackHost, isPlainHttpUrl } from './lib/tls.js';

/** The pip arguments of `pip ...`, `pip3.12 ...`, `python3 -m pip ...`; undefined for anything else. */
function pipArgs(cmd: ShellCommand): string[] | undefined {
  if (/^pip(?:\d+(?:\.\d+)*)?$/.test(cmd.name)) return cmd.args;
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(cmd.name)) {
    const m = cmd.args.findIndex(
      (a, i) => (a === '-m' && /^pip\d*$/.test(cmd.args[i + 1] ?? '')) || /^-mpip\d*$/.test(a),
    );
    if (m < 0) return undefined;
    return cmd.args.slice(cmd.args[m] === '-m' ? m + 2 : m + 1);
  }
  return undefined;
}

const INDEX_OPTIONS = ['--index-url', '--extra-index-url', '-i'];

/** Value of `--opt value`, `--opt=value` or `-ivalue` at position i, with the index of the last word used. */
function optionValue(
  args: string[],
  i: number,
  names: string[],
): { value: string; next: number } | undefined {
  const a = args[i] ?? '';
  for (const n of names) {
    if (a === n) return { value: args[i + 1] ?? '', next: i + 1 };
    if (n.startsWith('--') && a.startsWith(`${n}=`)) return { value: a.slice(n.length + 1), next: i };
    if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length)
      return { value: a.slice(n.length), next: i };
  }
  return undefined;
}

/** pip options that take a value in `pip config` (to find the `set key value` operands). */
const PIP_CONFIG_WITH_VALUE = [
  '--editor',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--cert',
  '--cache-dir',
];

function pipIssues(args: string[]): string[] {
  const out: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    const trusted = optionValue(args, i, ['--trusted-host']);
    if (trusted) {
      i = trusted.next;
      if (!isLoopbackHost(trusted.value.split(':')[0] ?? '')) out.push(`--trusted-host ${trusted.value}`);
      continue;
    }
    const index = optionValue(args, i, INDEX_OPTIONS);
    if (index) {
      i = index.next;
      if (isPlainHttpUrl(index.value))
        out.push(`${a.startsWith('--') ? (a.split('=')[0] ?? a) : '-i'} ${index.value}`);
      continue;
    }
    if (PIP_CONFIG_WITH_VALUE.includes(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) operands.push(a);
  }
  // `pip config set global.trusted-host h` / `pip config set global.index-url http://...`
  if (operands[0] === 'config' && operands[1] === 'set') {
    const key = operands[2] ?? '';
    const value = operands[3] ?? '';
    if (/\.trusted-host$/.test(key) && value !== '') out.push(`config set ${key} ${value}`);
    if (/\.(?:extra-)?index-url$/.test(key) && value.split(/\s+/).some(isPlainHttpUrl)) {
      out.push(`config set ${key} ${value}`);
    }
  }
  return out;
}

export const pipUntrustedIndex: DockerfileRule = {
  id: 'DF015',
  name: 'pip-untrusted-index',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'pip installs from a host without TLS verification (--trusted-host or an http:// index)',
  severity: 'HIGH',
  description:
    "`--trusted-host` tells pip to skip certificate verification for that host, and an `http://` index has no TLS at all, so anyone on the network path of the build can answer pip's requests with a trojaned wheel or sdist. An sdist runs arbitrary `setup.py` code at install time, and the package ends up in the image.",
  remediation:
    "Use an `https://` index with a valid certificate and drop `--trusted-host`. For an internal index with a private CA, install the CA into the build's trust store or pass `--cert /path/ca.pem` (or `PIP_CERT`). Pin packages with hashes for integrity: `pip install --require-hashes -r requirements.txt`.",
  references: [
    'https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-trusted-host',
    'https://pip.pypa.io/en/stable/topics/https-certificates/',
    'https://pip.pypa.io/en/stable/topics/secure-installs/',
  ],
  mappings: { checkov: ['CKV2_DOCKER_4'] },
  tags: ['supply-chain', 'tls'],
  check(df) {
    return hitsPerRun(
      df,
      (cmd) => {
        const args = pipArgs(cmd);
        if (args) return pipIssues(args).map((d) => `pip ${d}`);
        // uv's equivalent of --trusted-host.
        if (cmd.name === 'uv') {
          const out: string[] = [];
          cmd.args.forEach((a, i) => {
            const v = optionValue(cmd.args, i, ['--allow-insecure-host', '--trusted-host']);
            if (v && !isLoopbackHost(v.value.split(':')[0] ?? ''))
              out.push(`uv ${a.split('=')[0] ?? a} ${v.value}`);
          });
          return out;
        }
        return [];
      },
      (details) => `Python packages fetched without TLS verification: ${details.join('; ')}.`,
    );
  },
};
