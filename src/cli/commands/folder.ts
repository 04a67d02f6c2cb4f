import { IMAGE_RULES } from '../../rules/image/index.js';
import { allRules } from '../../rules/registry.js';
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
): Promise<number> {
  const prep = await prepareScan(flags);
  const result = scanFolder(dir, {
    kind,
    scanners: new Set(scanners),
    disabled: prep.config.rules.disable,
    settings: prep.config.dockerfile,
  });
  return emitReport(
    prep,
    kind === 'fs' ? allRules() : IMAGE_RULES,
    result.findings,
    { name: dir, type: kind === 'fs' ? 'filesystem' : 'rootfs' },
    result.files,
    result.warnings,
  );
}
