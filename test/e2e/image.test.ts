import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANTED, writeAppImage } from '../support/app-image.js';
import { runCli, tempDir } from '../support/cli.js';
import {
  makePki,
  pushLayout,
  startRegistry,
  writeHtpasswd,
  type RegistryProcess,
  type TestPki,
} from '../support/registry.js';
import { reportValidator, sarifValidator } from '../support/schemas.js';

const validateReport = reportValidator();
const validateSarif = sarifValidator();

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  fingerprint: string;
  location: {
    path: string;
    startLine?: number;
    layer?: { index: number; digest: string; diffId: string; createdBy?: string };
  };
}
interface JsonReport {
  artifact: { name: string; type: string; digest?: string; layers?: unknown[] };
  findings: JsonFinding[];
  warnings: string[];
}

let dir: string;
let layout: string;
let ociArchive: string;
let dockerArchive: string;

function skopeo(...args: string[]): void {
  execFileSync('skopeo', ['--insecure-policy', ...args], { stdio: 'pipe' });
}

/** What must be equal whatever the image was read from. */
function essence(r: JsonReport): string[] {
  return r.findings
    .map(
      (f) =>
        `${f.ruleId} ${f.severity} ${f.location.path}:${String(f.location.startLine ?? '-')} L${String(f.location.layer?.index ?? '-')} ${f.location.layer?.diffId ?? ''} ${f.fingerprint} ${f.message}`,
    )
    .sort();
}

function scan(
  target: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): { code: number; report: JsonReport; stderr: string } {
  const r = runCli(['image', target, '-f', 'json', ...extra], {
    env: { BULKHEAD_CACHE_DIR: join(dir, 'cache-default'), ...env },
  });
  expect(r.stderr, r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

beforeAll(async () => {
  dir = tempDir('bulkhead-image-e2e-');
  layout = join(dir, 'layout');
  await writeAppImage(layout);
  ociArchive = join(dir, 'app-oci.tar');
  dockerArchive = join(dir, 'app-docker.tar');
  // Real conversions by a real tool: what `docker save` and `skopeo copy` produce.
  skopeo('copy', '-q', `oci:${layout}:1.0`, `oci-archive:${ociArchive}:1.0`);
  skopeo('copy', '-q', `oci:${layout}:1.0`, `docker-archive:${dockerArchive}:team/app:1.0`);
}, 60_000);

describe('bulkhead image on one image in three formats', () => {
  it('finds every planted problem, located by file, line and layer', () => {
    const { code, report } = scan(`oci:${layout}:1.0`, ['--no-cache']);
    expect(code).toBe(0);
    expect(validateReport(report)).toEqual([]);
    const by = (id: string) => report.findings.filter((f) => f.ruleId === id);
    expect(by('IMG001')).toHaveLength(1);
    expect(by('IMG002')[0]?.message).toContain('ENV GITHUB_TOKEN');
    const history = by('IMG003');
    expect(history).toHaveLength(1);
    expect(history[0]?.message).toContain('build argument of history entry 3');
    expect(history[0]?.location).toMatchObject({ path: 'history', startLine: 3, layer: { index: 2 } });
    const key = by('IMG011').find((f) => f.location.path === 'root/.ssh/id_ed25519');
    expect(key?.location).toMatchObject({
      startLine: 1,
      layer: { index: 1, createdBy: 'COPY . /app # buildkit' },
    });
    // The .env deleted by layer 4 is reported against layer 2, which still holds it.
    const env = by('IMG008');
    expect(env).toHaveLength(1);
    expect(env[0]?.location).toMatchObject({ path: 'app/.env', startLine: 2, layer: { index: 1 } });
    expect(env[0]?.message).toContain('removed by layer 4');
    expect(by('IMG005').map((f) => f.location.path)).toEqual(['usr/bin/passwd']);
    expect(report.artifact.type).toBe('container-image');
    expect(report.artifact.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(report.artifact.layers).toHaveLength(4);
  });

  it('gets the same findings from the OCI layout, the OCI archive and the docker archive', () => {
    const fromLayout = essence(scan(layout, ['--no-cache']).report);
    expect(fromLayout.length).toBeGreaterThanOrEqual(7);
    expect(essence(scan(`oci-archive:${ociArchive}`, ['--no-cache']).report)).toEqual(fromLayout);
    expect(essence(scan(ociArchive, ['--no-cache']).report)).toEqual(fromLayout);
    expect(essence(scan(`docker-archive:${dockerArchive}`, ['--no-cache']).report)).toEqual(fromLayout);
    expect(essence(scan(dockerArchive, ['--no-cache']).report)).toEqual(fromLayout);
  });

  it('never prints a planted secret, in any format', () => {
    const cache = join(dir, 'cache-redaction');
    for (const format of ['table', 'json', 'sarif', 'junit']) {
      const r = runCli(['image', layout, '-f', format, '--show-suppressed'], {
        env: { BULKHEAD_CACHE_DIR: cache },
      });
      expect(r.code, r.stderr).toBe(0);
      for (const secret of Object.values(PLANTED)) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stdout).not.toContain(secret.slice(0, 12));
      }
      if (format === 'sarif') expect(validateSarif(JSON.parse(r.stdout))).toEqual([]);
    }
    // Nor does the layer cache store one.
    const db = new Database(join(cache, 'layers.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT data FROM layer_analysis').all() as { data: Buffer }[];
    db.close();
    expect(rows.length).toBe(4);
    for (const row of rows) {
      const text = row.data.toString('utf8');
      for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret.slice(0, 12));
    }
  });

  it('--scanners narrows the rules', () => {
    const secretsOnly = scan(layout, ['--no-cache', '--scanners', 'secret']).report;
    expect(new Set(secretsOnly.findings.map((f) => f.ruleId))).toEqual(
      new Set(['IMG002', 'IMG003', 'IMG008', 'IMG011']),
    );
    const misconfig = scan(layout, ['--no-cache', '--scanners', 'misconfig']).report;
    expect(
      misconfig.findings.every((f) => !['IMG002', 'IMG003', 'IMG008', 'IMG011'].includes(f.ruleId)),
    ).toBe(true);
    const bad = runCli(['image', layout, '--scanners', 'vuln,bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bulkhead: --scanners: "vuln" is not a scanner/);
  });

  it('--fail-on gates on image findings', () => {
    expect(scan(layout, ['--no-cache', '--fail-on', 'CRITICAL']).code).toBe(1);
    expect(scan(layout, ['--no-cache', '--fail-on', 'CRITICAL', '--severity', 'LOW']).code).toBe(0);
  });

  it('.bulkheadignore suppresses image findings by id and path', () => {
    const ignore = join(dir, 'ignore.yaml');
    writeFileSync(
      ignore,
      '- id: IMG005\n  paths: ["usr/bin/*"]\n  reason: base image\n- id: image-root-user\n',
    );
    const r = scan(layout, ['--no-cache', '--ignore-file', ignore]).report;
    expect(r.findings.some((f) => f.ruleId === 'IMG005' || f.ruleId === 'IMG001')).toBe(false);
    expect(r.findings.some((f) => f.ruleId === 'IMG011')).toBe(true);
  });
});

describe('the layer cache', () => {
  it('rescans an unchanged image without reading a layer blob', () => {
    const copy = join(dir, 'layout-cached');
    execFileSync('cp', ['-r', layout, copy]);
    const cache = join(dir, 'cache-rescan');
    const first = scan(copy, [], { BULKHEAD_CACHE_DIR: cache });
    // Remove every layer blob: only the index, manifest and config stay readable.
    const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const manifestDigest = index.manifests[0]?.digest.slice(7) ?? '';
    const manifest = JSON.parse(readFileSync(join(copy, 'blobs', 'sha256', manifestDigest), 'utf8')) as {
      layers: { digest: string }[];
    };
    for (const l of manifest.layers) rmSync(join(copy, 'blobs', 'sha256', l.digest.slice(7)));
    const second = scan(copy, [], { BULKHEAD_CACHE_DIR: cache });
    expect(essence(second.report)).toEqual(essence(first.report));
    // Without the cache the missing blobs are an error: the rescan above truly read none.
    const nocache = runCli(['image', copy, '--no-cache'], { env: { BULKHEAD_CACHE_DIR: cache } });
    expect(nocache.code).toBe(3);
    expect(nocache.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--cache-dir, BULKHEAD_CACHE_DIR and `bulkhead cache clean`', () => {
    const cache = join(dir, 'cache-flag');
    scan(layout, ['--cache-dir', cache], { BULKHEAD_CACHE_DIR: join(dir, 'unused') });
    expect(existsSync(join(cache, 'layers.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
    const clean = runCli(['cache', 'clean', '--cache-dir', cache]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('removed the layer cache');
    expect(readdirSync(cache).filter((f) => f.startsWith('layers.sqlite'))).toEqual([]);
    const again = runCli(['cache', 'clean'], { env: { BULKHEAD_CACHE_DIR: cache } });
    expect(again.stdout).toContain('no layer cache');
  });

  it('a corrupt cache file is a warning, not a failed scan', () => {
    const cache = join(dir, 'cache-corrupt');
    scan(layout, [], { BULKHEAD_CACHE_DIR: cache });
    writeFileSync(join(cache, 'layers.sqlite'), Buffer.alloc(8192, 0x41));
    const r = runCli(['image', layout, '-f', 'json'], { env: { BULKHEAD_CACHE_DIR: cache } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: layer cache in .* is unusable/);
    expect((JSON.parse(r.stdout) as JsonReport).findings.length).toBeGreaterThan(5);
  });
});

describe('bad images', () => {
  it('a truncated docker archive: one line, exit 3, no output file, nothing cached', () => {
    const bad = join(dir, 'truncated.tar');
    execFileSync('cp', [dockerArchive, bad]);
    truncateSync(bad, Math.floor(readFileSync(bad).length * 0.6));
    const out = join(dir, 'out-truncated.json');
    const cache = join(dir, 'cache-truncated');
    const r = runCli(['image', bad, '-o', out], { env: { BULKHEAD_CACHE_DIR: cache } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^bulkhead: .*truncated.tar/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    if (existsSync(join(cache, 'layers.sqlite'))) {
      const db = new Database(join(cache, 'layers.sqlite'), { readonly: true });
      expect(db.prepare('SELECT count(*) AS n FROM layer_analysis').get()).toEqual({ n: 0 });
      db.close();
    }
  });

  it('a tampered layer blob is a digest error, never scanned', () => {
    const copy = join(dir, 'layout-tampered');
    execFileSync('cp', ['-r', layout, copy]);
    const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const manifest = JSON.parse(
      readFileSync(join(copy, 'blobs', 'sha256', index.manifests[0]?.digest.slice(7) ?? ''), 'utf8'),
    ) as { layers: { digest: string }[] };
    const blob = join(copy, 'blobs', 'sha256', manifest.layers[1]?.digest.slice(7) ?? '');
    const bytes = readFileSync(blob);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    writeFileSync(blob, bytes);
    const r = runCli(['image', copy, '--no-cache']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^bulkhead: .*(does not match its digest|corrupt)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing target and a folder that is not a layout', () => {
    const missing = runCli(['image', join(dir, 'nope.tar')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^bulkhead: .*nope.tar: no such file/);
    const notLayout = runCli(['image', dir]);
    expect(notLayout.code).toBe(2);
    expect(notLayout.stderr).toContain('not an OCI image layout');
  });
});

describe('progress display', () => {
  it('draws a bar on a terminal, and nothing on a pipe', () => {
    const cmd = `node dist/cli/bin.js image ${layout} --no-cache -f json -o ${join(dir, 'progress.json')}`;
    const tty = execFileSync('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..', '..'),
    });
    expect(tty).toMatch(/layer 1\/4 /);
    expect(tty).toContain('█');
    const quiet = execFileSync('script', ['-qec', `${cmd} --quiet`, '/dev/null'], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..', '..'),
    });
    expect(quiet).not.toContain('layer 1/4');
    const piped = runCli(['image', layout, '--no-cache', '-f', 'json']);
    expect(piped.stderr).toBe('');
  });
});

describe('bulkhead fs and rootfs', () => {
  it('fs finds secrets, sensitive files and Dockerfile problems; rootfs adds permissions', () => {
    const root = join(dir, 'tree');
    execFileSync('mkdir', [
      '-p',
      join(root, 'app'),
      join(root, '.git'),
      join(root, 'usr/bin'),
      join(root, 'home/dev'),
    ]);
    writeFileSync(join(root, 'app', 'settings.env'), `GITHUB_TOKEN=${PLANTED.githubToken}\n`);
    writeFileSync(join(root, '.git', 'config'), `token=${PLANTED.githubToken}\n`);
    writeFileSync(join(root, 'home/dev/.bash_history'), 'ls\n');
    writeFileSync(join(root, 'Dockerfile'), 'FROM alpine:latest\n');
    writeFileSync(join(root, 'usr/bin/tool'), 'x');
    execFileSync('chmod', ['4755', join(root, 'usr/bin/tool')]);
    const fs = runCli(['fs', root, '-f', 'json']);
    expect(fs.code, fs.stderr).toBe(0);
    const fsReport = JSON.parse(fs.stdout) as JsonReport;
    expect(validateReport(fsReport)).toEqual([]);
    const fsIds = fsReport.findings.map((f) => `${f.ruleId} ${f.location.path}`);
    expect(fsIds).toContain('IMG011 app/settings.env');
    expect(fsIds).toContain('IMG007 home/dev/.bash_history');
    expect(fsIds).toContain('DF004 Dockerfile');
    expect(fsIds.some((i) => i.includes('.git/'))).toBe(false);
    expect(fsIds.some((i) => i.startsWith('IMG005'))).toBe(false);
    expect(fs.stdout).not.toContain(PLANTED.githubToken);
    const rootfs = JSON.parse(runCli(['rootfs', root, '-f', 'json']).stdout) as JsonReport;
    const rootIds = rootfs.findings.map((f) => `${f.ruleId} ${f.location.path}`);
    expect(rootIds).toContain('IMG005 usr/bin/tool');
    expect(rootIds.some((i) => i.startsWith('DF'))).toBe(false);
    expect(rootfs.artifact.type).toBe('rootfs');
    const missing = runCli(['fs', join(dir, 'missing')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^bulkhead: .*missing: no such folder/);
  });
});

describe('bulkhead image from a real registry (TLS, basic auth)', () => {
  let registry: RegistryProcess;
  let pki: TestPki;
  beforeAll(async () => {
    const rdir = join(dir, 'registry');
    mkdirSync(rdir, { recursive: true });
    pki = makePki(rdir);
    registry = await startRegistry({
      storage: join(rdir, 'storage'),
      configDir: rdir,
      tls: pki,
      auth: { htpasswd: writeHtpasswd(join(rdir, 'htpasswd'), { ci: 's3cret-pass' }) },
    });
    await pushLayout(layout, '1.0', `${registry.host}/team/app:1.0`, { creds: 'ci:s3cret-pass' });
  }, 60_000);
  afterAll(async () => {
    await registry.stop();
  });

  it('gets the same findings as from the OCI layout, reading the password from stdin', () => {
    const r = runCli(
      [
        'image',
        `${registry.host}/team/app:1.0`,
        '-f',
        'json',
        '--ca-cert',
        pki.caFile,
        '--username',
        'ci',
        '--password-stdin',
      ],
      {
        input: 's3cret-pass\n',
        env: {
          BULKHEAD_CACHE_DIR: join(dir, 'cache-registry'),
          HOME: dir,
          DOCKER_CONFIG: join(dir, 'no-docker-config'),
        },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(essence(report)).toEqual(essence(scan(layout, ['--no-cache']).report));
    expect(report.artifact.digest).toMatch(/^sha256:/);
  });

  it('takes credentials from the environment, and says so clearly when they are wrong', () => {
    const env = {
      BULKHEAD_CACHE_DIR: join(dir, 'cache-registry-env'),
      HOME: dir,
      DOCKER_CONFIG: join(dir, 'no-docker-config'),
    };
    const ok = runCli(
      ['image', `${registry.host}/team/app:1.0`, '-f', 'json', '--ca-cert', pki.caFile, '--no-cache'],
      {
        env: { ...env, BULKHEAD_REGISTRY_USERNAME: 'ci', BULKHEAD_REGISTRY_PASSWORD: 's3cret-pass' },
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const out = join(dir, 'out-401.json');
    const bad = runCli(['image', `${registry.host}/team/app:1.0`, '--ca-cert', pki.caFile, '-o', out], {
      env: { ...env, BULKHEAD_REGISTRY_USERNAME: 'ci', BULKHEAD_REGISTRY_PASSWORD: 'wrong' },
    });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^bulkhead: .*authentication failed/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    const unknown = runCli(
      [
        'image',
        `${registry.host}/team/app:9.9`,
        '--ca-cert',
        pki.caFile,
        '--username',
        'ci',
        '--password',
        's3cret-pass',
      ],
      { env },
    );
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/manifest unknown/);
    const untrusted = runCli(
      ['image', `${registry.host}/team/app:1.0`, '--username', 'ci', '--password', 's3cret-pass'],
      { env },
    );
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toMatch(/--ca-cert/);
  });
});
