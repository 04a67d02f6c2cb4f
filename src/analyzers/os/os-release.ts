import type { OsRelease } from '../../core/package.js';

/** Files that name the release, in the order they are trusted. */
export const RELEASE_FILES = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/alpine-release',
  'etc/debian_version',
  'etc/redhat-release',
  'etc/centos-release',
  'etc/system-release',
] as const;

/** os-release(5): `KEY=value` lines, values optionally quoted with shell-style escapes. */
export function parseOsReleaseFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    out[key] = value;
  }
  return out;
}

/**
 * The release, from whichever release files the image has (contents by path). os-release wins;
 * the older files fill in for images that lack it.
 */
export function detectOsRelease(files: ReadonlyMap<string, string>): OsRelease | undefined {
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const text = files.get(path);
    if (text === undefined) continue;
    const kv = parseOsReleaseFile(text);
    const family = kv.ID?.toLowerCase();
    if (!family) continue;
    let version = kv.VERSION_ID ?? '';
    // Debian testing/sid has no VERSION_ID; debian_version says `trixie/sid`.
    if (!version && family === 'debian') version = files.get('etc/debian_version')?.trim() ?? '';
    // Alpine's os-release VERSION_ID is the full release (3.19.1) already.
    const r: OsRelease = { family, version };
    if (kv.PRETTY_NAME) r.name = kv.PRETTY_NAME;
    if (kv.VERSION_CODENAME) r.codename = kv.VERSION_CODENAME;
    return r;
  }
  const alpine = files.get('etc/alpine-release')?.trim();
  if (alpine) return { family: 'alpine', version: alpine };
  const debian = files.get('etc/debian_version')?.trim();
  if (debian) return { family: 'debian', version: debian.split('.')[0] ?? debian };
  for (const path of ['etc/redhat-release', 'etc/centos-release', 'etc/system-release']) {
    const text = files.get(path)?.trim();
    if (!text) continue;
    const m = /^(.*?)\s+release\s+(\d+(?:\.\d+)*)/i.exec(text);
    if (!m?.[1] || !m[2]) continue;
    const name = m[1].toLowerCase();
    const family = name.includes('centos')
      ? 'centos'
      : name.includes('rocky')
        ? 'rocky'
        : name.includes('alma')
          ? 'almalinux'
          : name.includes('fedora')
            ? 'fedora'
            : name.includes('amazon')
              ? 'amzn'
              : 'rhel';
    return { family, version: m[2], name: text };
  }
  return undefined;
}
