import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openImageTarget, resolveImageTarget } from '../../artifact/image/target.js';
import type { ArtifactInfo } from '../../core/report.js';
import type { Inventory } from '../../scanners/inventory.js';
import { looksLikeRootfs, scanFolder } from '../../scanners/folder.js';
import { scanImage } from '../../scanners/image/scan.js';
import { renderCycloneDx } from '../../report/sbom/cyclonedx.js';
import { renderSpdx } from '../../report/sbom/spdx.js';
import { toolVersion } from '../../version.js';
import { todayIso, writeOutputFile } from '../io.js';
import { terminalProgress } from '../progress.js';
import type { ImageSourceFlags } from '../options.js';
import { openStore, registryOptions, type ImageFlags } from './image.js';

export interface SbomFlags extends ImageSourceFlags {
  format: 'cyclonedx' | 'spdx';
  output?: string;
  quiet: boolean;
}

function isPlainFolder(target: string): boolean {
  try {
    return statSync(target).isDirectory() && !existsSync(join(target, 'oci-layout'));
  } catch {
    return false;
  }
}

/** `bulkhead sbom <target>`: the inventory of an image or folder as CycloneDX or SPDX. */
export async function runSbomCommand(target: string, flags: SbomFlags): Promise<number> {
  let artifact: ArtifactInfo;
  let inventory: Inventory | undefined;
  const warnings: string[] = [];
  if (isPlainFolder(target)) {
    const kind = looksLikeRootfs((p) => existsSync(join(target, p))) ? 'rootfs' : 'fs';
    const r = scanFolder(target, { kind, scanners: new Set(), packages: true });
    artifact = { name: target, type: kind === 'rootfs' ? 'rootfs' : 'filesystem' };
    inventory = r.inventory;
    warnings.push(...r.warnings);
  } else {
    const image: ImageFlags = { ...flags, scanners: [], listPackages: true };
    const resolved = await resolveImageTarget(target);
    const source = await openImageTarget(
      resolved,
      flags.platform,
      resolved.kind === 'registry' ? await registryOptions(image) : undefined,
    );
    const store = await openStore(image, warnings);
    try {
      const progress = flags.quiet ? undefined : terminalProgress(process.stderr, () => Date.now());
      const r = await scanImage(source, {
        scanners: new Set(),
        now: Date.now(),
        packages: true,
        ...(store.store ? { store: store.store } : {}),
        ...(progress ? { progress } : {}),
      });
      artifact = r.artifact;
      inventory = r.inventory;
      warnings.push(...r.warnings);
    } finally {
      store.close();
    }
  }
  const input = {
    artifact,
    packages: inventory?.packages ?? [],
    toolVersion: toolVersion(),
    now: todayIso(),
    uuid: randomUUID(),
    ...(inventory?.os ? { os: inventory.os } : {}),
  };
  const text = flags.format === 'spdx' ? renderSpdx(input) : renderCycloneDx(input);
  if (flags.output !== undefined) await writeOutputFile(flags.output, text);
  else process.stdout.write(text);
  if (!flags.quiet) for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  return 0;
}
