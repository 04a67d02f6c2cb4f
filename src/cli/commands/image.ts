import { BulkheadError } from '../../core/errors.js';
import { resolveImageTarget, openImageTarget } from '../../artifact/image/target.js';
import { IMAGE_RULES } from '../../rules/image/index.js';
import { SCANNER_NAMES, type ScannerName } from '../../scanners/image/layer-analysis.js';
import { scanImage, type LayerStore } from '../../scanners/image/scan.js';
import { homedir } from 'node:os';
import type { RegistryOptions } from '../../registry/client.js';
import { readStdin } from '../io.js';
import type { ImageSourceFlags, ScanFlags } from '../options.js';
import { terminalProgress } from '../progress.js';
import { emitReport, prepareScan } from '../scan-common.js';

export interface ImageFlags extends ImageSourceFlags {
  scanners: ScannerName[];
  listPackages: boolean;
}

/** Registry options from flags; the environment and home folder come in here, at the edge. */
export async function registryOptions(flags: ImageFlags): Promise<RegistryOptions> {
  const opts: RegistryOptions = { env: process.env, homeDir: homedir(), insecure: flags.insecureRegistry };
  if (flags.username !== undefined) opts.username = flags.username;
  if (flags.passwordStdin) {
    if (flags.password !== undefined)
      throw new BulkheadError('USAGE', '--password and --password-stdin together', 'use one of them');
    opts.password = (await readStdin()).toString('utf8').replace(/\r?\n$/, '');
  } else if (flags.password !== undefined) opts.password = flags.password;
  if (flags.caCert !== undefined) opts.caFile = flags.caCert;
  return opts;
}

export function parseScanners(value: string): ScannerName[] {
  const out: ScannerName[] = [];
  for (const raw of value.split(',')) {
    const s = raw.trim().toLowerCase();
    if (s === '') continue;
    if (!(SCANNER_NAMES as readonly string[]).includes(s))
      throw new BulkheadError(
        'USAGE',
        `--scanners: "${raw.trim()}" is not a scanner`,
        `use a comma-separated list of ${SCANNER_NAMES.join(', ')}`,
      );
    out.push(s as ScannerName);
  }
  if (out.length === 0)
    throw new BulkheadError('USAGE', '--scanners: no scanner given', `use ${SCANNER_NAMES.join(',')}`);
  return out;
}

/** Opens the layer cache, or explains why the scan goes on without it. */
export async function openStore(
  flags: ImageFlags,
  warnings: string[],
): Promise<{ store?: LayerStore; close(): void }> {
  if (!flags.cache) return { close: () => undefined };
  const { LayerCache, defaultCacheDir } = await import('../../cache/layer-cache.js');
  const dir = flags.cacheDir ?? defaultCacheDir(process.env);
  try {
    const cache = new LayerCache(dir);
    return {
      store: cache,
      close: () => {
        cache.close();
      },
    };
  } catch (e) {
    warnings.push(
      `layer cache in ${dir} is unusable (${e instanceof Error ? e.message : String(e)}); scanning without it (run \`bulkhead cache clean\`)`,
    );
    return { close: () => undefined };
  }
}

/** `bulkhead image <target>`: scan a container image. Returns the exit code. */
export async function runImageCommand(target: string, flags: ScanFlags, image: ImageFlags): Promise<number> {
  const prep = await prepareScan(flags);
  const resolved = await resolveImageTarget(target);
  const source = await openImageTarget(
    resolved,
    image.platform,
    resolved.kind === 'registry' ? await registryOptions(image) : undefined,
  );
  const warnings: string[] = [];
  const store = await openStore(image, warnings);
  try {
    const progress = flags.quiet ? undefined : terminalProgress(process.stderr, () => Date.now());
    const result = await scanImage(source, {
      scanners: new Set(image.scanners),
      disabled: prep.config.rules.disable,
      now: Date.now(),
      packages: image.listPackages,
      ...(store.store ? { store: store.store } : {}),
      ...(progress ? { progress } : {}),
    });
    warnings.push(...result.warnings);
    return await emitReport(
      prep,
      IMAGE_RULES,
      result.findings,
      result.artifact,
      [],
      warnings,
      result.inventory?.packages,
    );
  } finally {
    store.close();
  }
}
