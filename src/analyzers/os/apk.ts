import type { Package } from '../../core/package.js';

/*
 * apk's installed database (`lib/apk/db/installed`): one paragraph per package, one-letter keys
 * (`P:` name, `V:` version, `A:` arch, `o:` origin = source package, `L:` licence, `D:` depends,
 * `F:` a folder and the `R:` files in it that follow). See apk-tools' "Installed database" docs.
 */
export function parseApkInstalled(path: string, bytes: Buffer): { packages: Package[]; warnings: string[] } {
  const packages: Package[] = [];
  const warnings: string[] = [];
  let cur: Partial<Package> & { files: string[] } = { files: [] };
  let dir = '';
  let bad = 0;
  const flush = (): void => {
    if (cur.name && cur.version) {
      const p: Package = { type: 'apk', name: cur.name, version: cur.version, path, files: cur.files };
      if (cur.arch) p.arch = cur.arch;
      p.sourceName = cur.sourceName ?? cur.name;
      if (cur.licenses) p.licenses = cur.licenses;
      if (cur.dependsOn && cur.dependsOn.length > 0) p.dependsOn = cur.dependsOn;
      packages.push(p);
    } else if (cur.name || cur.version) bad++;
    cur = { files: [] };
    dir = '';
  };
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line[1] !== ':') continue;
    const v = line.slice(2);
    switch (line[0]) {
      case 'P':
        cur.name = v;
        break;
      case 'V':
        cur.version = v;
        break;
      case 'A':
        cur.arch = v;
        break;
      case 'o':
        cur.sourceName = v;
        break;
      case 'L':
        // `MPL-2.0 AND MIT` lists licences that all apply (as do older space-separated lists); a choice
        // (`OR`), an exception (`WITH`) or a grouping would lose its meaning as a list: kept whole.
        cur.licenses = /\b(?:OR|WITH)\b|[()]/.test(v)
          ? [v.trim()]
          : v.split(/\s+/).filter((l) => l !== '' && l !== 'AND');
        break;
      case 'D':
        // `so:libc.musl-x86_64.so.1 cmd:foo /bin/sh pkg>=1`: keep package names, not virtual provides
        // or files.
        cur.dependsOn = v
          .split(/\s+/)
          .filter((d) => d !== '' && !d.includes(':') && !d.startsWith('!') && !d.startsWith('/'))
          .map((d) => d.replace(/[<>=~].*$/, ''));
        break;
      case 'F':
        dir = v;
        break;
      case 'R':
        cur.files.push(dir ? `${dir}/${v}` : v);
        break;
      default:
        break;
    }
  }
  flush();
  if (bad > 0) warnings.push(`${path}: ${String(bad)} entries without P: or V: skipped`);
  return { packages, warnings };
}
