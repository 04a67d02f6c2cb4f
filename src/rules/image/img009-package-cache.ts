import type { ImageHit, ImageRule } from '../types.js';
import { addedBy } from './lib/describe.js';

interface Cache {
  what: string;
  re: RegExp;
  fix: string;
}

// Caches package managers leave behind; the first capture group is the cache folder reported.
const CACHES: Cache[] = [
  {
    what: 'apt package lists',
    re: /^(var\/lib\/apt\/lists)\/(?!lock$|partial(?:\/|$)|auxfiles(?:\/|$))/,
    fix: 'rm -rf /var/lib/apt/lists/*',
  },
  {
    what: 'apt downloaded packages',
    re: /^(var\/cache\/apt)\/(?:archives\/[^/]+\.deb$|[^/]+\.bin$)/,
    fix: 'apt-get clean',
  },
  { what: 'apk cache', re: /^(var\/cache\/apk)\/[^/]+$/, fix: 'apk add --no-cache' },
  {
    what: 'dnf/yum cache',
    re: /^(var\/cache\/(?:dnf|yum))\/.+\.(?:rpm|sqlite(?:\.\w+)?|solv|xml(?:\.gz)?)$/,
    fix: 'dnf clean all',
  },
  { what: 'zypper cache', re: /^(var\/cache\/zypp)\/(?:packages|raw)\/.+$/, fix: 'zypper clean --all' },
  { what: 'pip cache', re: /^((?:root|home\/[^/]+)\/\.cache\/pip)\//, fix: 'pip install --no-cache-dir' },
  {
    what: 'npm cache',
    re: /^((?:root|home\/[^/]+)\/\.npm\/_cacache)\//,
    fix: 'npm ci && npm cache clean --force',
  },
  {
    what: 'yarn cache',
    re: /^((?:usr\/local\/share|root|home\/[^/]+)\/\.cache\/yarn)\//,
    fix: 'yarn cache clean',
  },
  { what: 'Go build cache', re: /^((?:root|home\/[^/]+)\/\.cache\/go-build)\//, fix: 'go clean -cache' },
];

// Every cache above lives under one of these: one test per file instead of nine.
const CACHE_ROOTS = /^(?:var\/(?:lib\/apt|cache)|root|home|usr\/local\/share)\//;

function mib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(0)} KiB`;
}

export const packageCache: ImageRule = {
  id: 'IMG009',
  name: 'package-cache-left',
  target: 'image',
  class: 'image-config',
  title: 'Package manager cache left in the image',
  severity: 'LOW',
  description:
    'Package indexes and downloaded packages make the image larger and slower to pull, and the stale indexes make later installs inside the container pick outdated packages. The cleanup must happen in the same RUN that installs: a later `rm` does not shrink the earlier layer.',
  remediation:
    'Clean up in the installing RUN (`apt-get install ... && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`), or use a cache mount: `RUN --mount=type=cache,target=/var/cache/apt ...`.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-di-0005',
  ],
  mappings: { dockle: ['DKL-DI-0005', 'DKL-DI-0004'] },
  tags: ['hygiene'],
  check(ctx) {
    if (ctx.kind === 'fs') return [];
    const found = new Map<string, { cache: Cache; files: number; bytes: number; layer: number }>();
    for (const [path, rec] of ctx.files) {
      if (rec.entry.type !== 'file' || !CACHE_ROOTS.test(path)) continue;
      for (const cache of CACHES) {
        const m = cache.re.exec(path);
        if (!m?.[1]) continue;
        const f = found.get(m[1]) ?? { cache, files: 0, bytes: 0, layer: rec.layer };
        f.files++;
        f.bytes += rec.entry.size;
        f.layer = Math.min(f.layer, rec.layer);
        found.set(m[1], f);
        break;
      }
    }
    const hits: ImageHit[] = [];
    for (const [dir, f] of found) {
      hits.push({
        path: dir,
        layer: f.layer,
        message: `${f.cache.what} in /${dir}: ${String(f.files)} file${f.files === 1 ? '' : 's'}, ${mib(f.bytes)}${addedBy(ctx, f.layer)}; clean it in the same RUN (${f.cache.fix})`,
        key: `cache:${dir}`,
      });
    }
    return hits;
  },
};
