import { Command, CommanderError, Option } from 'commander';
import { BulkheadError, exitCodeFor } from '../core/errors.js';
import { toolVersion } from '../version.js';
import { addImageSourceOptions, addScanOptions, readImageSourceFlags, readScanFlags } from './options.js';

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('bulkhead')
    .description('Container security from the Dockerfile to the cluster.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => {
        write(`bulkhead: ${str.replace(/^error: /, '').trimEnd()} (see bulkhead --help)\n`);
      },
    });

  addScanOptions(
    program
      .command('config')
      .description('scan Dockerfiles (files, folders searched recursively, or - for stdin)')
      .argument('[paths...]', 'files or folders; - reads stdin', ['.']),
  ).action(async (paths: string[], _opts: unknown, cmd: Command) => {
    const { runConfigCommand } = await import('./commands/config.js');
    setCode(await runConfigCommand(paths, readScanFlags(cmd)));
  });

  addImageSourceOptions(
    addScanOptions(
      program
        .command('image')
        .description(
          'scan a container image: a registry reference, a docker save archive, an OCI archive or an OCI layout folder',
        )
        .argument(
          '<target>',
          'alpine:3.19, registry:5000/app@sha256:..., docker-archive:app.tar, oci-archive:app.tar, oci:dir[:tag], or a path',
        )
        .option(
          '--scanners <list>',
          'scanners to run, comma-separated: secret, misconfig',
          'secret,misconfig',
        )
        .option('--list-packages', 'add the package inventory to the report', false),
    ),
  ).action(async (target: string, _opts: unknown, cmd: Command) => {
    const { runImageCommand, parseScanners } = await import('./commands/image.js');
    const o = cmd.opts<{ scanners: string; listPackages: boolean }>();
    const image = {
      ...readImageSourceFlags(cmd),
      scanners: parseScanners(o.scanners),
      listPackages: o.listPackages,
    };
    setCode(await runImageCommand(target, readScanFlags(cmd), image));
  });

  for (const [name, what] of [
    ['fs', 'scan a folder (a source tree, a build context): secrets, sensitive files, Dockerfiles'],
    [
      'rootfs',
      'scan an unpacked root filesystem: secrets, sensitive files, setuid and world-writable files, caches',
    ],
  ] as const) {
    addScanOptions(
      program
        .command(name)
        .description(what)
        .argument('<dir>', 'the folder')
        .option(
          '--scanners <list>',
          'scanners to run, comma-separated: secret, misconfig',
          'secret,misconfig',
        )
        .option('--list-packages', 'add the package inventory to the report', false),
    ).action(async (dir: string, _opts: unknown, cmd: Command) => {
      const { parseScanners } = await import('./commands/image.js');
      const { runFolderCommand } = await import('./commands/folder.js');
      const o = cmd.opts<{ scanners: string; listPackages: boolean }>();
      setCode(
        await runFolderCommand(name, dir, readScanFlags(cmd), parseScanners(o.scanners), o.listPackages),
      );
    });
  }

  addImageSourceOptions(program.command('sbom'))
    .description(
      'write a software bill of materials (CycloneDX 1.6 or SPDX 2.3 JSON) of an image or a folder',
    )
    .argument('<target>', 'any `bulkhead image` target, or a folder (a root filesystem when it has one)')
    .addOption(
      new Option('-f, --format <format>', 'SBOM format').choices(['cyclonedx', 'spdx']).default('cyclonedx'),
    )
    .option('-o, --output <file>', 'write the SBOM to a file instead of stdout')
    .option('-q, --quiet', 'print nothing but the SBOM', false)
    .option('--debug', 'print stack traces on errors', false)
    .action(async (target: string, _opts: unknown, cmd: Command) => {
      const { runSbomCommand } = await import('./commands/sbom.js');
      const o = cmd.opts<{ format: 'cyclonedx' | 'spdx'; output?: string; quiet: boolean }>();
      const flags: import('./commands/sbom.js').SbomFlags = {
        ...readImageSourceFlags(cmd),
        format: o.format,
        quiet: o.quiet,
      };
      if (o.output !== undefined) flags.output = o.output;
      setCode(await runSbomCommand(target, flags));
    });

  const cache = program.command('cache').description('manage the layer cache');
  cache
    .command('clean')
    .description('delete the cached layer analyses')
    .option('--cache-dir <dir>', 'layer cache folder (default: BULKHEAD_CACHE_DIR or the user cache folder)')
    .action(async (opts: { cacheDir?: string }) => {
      const { cleanCache, defaultCacheDir } = await import('../cache/layer-cache.js');
      const dir = opts.cacheDir ?? defaultCacheDir(process.env);
      const removed = cleanCache(dir);
      process.stdout.write(removed ? `removed the layer cache in ${dir}\n` : `no layer cache in ${dir}\n`);
      setCode(0);
    });

  const rules = program.command('rules').description('list and explain the rules');
  rules
    .command('list')
    .description('list every rule')
    .option('-f, --format <format>', 'table or json', 'table')
    .action(async (opts: { format: string }) => {
      const { runRulesList } = await import('./commands/rules.js');
      setCode(runRulesList(opts.format));
    });
  rules
    .command('explain')
    .description('explain one rule: why it matters, how to fix it, the same check in other tools')
    .argument('<id>', 'rule id (DF001) or name (missing-user)')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (id: string, opts: { format: string }) => {
      const { runRulesExplain } = await import('./commands/rules.js');
      setCode(runRulesExplain(id, opts.format));
    });

  for (const cmd of [program, rules, cache, ...program.commands, ...rules.commands, ...cache.commands]) {
    cmd.exitOverride().configureOutput({
      outputError: (str, write) => {
        write(
          `bulkhead: ${str.replace(/^error: /, '').trimEnd()} (see bulkhead ${cmd.name() === 'bulkhead' ? '' : cmd.name() + ' '}--help)\n`,
        );
      },
    });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  const debug = argv.includes('--debug');
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "errors" are successful exits.
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (e instanceof BulkheadError) {
      process.stderr.write(`bulkhead: ${e.message}${e.hint ? ` (${e.hint})` : ''}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return exitCodeFor(e.code);
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `bulkhead: internal error: ${msg.split('\n')[0] ?? ''} (rerun with --debug for details and report it)\n`,
    );
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 3;
  }
}
