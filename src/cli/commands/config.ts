import { discoverDockerfiles } from '../../artifact/fs/discover.js';
import type { Finding } from '../../core/finding.js';
import { DOCKERFILE_RULES } from '../../rules/dockerfile/index.js';
import { scanDockerfile } from '../../scanners/dockerfile.js';
import { readStdin } from '../io.js';
import type { ScanFlags } from '../options.js';
import { emitReport, prepareScan } from '../scan-common.js';
import { scanFiles } from '../scan-files.js';

/** `bulkhead config <path...|->`: scan Dockerfiles. Returns the exit code. */
export async function runConfigCommand(paths: string[], flags: ScanFlags): Promise<number> {
  const prep = await prepareScan(flags);
  const { config } = prep;
  const targets = paths.length > 0 ? paths : ['.'];
  const scanOpts = { settings: config.dockerfile, disabled: config.rules.disable };
  const findings: Finding[] = [];
  const files: string[] = [];
  const warnings: string[] = [];

  const fsTargets = targets.filter((t) => t !== '-');
  if (targets.includes('-')) {
    const bytes = await readStdin();
    files.push('-');
    findings.push(...scanDockerfile('-', bytes, scanOpts));
  }
  const found = await discoverDockerfiles(fsTargets, process.cwd());
  warnings.push(...found.warnings);
  files.push(...found.files.map((f) => f.display));
  findings.push(...scanFiles(found.files, scanOpts));
  if (files.length === 0) warnings.push(`no Dockerfiles found in ${fsTargets.join(', ')}`);
  return emitReport(
    prep,
    DOCKERFILE_RULES,
    findings,
    { name: targets.join(' '), type: 'config' },
    files,
    warnings,
  );
}
