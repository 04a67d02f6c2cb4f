// Image benchmark: `npm run bench:image`. Builds a real Debian image once (bench/build-image.sh:
// debootstrap bookworm + umoci into an OCI layout), then prints, in one run:
//   - the decompression floor: streaming gunzip of the image's layers in this Node process;
//   - `bulkhead image --scanners secret,misconfig --no-cache` as a ratio to that floor;
//   - the warm-cache rescan as a ratio to the floor;
//   - peak RSS of the scan, for the image and for a three-times-larger one (same rootfs twice more
//     in two extra layers), which should stay flat.
// Aims (issue 3): cold <= 1.3x the floor, warm <= 0.1x, peak RSS <= 250 MB and flat.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const work = process.env.BENCH_IMAGE_WORK ?? join(root, 'bench', '.work');
const runs = Number(process.env.BENCH_RUNS ?? 3);

const layout = execFileSync(join(root, 'bench', 'build-image.sh'), [work], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();

function blobs(tag) {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const m = index.manifests.find((d) => d.annotations?.['org.opencontainers.image.ref.name'] === tag);
  const manifest = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', m.digest.slice(7)), 'utf8'));
  return manifest.layers.map((l) => join(layout, 'blobs', 'sha256', l.digest.slice(7)));
}

async function gunzipAll(files) {
  let out = 0;
  for (const f of files) {
    await pipeline(
      createReadStream(f, { highWaterMark: 1 << 20 }),
      createGunzip(),
      new Writable({
        write(chunk, _enc, cb) {
          out += chunk.length;
          cb();
        },
      }),
    );
  }
  return out;
}

async function best(fn) {
  let min = Infinity;
  let last;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, last };
}

function scan(tag, extra) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      join(root, 'bench', 'rss-hook.mjs'),
      join(root, 'dist', 'cli', 'bin.js'),
      'image',
      `oci:${layout}:${tag}`,
      '--scanners',
      'secret,misconfig',
      '-f',
      'json',
      '-o',
      '/dev/null',
      '-q',
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan failed (${r.status}): ${r.stderr}`);
  const rss = Number(/bench-maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { ms, rss };
}

function bestScan(tag, extra) {
  let ms = Infinity;
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const r = scan(tag, extra);
    ms = Math.min(ms, r.ms);
    rss = Math.max(rss, r.rss);
  }
  return { ms, rss };
}

const fmt = (n, d = 0) => n.toFixed(d);
console.log(`image benchmark: ${layout} (best of ${runs})`);
for (const tag of ['base', 'x3']) {
  const files = blobs(tag);
  const compressed = files.reduce((n, f) => n + statSync(f).size, 0);
  const floor = await best(() => gunzipAll(files));
  const cold = bestScan(tag, ['--no-cache']);
  const cache = mkdtempSync(join(tmpdir(), 'bulkhead-bench-cache-'));
  scan(tag, ['--cache-dir', cache]);
  const warm = bestScan(tag, ['--cache-dir', cache]);
  rmSync(cache, { recursive: true, force: true });
  console.log(
    `${tag}: ${files.length} layer(s), ${fmt(compressed / 1e6)} MB compressed, ${fmt(floor.last / 1e6)} MB uncompressed`,
  );
  console.log(
    `  floor (gunzip stream)        ${fmt(floor.ms)} ms  (${fmt(floor.last / 1e6 / (floor.ms / 1000))} MB/s)`,
  );
  console.log(
    `  cold scan, --no-cache        ${fmt(cold.ms)} ms  = ${fmt(cold.ms / floor.ms, 2)}x floor (aim <= 1.3)  peak RSS ${fmt(cold.rss)} MB`,
  );
  console.log(
    `  warm rescan, cached layers   ${fmt(warm.ms)} ms  = ${fmt(warm.ms / floor.ms, 2)}x floor (aim <= 0.1)  peak RSS ${fmt(warm.rss)} MB`,
  );
}
