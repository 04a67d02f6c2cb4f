import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { emptyAnalysis, type LayerAnalysis } from '../scanners/image/layer-analysis.js';
import { cleanCache, defaultCacheDir, LayerCache } from './layer-cache.js';

const DIFF_A = `sha256:${'a'.repeat(64)}`;
const DIFF_B = `sha256:${'b'.repeat(64)}`;
const KEY = 'walk@1,secrets@1,account-files@1';

const analysis = (n = 1): LayerAnalysis => ({
  ...emptyAnalysis(),
  entries: Array.from({ length: n }, (_, i) => ({
    path: `app/f${String(i)}`,
    type: 'file' as const,
    mode: 0o644,
    size: i,
    uid: 0,
    gid: 0,
  })),
  whiteouts: [{ path: 'tmp/old', opaque: false }],
  secrets: [
    {
      path: 'app/.env',
      line: 2,
      column: 14,
      patternId: 'github-pat',
      title: 'GitHub personal access token',
      kind: 'token',
      severity: 'CRITICAL',
      redacted: 'ghp_****',
      hash: '0123456789abcdef0123456789abcdef',
    },
  ],
  accounts: [{ path: 'etc/shadow', kind: 'empty-password', users: ['app'] }],
});

const dirs: string[] = [];
const open: LayerCache[] = [];
function newDir(): string {
  const d = tempDir('bulkhead-cache-');
  dirs.push(d);
  return d;
}
function cache(dir: string): LayerCache {
  const c = new LayerCache(dir);
  open.push(c);
  return c;
}

afterEach(() => {
  for (const c of open.splice(0)) {
    try {
      c.close();
    } catch {
      // already closed
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LayerCache', () => {
  it('stores and returns an analysis (round trip), keyed by diff ID and analyzers', () => {
    const c = cache(newDir());
    const a = analysis(3);
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: a }], Date.now());
    expect(c.get(DIFF_A, KEY)).toEqual(a);
    expect(c.get(DIFF_B, KEY)).toBeUndefined();
    expect(c.get(DIFF_A, 'walk@1,secrets@2,account-files@1')).toBeUndefined();
    expect(c.get(DIFF_A, 'walk@1,secrets@1')).toBeUndefined();
  });

  it('counts hits and misses', () => {
    const c = cache(newDir());
    expect(c.stats).toEqual({ hits: 0, misses: 0 });
    expect(c.get(DIFF_A, KEY)).toBeUndefined();
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis() }], 1);
    c.get(DIFF_A, KEY);
    c.get(DIFF_A, KEY);
    c.get(DIFF_B, KEY);
    expect(c.stats).toEqual({ hits: 2, misses: 2 });
  });

  it('replaces a row stored twice under the same key', () => {
    const c = cache(newDir());
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis(1) }], 1);
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis(2) }], 2);
    expect(c.get(DIFF_A, KEY)?.entries).toHaveLength(2);
  });

  it('persists across instances (a second scan reads what the first stored)', () => {
    const dir = newDir();
    const first = cache(dir);
    first.putAll(
      [
        { diffId: DIFF_A, analyzers: KEY, analysis: analysis(1) },
        { diffId: DIFF_B, analyzers: KEY, analysis: analysis(2) },
      ],
      Date.now(),
    );
    first.close();
    const second = cache(dir);
    expect(second.get(DIFF_A, KEY)).toEqual(analysis(1));
    expect(second.get(DIFF_B, KEY)).toEqual(analysis(2));
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
  });

  it('creates the folder when needed', () => {
    const dir = join(newDir(), 'nested', 'cache');
    cache(dir);
    expect(existsSync(join(dir, 'layers.sqlite'))).toBe(true);
  });

  it('putAll is atomic: a row that cannot be serialised stores none of the rows of that call', () => {
    const c = cache(newDir());
    const bad = {
      ...analysis(),
      entries: [{ path: 'x', type: 'file', mode: 1, size: 10n }],
    } as unknown as LayerAnalysis;
    expect(() => {
      c.putAll(
        [
          { diffId: DIFF_A, analyzers: KEY, analysis: analysis() },
          { diffId: DIFF_B, analyzers: KEY, analysis: bad },
        ],
        1,
      );
    }).toThrow(/BigInt/);
    expect(c.get(DIFF_A, KEY)).toBeUndefined();
    expect(c.get(DIFF_B, KEY)).toBeUndefined();
    // The cache is still usable afterwards.
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis() }], 2);
    expect(c.get(DIFF_A, KEY)).toEqual(analysis());
  });

  it('a row that does not decode is a miss, not an error', () => {
    const dir = newDir();
    cache(dir).close();
    const db = new Database(join(dir, 'layers.sqlite'));
    db.prepare('INSERT INTO layer_analysis (diff_id, analyzers, created_at, data) VALUES (?, ?, ?, ?)').run(
      DIFF_A,
      KEY,
      1,
      Buffer.from('{not json'),
    );
    db.close();
    const c = cache(dir);
    expect(c.get(DIFF_A, KEY)).toBeUndefined();
    expect(c.stats).toEqual({ hits: 0, misses: 1 });
  });

  it('a corrupt database file makes the constructor throw (the CLI warns and scans without a cache)', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'layers.sqlite'), Buffer.from('garbage, not an SQLite database '.repeat(200)));
    expect(() => new LayerCache(dir)).toThrow(/not a database|malformed/i);
  });

  it('a cache written with another schema version is reset', () => {
    const dir = newDir();
    const first = cache(dir);
    first.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis() }], 1);
    first.close();
    const db = new Database(join(dir, 'layers.sqlite'));
    db.pragma('user_version = 0');
    db.close();
    const second = cache(dir);
    expect(second.get(DIFF_A, KEY)).toBeUndefined();
    second.putAll([{ diffId: DIFF_B, analyzers: KEY, analysis: analysis() }], 2);
    expect(second.get(DIFF_B, KEY)).toEqual(analysis());
    second.close();
    const check = new Database(join(dir, 'layers.sqlite'));
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('an older table layout is replaced, not read', () => {
    const dir = newDir();
    const db = new Database(join(dir, 'layers.sqlite'));
    db.exec('CREATE TABLE layer_analysis (diff_id TEXT PRIMARY KEY, json TEXT)');
    db.prepare('INSERT INTO layer_analysis VALUES (?, ?)').run(DIFF_A, '{}');
    db.close();
    const c = cache(dir);
    expect(c.get(DIFF_A, KEY)).toBeUndefined();
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis() }], 1);
    expect(c.get(DIFF_A, KEY)).toEqual(analysis());
  });
});

describe('cleanCache', () => {
  it('removes the database files and nothing else', () => {
    const dir = newDir();
    const c = cache(dir);
    c.putAll([{ diffId: DIFF_A, analyzers: KEY, analysis: analysis() }], 1);
    c.close();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    expect(readdirSync(dir).some((f) => f.startsWith('layers.sqlite'))).toBe(true);
    expect(cleanCache(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(cleanCache(dir)).toBe(false);
    expect(cache(dir).get(DIFF_A, KEY)).toBeUndefined();
  });

  it('removes a corrupt database too, after which the cache opens again', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'layers.sqlite'), Buffer.alloc(4096, 0xab));
    expect(() => new LayerCache(dir)).toThrow();
    expect(cleanCache(dir)).toBe(true);
    expect(() => cache(dir)).not.toThrow();
  });

  it('a folder that does not exist: nothing to remove', () => {
    expect(cleanCache(join(newDir(), 'missing'))).toBe(false);
  });
});

describe('defaultCacheDir', () => {
  it('BULKHEAD_CACHE_DIR wins', () => {
    expect(defaultCacheDir({ BULKHEAD_CACHE_DIR: '/srv/cache', XDG_CACHE_HOME: '/x' })).toBe('/srv/cache');
  });

  it.runIf(process.platform === 'linux')('on Linux: XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'bulkhead'));
    expect(defaultCacheDir({})).toMatch(/[/\\]\.cache[/\\]bulkhead$/);
  });
});
