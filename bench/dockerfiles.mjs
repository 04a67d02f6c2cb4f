#!/usr/bin/env node
// Benchmark: `bulkhead config` over 5,000 generated Dockerfiles, and `bulkhead --version` start-up.
// Prints figures and ratios against floors measured in the same run; it asserts nothing.
//   node bench/dockerfiles.mjs [count]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const out = join(root, 'bench', 'out', 'dockerfiles');
const count = Number(process.argv[2] ?? 5000);

// A small deterministic PRNG so every run scans the same corpus.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const bases = [
  'ubuntu:22.04',
  'debian:12-slim',
  'alpine:3.19',
  'node:20',
  'python:3.12-slim',
  'golang:1.22',
  'ubuntu',
  'nginx:latest',
  'gcr.io/distroless/static-debian12@sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b077d720e264880077c65',
];
const snippets = [
  () => [
    'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\',
    '    && rm -rf /var/lib/apt/lists/*',
  ],
  () => ['RUN apt-get update', 'RUN apt-get install -y git build-essential'],
  () => ['RUN apk add --no-cache bash=5.2.21-r0 curl'],
  () => ['RUN pip install --no-cache-dir flask==3.0.0 requests'],
  () => ['RUN npm ci && npm run build'],
  () => ['RUN curl -fsSL https://example.com/install.sh | sh'],
  () => [
    'RUN set -eux; \\',
    '    wget -O /tmp/x.tgz https://example.com/x.tgz; \\',
    '    tar -xzf /tmp/x.tgz -C /opt; \\',
    '    rm /tmp/x.tgz',
  ],
  () => [
    'RUN <<EOF',
    'set -e',
    'apt-get update',
    'apt-get install -y --no-install-recommends jq',
    'rm -rf /var/lib/apt/lists/*',
    'EOF',
  ],
  () => ['RUN <<EOF bash', 'for f in a b c; do', '  echo "$f" | tee -a /log', 'done', 'EOF'],
  () => ['ENV APP_ENV=production PORT=8080'],
  () => ['ARG VERSION=1.0.0', 'LABEL org.opencontainers.image.version=$VERSION'],
  () => ['COPY package.json package-lock.json ./'],
  () => ['ADD app.tar.gz /opt/app/'],
  () => ['WORKDIR /app'],
  () => ['RUN cd /tmp && make install'],
  () => ['RUN groupadd -r app && useradd -r -g app app'],
  () => ['RUN chmod 755 /usr/local/bin/entrypoint.sh'],
  () => [`ENV API_TOKEN=${Math.floor(rand() * 1e9).toString(16)}`],
  () => [
    'RUN if [ -f /etc/alpine-release ]; then apk add --no-cache tini; else apt-get update && apt-get install -y tini; fi',
  ],
  () => ['COPY <<EOF /etc/app.conf', 'listen = 0.0.0.0:8080', 'workers = 4', 'EOF'],
];

function dockerfile(i) {
  const lines = [`# generated ${i}`];
  const stages = 1 + Math.floor(rand() * 3);
  const target = 20 + Math.floor(rand() * 61);
  for (let s = 0; s < stages; s++) {
    lines.push(s < stages - 1 ? `FROM ${pick(bases)} AS stage${s}` : `FROM ${pick(bases)}`);
    const perStage = Math.floor((target - lines.length) / (stages - s));
    while (lines.length < perStage * (s + 1)) lines.push(...pick(snippets)());
    if (s > 0) lines.push(`COPY --from=stage${s - 1} /app /app`);
  }
  if (rand() < 0.5) lines.push('USER 10001');
  if (rand() < 0.5) lines.push('HEALTHCHECK CMD ["/bin/true"]');
  lines.push(pick(['CMD ["node", "server.js"]', 'CMD node server.js', 'ENTRYPOINT ["/app"]']));
  return lines.join('\n') + '\n';
}

rmSync(out, { recursive: true, force: true });
let totalLines = 0;
for (let i = 0; i < count; i++) {
  const dir = join(out, String(Math.floor(i / 100)));
  if (i % 100 === 0) mkdirSync(dir, { recursive: true });
  const text = dockerfile(i);
  totalLines += text.split('\n').length - 1;
  writeFileSync(join(dir, `svc${i}.Dockerfile`), text);
}

function time(args, runs) {
  const ms = [];
  let status = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    });
    ms.push(performance.now() - t0);
    status = res.status ?? -1;
    if (status !== 0 && status !== 1) throw new Error(`${args.join(' ')} exited ${status}: ${res.stderr}`);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const nodeFloor = time(['-e', '0'], 15);
const version = time([bin, '--version'], 15);
// Floor for the scan: node walking the same tree and reading every file, no parsing.
const readFloor = time(
  [
    '-e',
    `const fs=require('fs'),p=require('path');let n=0;(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else n+=fs.readFileSync(f).length}})(${JSON.stringify(out)})`,
  ],
  3,
);
const report = join(root, 'bench', 'out', 'report.json');
const scan = time([bin, 'config', out, '--format', 'json', '--output', report], 3);
const findings = JSON.parse(readFileSync(report, 'utf8')).summary.total;
// The same scan with almost nothing to write: what parsing and the rules cost without the report.
const scanOnly = time(
  [bin, 'config', out, '--format', 'json', '--severity', 'CRITICAL', '--output', report],
  3,
);

const fmt = (x) => x.toFixed(1);
console.log(
  `corpus: ${count} Dockerfiles, ${totalLines} lines (avg ${fmt(totalLines / count)} lines/file), ${findings} findings`,
);
console.log(`node -e 0 (process floor):           ${fmt(nodeFloor)} ms`);
console.log(
  `bulkhead --version:                  ${fmt(version)} ms  (${fmt(version / nodeFloor)}x the bare node start-up)`,
);
console.log(`walk + read all files (I/O floor):   ${fmt(readFloor)} ms`);
console.log(
  `bulkhead config, full JSON report:   ${fmt(scan)} ms  (${fmt(scan / readFloor)}x the I/O floor)`,
);
console.log(
  `  throughput: ${fmt((count / scan) * 1000)} Dockerfiles/s, ${(scan / count).toFixed(3)} ms/file`,
);
console.log(
  `bulkhead config, CRITICAL only:      ${fmt(scanOnly)} ms  (${fmt(scanOnly / readFloor)}x the I/O floor)`,
);
console.log(
  `  throughput: ${fmt((count / scanOnly) * 1000)} Dockerfiles/s, ${(scanOnly / count).toFixed(3)} ms/file`,
);
