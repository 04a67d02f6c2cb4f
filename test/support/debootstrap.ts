import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Debian bookworm root filesystem made by debootstrap (minbase, plus python3-yaml so that
 * a Python distribution owned by a Debian package is in it). Built once per machine into the temp
 * folder (~1 minute from the Debian mirror, `DEBIAN_MIRROR` to override) and reused: written to a
 * scratch folder and renamed into place, so an interrupted build is never mistaken for a good one.
 */
export function debootstrapRootfs(): string {
  const target = join(tmpdir(), 'bulkhead-debootstrap-bookworm-minbase');
  if (existsSync(join(target, 'etc', 'debian_version'))) return target;
  const scratch = `${target}.${String(process.pid)}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  execFileSync(
    'debootstrap',
    [
      '--variant=minbase',
      '--include=python3-yaml',
      'bookworm',
      scratch,
      process.env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian',
    ],
    { stdio: 'pipe', timeout: 600_000 },
  );
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
  return target;
}
