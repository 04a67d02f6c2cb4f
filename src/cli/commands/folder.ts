import { IMAGE_RULES } from '../../rules/image/index.js';
import { allRules } from '../../rules/registry.js';
import type { ArtifactInfo } from '../../core/report.js';
import { scanFolder } from '../../scanners/folder.js';
import type { ScannerName } from '../../scanners/image/layer-analysis.js';
import type { ScanFlags } from '../options.js';
import { emitReport, prepareScan } from '../scan-common.js';

/** `bulkhead fs <dir>` and `bulkhead rootfs <dir>`: the image analyzers over a plain folder. */
export async function runFolderCommand(
  kind: 'fs' | 'rootfs',
  dir: string,
  flags: ScanFlags,
  scanners: ScannerName[],
  listPackages = false,
): Promise<number> {
  const prep = await prepareScan(flags);
  const result = scanFolder(dir, {
    kind,
    scanners: new Set(scanners),
    disabled: prep.config.rules.disable,
    settings: prep.config.dockerfile,
    packages: listPackages,
  });
  const artifact: ArtifactInfo = { name: dir, type: kind === 'fs' ? 'filesystem' : 'rootfs' };
  if (result.inventory?.os)
    artifact.os = { family: result.inventory.os.family, version: result.inventory.os.version };
  return emitReport(
    prep,
    kind === 'fs' ? allRules() : IMAGE_RULES,
    result.findings,
    artifact,
    result.files,
    result.warnings,
    result.inventory?.packages,
  );
}
