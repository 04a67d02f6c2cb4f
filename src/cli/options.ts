import { Command, Option } from 'commander';
import { BulkheadError } from '../core/errors.js';
import { parseSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/context.js';

/** The flags every scanning command shares. */
export interface ScanFlags {
  format?: OutputFormat;
  output?: string;
  severity?: Severity[];
  failOn?: Severity;
  ignoreFile: string;
  ignoreFileExplicit: boolean;
  config: string;
  configExplicit: boolean;
  quiet: boolean;
  color: boolean;
  debug: boolean;
  showSuppressed: boolean;
}

function severityList(value: string): Severity[] {
  return value
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const sev = parseSeverity(s);
      if (!sev)
        throw new BulkheadError(
          'USAGE',
          `--severity: "${s.trim()}" is not a severity`,
          `use a comma-separated list of ${SEVERITIES.join(', ')}`,
        );
      return sev;
    });
}

function oneSeverity(value: string): Severity {
  const sev = parseSeverity(value);
  if (!sev)
    throw new BulkheadError(
      'USAGE',
      `--fail-on: "${value}" is not a severity`,
      `use one of ${SEVERITIES.join(', ')}`,
    );
  return sev;
}

/** Adds the shared flags to a scanning command. */
export function addScanOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format (default: table, or format in bulkhead.yaml)',
      ).choices([...OUTPUT_FORMATS]),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-s, --severity <list>', 'severities to show, comma-separated (default: all)', severityList)
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding at or above this severity is reported',
      oneSeverity,
    )
    .option('--ignore-file <file>', 'ignore file (YAML)', '.bulkheadignore')
    .option('-c, --config <file>', 'configuration file', 'bulkhead.yaml')
    .option('--show-suppressed', 'also show suppressed findings', false)
    .option('-q, --quiet', 'print nothing but the report', false)
    .option('--no-color', 'never colour the output')
    .option('--debug', 'print stack traces on errors', false);
}

export function readScanFlags(cmd: Command): ScanFlags {
  const o = cmd.opts<{
    format?: OutputFormat;
    output?: string;
    severity?: Severity[];
    failOn?: Severity;
    ignoreFile: string;
    config: string;
    showSuppressed: boolean;
    quiet: boolean;
    color: boolean;
    debug: boolean;
  }>();
  const flags: ScanFlags = {
    ignoreFile: o.ignoreFile,
    ignoreFileExplicit: cmd.getOptionValueSource('ignoreFile') === 'cli',
    config: o.config,
    configExplicit: cmd.getOptionValueSource('config') === 'cli',
    quiet: o.quiet,
    color: o.color,
    debug: o.debug,
    showSuppressed: o.showSuppressed,
  };
  if (o.format) flags.format = o.format;
  if (o.output) flags.output = o.output;
  if (o.severity) flags.severity = o.severity;
  if (o.failOn) flags.failOn = o.failOn;
  return flags;
}

/** How an image is found and read: platform, layer cache, registry access (`image`, `sbom`). */
export interface ImageSourceFlags {
  platform: string;
  cache: boolean;
  cacheDir?: string;
  username?: string;
  password?: string;
  passwordStdin: boolean;
  caCert?: string;
  insecureRegistry: string[];
}

export function addImageSourceOptions(cmd: Command): Command {
  return cmd
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image', 'linux/amd64')
    .option('--cache-dir <dir>', 'layer cache folder (default: BULKHEAD_CACHE_DIR or the user cache folder)')
    .option('--no-cache', 'neither read nor write the layer cache')
    .option('--username <user>', 'registry user name (or BULKHEAD_REGISTRY_USERNAME)')
    .option('--password <password>', 'registry password or token (or BULKHEAD_REGISTRY_PASSWORD)')
    .option('--password-stdin', 'read the registry password from stdin', false)
    .option('--ca-cert <file>', 'PEM file of CA certificates the registry may use (added to the system CAs)')
    .option(
      '--insecure-registry <host>',
      'allow plain HTTP or an unverified certificate for this registry host (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    );
}

export function readImageSourceFlags(cmd: Command): ImageSourceFlags {
  const o = cmd.opts<ImageSourceFlags>();
  const flags: ImageSourceFlags = {
    platform: o.platform,
    cache: o.cache,
    passwordStdin: o.passwordStdin,
    insecureRegistry: o.insecureRegistry,
  };
  if (o.cacheDir !== undefined) flags.cacheDir = o.cacheDir;
  if (o.username !== undefined) flags.username = o.username;
  if (o.password !== undefined) flags.password = o.password;
  if (o.caCert !== undefined) flags.caCert = o.caCert;
  return flags;
}
