import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyntaxValidator } from 'fast-xml-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { prefixedTokenChecksum } from '../../src/analyzers/secrets/validators.js';
import type { Report } from '../../src/core/report.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { reportValidator, sarifValidator } from '../support/schemas.js';

const validateReport = reportValidator();

/** Parses a JSON report and checks it against docs/report.schema.json. */
function jsonReport(stdout: string): Report {
  const data = JSON.parse(stdout) as Report;
  expect(validateReport(data)).toEqual([]);
  return data;
}

// A token with a valid GitHub checksum, assembled at run time so the repository holds none.
const RANDOM_PART = 'R3alLooking0Token0With30Charsz';
const GITHUB_TOKEN = `ghp_${RANDOM_PART}${prefixedTokenChecksum(RANDOM_PART)}`;
const SECRET_DOCKERFILE = `FROM alpine:3.19
ENV GITHUB_TOKEN=${GITHUB_TOKEN}
USER 10001
`;

const HARDENED = readFileSync(join(ROOT, 'examples', 'hardened', 'Dockerfile'), 'utf8');

describe('bulkhead config, as a user runs it', () => {
  let project: string;
  beforeAll(() => {
    project = tempDir();
    mkdirSync(join(project, 'api'));
    mkdirSync(join(project, 'web'));
    mkdirSync(join(project, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(project, '.git'));
    writeFileSync(join(project, 'Dockerfile'), 'FROM ubuntu\nRUN apt-get update\n');
    writeFileSync(join(project, 'api', 'Containerfile'), SECRET_DOCKERFILE);
    writeFileSync(join(project, 'web', 'prod.Dockerfile'), HARDENED);
    writeFileSync(join(project, 'web', 'prod.Dockerfile.dockerignore'), 'node_modules\n');
    writeFileSync(join(project, 'node_modules', 'pkg', 'Dockerfile'), 'FROM ubuntu\n');
    writeFileSync(join(project, '.git', 'Dockerfile'), 'FROM ubuntu\n');
  });

  it('scans a folder with three Dockerfiles in table format, grouped by file, with a summary', () => {
    const r = runCli(['config', '.', '--no-color'], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b[');
    const headers = r.stdout.split('\n').filter((l) => /^\S.*\(\d+ findings?\)$/.test(l));
    expect(headers.map((h) => h.split(' ')[0])).toEqual(['Dockerfile', 'api/Containerfile']);
    expect(r.stdout).toMatch(/DF003 +Base image has no tag|DF003/);
    expect(r.stdout).toMatch(/\n {8}2 {2}MEDIUM {4}DF027 {2}Package index update/);
    expect(r.stdout).toMatch(/\d+ findings \(CRITICAL 1, .*\) in 3 files\n$/);
    expect(r.stdout).not.toContain('node_modules');
  });

  it('writes JSON that matches the published schema, with exact lines and mappings', () => {
    const r = runCli(['config', '.', '--format', 'json'], { cwd: project });
    expect(r.code).toBe(0);
    const report = jsonReport(r.stdout);
    expect(report.summary.files).toBe(3);
    const secret = report.findings.find(
      (f) => f.location.path === 'api/Containerfile' && f.severity === 'CRITICAL',
    );
    expect(secret?.location).toEqual({ path: 'api/Containerfile', startLine: 2, endLine: 2 });
    expect(secret?.message).not.toContain(GITHUB_TOKEN);
    expect(r.stdout).not.toContain(RANDOM_PART);
    const untagged = report.findings.find((f) => f.ruleId === 'DF003');
    expect(untagged?.mappings.hadolint).toEqual(['DL3006']);
    expect(
      report.findings.filter((f) => f.location.path === 'web/prod.Dockerfile' && f.severity !== 'INFO'),
    ).toEqual([]);
  });

  it('writes --output to a FIFO in place instead of renaming a file over it', () => {
    const fifo = join(project, 'out', 'report.fifo');
    mkdirSync(join(project, 'out'), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    const copy = join(project, 'out', 'from-fifo.json');
    // A reader on the other end, as `bulkhead ... -o >(jq .)` would have.
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${copy}"`]);
    const r = runCli(['config', '.', '--format', 'json', '--output', fifo], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    return new Promise<void>((done) => {
      reader.on('exit', () => {
        expect(lstatSync(fifo).isFIFO()).toBe(true);
        expect(
          (JSON.parse(readFileSync(copy, 'utf8')) as { findings: unknown[] }).findings.length,
        ).toBeGreaterThan(0);
        done();
      });
    });
  });

  it('writes SARIF 2.1.0 valid against the official schema, as code scanning needs it', () => {
    const out = join(project, 'out', 'bulkhead.sarif');
    const r = runCli(['config', '.', '--format', 'sarif', '--output', out], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: {
        tool: {
          driver: {
            rules: {
              id: string;
              helpUri: string;
              help: { text: string };
              properties: { 'security-severity': string; tags: string[] };
            }[];
          };
        };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarifValidator()(sarif)).toEqual([]);
    const run = sarif.runs[0];
    expect(run?.tool.driver.rules.length).toBeGreaterThanOrEqual(35);
    for (const rule of run?.tool.driver.rules ?? []) {
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(rule.properties.tags).toContain('security');
    }
    const uris = new Set(run?.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['Dockerfile', 'api/Containerfile']);
    const crit = run?.results.find(
      (x) =>
        x.locations[0]?.physicalLocation.artifactLocation.uri === 'api/Containerfile' && x.level === 'error',
    );
    expect(crit?.locations[0]?.physicalLocation.region.startLine).toBe(2);
  });

  it('writes well-formed JUnit XML with a failure per finding', () => {
    const r = runCli(['config', '.', '--format', 'junit'], { cwd: project });
    // Throws on XML that is not well-formed.
    expect(SyntaxValidator.validate(r.stdout)).toBe(true);
    expect(() => SyntaxValidator.validate('<a><b></a>')).toThrow();
    const json = jsonReport(runCli(['config', '.', '--format', 'json'], { cwd: project }).stdout);
    expect((r.stdout.match(/<failure /g) ?? []).length).toBe(json.summary.total);
    expect(r.stdout).toContain('<testsuite name="web/prod.Dockerfile"');
  });

  it('--fail-on HIGH exits 1 on a Dockerfile with a secret and 0 on a hardened one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile.secret'), SECRET_DOCKERFILE);
    writeFileSync(join(dir, 'Dockerfile.hardened'), HARDENED);
    const bad = runCli(['config', 'Dockerfile.secret', '--fail-on', 'HIGH', '-q'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('CRITICAL');
    const good = runCli(['config', 'Dockerfile.hardened', '--fail-on', 'LOW', '--format', 'json'], {
      cwd: dir,
    });
    expect(good.code).toBe(0);
    expect(jsonReport(good.stdout).findings.filter((f) => f.severity !== 'INFO')).toEqual([]);
  });

  it('never prints the secret itself, in any format', () => {
    for (const format of ['table', 'json', 'sarif', 'junit']) {
      const r = runCli(['config', '-', '--format', format], { input: SECRET_DOCKERFILE });
      expect(r.stdout).toContain(format === 'sarif' || format === 'junit' ? 'DF008' : 'ghp_');
      expect(r.stdout).not.toContain(RANDOM_PART.slice(0, 8));
    }
  });

  it('reads a Dockerfile from stdin with -', () => {
    const r = runCli(['config', '-', '--format', 'json'], { input: SECRET_DOCKERFILE });
    expect(r.code).toBe(0);
    const report = jsonReport(r.stdout);
    expect(report.findings.some((f) => f.location.path === '-' && f.severity === 'CRITICAL')).toBe(true);
  });
});

describe('configuration', () => {
  it('bulkhead.yaml sets the gate, disables and re-rates rules, and restricts registries', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM quay.io/acme/base:1.2\nUSER 10001\nHEALTHCHECK NONE\n');
    writeFileSync(
      join(dir, 'bulkhead.yaml'),
      [
        'failOn: MEDIUM',
        'rules:',
        '  disable: [base-image-no-digest]',
        'dockerfile:',
        '  allowedRegistries: [docker.io, gcr.io/distroless]',
        '',
      ].join('\n'),
    );
    const r = runCli(['config', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = jsonReport(r.stdout);
    expect(report.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['DF006', 1]]);
    // A flag wins over the file; a severity override re-rates the rule.
    writeFileSync(join(dir, 'bulkhead.yaml'), 'failOn: MEDIUM\nrules:\n  severity: { DF005: HIGH }\n');
    const flagged = runCli(['config', '.', '--format', 'json', '--fail-on', 'CRITICAL'], { cwd: dir });
    expect(flagged.code).toBe(0);
    expect(jsonReport(flagged.stdout).findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['DF005', 'HIGH'],
    ]);
  });

  it('bulkhead.yaml can name the ignore file; --ignore-file wins over it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.security'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\nUSER 10001\n');
    writeFileSync(join(dir, 'bulkhead.yaml'), 'ignoreFile: .security/ignore.yaml\n');
    writeFileSync(join(dir, '.security', 'ignore.yaml'), '- id: DF039\n  reason: probes in k8s\n');
    const viaConfig = jsonReport(runCli(['config', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(viaConfig.findings.map((f) => f.ruleId)).toEqual(['DF005']);
    expect(viaConfig.summary.suppressed).toBe(1);
    writeFileSync(join(dir, 'other.yaml'), '- id: DF005\n');
    const viaFlag = jsonReport(
      runCli(['config', '.', '--format', 'json', '--ignore-file', 'other.yaml'], { cwd: dir }).stdout,
    );
    expect(viaFlag.findings.map((f) => f.ruleId)).toEqual(['DF039']);
    const missing = runCli(['config', '.', '--ignore-file', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
  });

  it('an unknown rule in bulkhead.yaml is a usage error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\n');
    writeFileSync(join(dir, 'bulkhead.yaml'), 'rules:\n  disable: [DF999]\n');
    const r = runCli(['config', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "DF999"');
  });

  it('never colours output that is not a terminal', () => {
    const r = runCli(['config', 'examples/insecure']);
    expect(r.stdout).toContain('CRITICAL');
    expect(r.stdout).not.toContain('\x1b[');
  });
});

describe('suppressions', () => {
  const dockerfile = [
    'FROM alpine:3.19',
    '# bulkhead:ignore=DF011 the vendor publishes no checksum; tracked in SEC-42',
    'RUN wget -qO- https://vendor.example/install.sh | sh',
    'RUN wget -qO- https://other.example/install.sh | sh',
    'USER 10001',
    '',
  ].join('\n');

  it('an inline ignore suppresses that instruction only, and --show-suppressed shows it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    const r = jsonReport(runCli(['config', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(r.findings.filter((f) => f.ruleId === 'DF011').map((f) => f.location.startLine)).toEqual([4]);
    expect(r.summary.suppressed).toBe(1);
    const shown = jsonReport(
      runCli(['config', '.', '--format', 'json', '--show-suppressed'], { cwd: dir }).stdout,
    );
    const sup = shown.findings.find((f) => f.ruleId === 'DF011' && f.suppression);
    expect(sup?.location.startLine).toBe(3);
    expect(sup?.suppression).toEqual({
      kind: 'inline',
      source: 'Dockerfile:2',
      reason: 'the vendor publishes no checksum; tracked in SEC-42',
    });
    const table = runCli(['config', '.', '--show-suppressed', '--no-color'], { cwd: dir }).stdout;
    expect(table).toContain('[suppressed]');
    expect(table).toMatch(/1 suppressed\n$/);
  });

  it('a .bulkheadignore entry suppresses until it expires, then stops and says so', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    writeFileSync(
      join(dir, '.bulkheadignore'),
      '- id: DF011\n  paths: ["Dockerfile"]\n  expires: 2099-01-01\n  reason: vendor\n',
    );
    const active = jsonReport(runCli(['config', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(active.findings.filter((f) => f.ruleId === 'DF011')).toEqual([]);
    expect(active.summary.suppressed).toBe(2);

    writeFileSync(
      join(dir, '.bulkheadignore'),
      '- id: remote-script-piped-to-shell\n  expires: 2020-06-30\n  reason: vendor\n',
    );
    const expired = runCli(['config', '.', '--format', 'json'], { cwd: dir });
    const report = jsonReport(expired.stdout);
    expect(report.findings.filter((f) => f.ruleId === 'DF011').map((f) => f.location.startLine)).toEqual([4]);
    expect(report.warnings).toEqual([
      '.bulkheadignore:1: ignore entry for remote-script-piped-to-shell expired on 2020-06-30 and no longer suppresses',
    ]);
    expect(expired.stderr).toContain('expired on 2020-06-30');
    const table = runCli(['config', '.', '--no-color', '--fail-on', 'HIGH'], { cwd: dir });
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(
      'warning: .bulkheadignore:1: ignore entry for remote-script-piped-to-shell expired',
    );
  });
});

describe('bad input and usage errors', () => {
  const oneLine = (s: string): void => {
    expect(s.trimEnd().split('\n')).toHaveLength(1);
    expect(s).not.toMatch(/\n\s+at /);
  };

  it('a path that does not exist: exit 3, one line', () => {
    const r = runCli(['config', 'no/such/dir']);
    expect(r.code).toBe(3);
    oneLine(r.stderr);
    expect(r.stderr).toContain('no/such/dir: no such file or folder');
  });

  it('a corrupt input (a dangling symlink named on the command line): exit 3, one line', () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone'), join(dir, 'Dockerfile'));
    const r = runCli(['config', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(3);
    oneLine(r.stderr);
  });

  it('binary, invalid UTF-8, empty, unknown instruction, unterminated heredoc: parse findings with lines, no crash', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    writeFileSync(
      join(dir, 'Dockerfile.utf8'),
      Buffer.concat([
        Buffer.from('FROM alpine:3.19\nLABEL x="'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"\n'),
      ]),
    );
    writeFileSync(join(dir, 'Dockerfile.empty'), '');
    writeFileSync(join(dir, 'Dockerfile.unknown'), 'FROM alpine:3.19\nFROOM x\n');
    writeFileSync(join(dir, 'Dockerfile.heredoc'), 'FROM alpine:3.19\nRUN <<EOF\necho hi\n');
    const r = runCli(['config', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const parse = jsonReport(r.stdout).findings.filter((f) => f.ruleId === 'DF000');
    expect(parse.map((f) => [f.location.path, f.location.startLine, f.message])).toEqual([
      ['Dockerfile.bin', 1, 'binary content (NUL bytes): this is not a Dockerfile'],
      ['Dockerfile.empty', 1, 'empty Dockerfile'],
      ['Dockerfile.heredoc', 2, 'unterminated heredoc <<EOF: no closing "EOF" line'],
      ['Dockerfile.unknown', 2, 'unknown instruction "FROOM"'],
      ['Dockerfile.utf8', 2, 'invalid UTF-8; undecodable bytes were replaced'],
    ]);
  });

  it('an invalid ignore file or config: exit 2, one line naming the file and line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\n');
    writeFileSync(join(dir, '.bulkheadignore'), '- id: DF001\n  expires: someday\n');
    const r = runCli(['config', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain('.bulkheadignore:1: `expires` must be a date');
    writeFileSync(join(dir, 'bad.yaml'), 'failOn: [\n');
    const c = runCli(['config', '.', '--config', 'bad.yaml', '--ignore-file', 'none'], { cwd: dir });
    expect(c.code).toBe(2);
    oneLine(c.stderr);
  });

  it.each([
    [['config', '--frobnicate']],
    [['config', '--format', 'xml']],
    [['config', '--fail-on', 'SEVERE']],
    [['config', '--severity', 'HIGH,BAD']],
    [['nonsense']],
  ])('usage error %j: exit 2, one line', (args) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
  });

  it('--debug adds the stack trace', () => {
    const r = runCli(['config', 'no/such/dir', '--debug']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('rules and version', () => {
  it('lists rules as a table and as JSON', () => {
    const t = runCli(['rules', 'list']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^DF001 +MEDIUM +missing-user/m);
    const j = JSON.parse(runCli(['rules', 'list', '--format', 'json']).stdout) as {
      id: string;
      mappings: object;
    }[];
    expect(j.length).toBeGreaterThanOrEqual(35);
    expect(j[1]?.id).toBe('DF001');
  });

  it('explains a rule by id or name, and fails clearly on an unknown one', () => {
    const byId = runCli(['rules', 'explain', 'DF001']);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain('Why it matters:');
    expect(byId.stdout).toContain('hadolint: DL3002');
    expect(runCli(['rules', 'explain', 'missing-user']).stdout).toBe(byId.stdout);
    const bad = runCli(['rules', 'explain', 'DF999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no rule "DF999"');
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
