import { mkdirSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LayerAnalysis } from '../scanners/image/layer-analysis.js';

/*
 * Per-layer analysis results in SQLite, keyed by the layer's diff ID (the digest of its
 * uncompressed tar, checked while it streams) and the analyzer versions that produced them.
 * A layer is immutable, so a hit is always valid: an unchanged image rescans without reading a
 * byte of its layers. Results hold no raw secret (redacted prefixes and hashes only).
 */

const DB_FILE = 'layers.sqlite';
// 2: rows hold plain JSON (gzip cost ~15 ms per 13k-file layer on every warm rescan, for a
// cache of a few MB per image).
const SCHEMA = 2;

/** The user cache directory: BULKHEAD_CACHE_DIR, else the platform's convention. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.BULKHEAD_CACHE_DIR) return env.BULKHEAD_CACHE_DIR;
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Caches', 'bulkhead');
    case 'win32':
      return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'bulkhead', 'cache');
    default:
      return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'bulkhead');
  }
}

export interface LayerCacheStats {
  hits: number;
  misses: number;
}

export class LayerCache {
  readonly stats: LayerCacheStats = { hits: 0, misses: 0 };
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], { data: Buffer }>;
  private readonly putStmt: Database.Statement<[string, string, number, Buffer]>;

  /** Opens (creating if needed) the cache in `dir`. Throws when the file is not a usable database. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.db = new Database(join(dir, DB_FILE));
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA) {
        // An older layout of a cache is worthless, not precious: start again.
        this.db.exec('DROP TABLE IF EXISTS layer_analysis');
        this.db.exec(
          'CREATE TABLE layer_analysis (diff_id TEXT NOT NULL, analyzers TEXT NOT NULL, created_at INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (diff_id, analyzers))',
        );
        this.db.pragma(`user_version = ${String(SCHEMA)}`);
      }
      this.getStmt = this.db.prepare('SELECT data FROM layer_analysis WHERE diff_id = ? AND analyzers = ?');
      this.putStmt = this.db.prepare(
        'INSERT OR REPLACE INTO layer_analysis (diff_id, analyzers, created_at, data) VALUES (?, ?, ?, ?)',
      );
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  get(diffId: string, analyzers: string): LayerAnalysis | undefined {
    const row = this.getStmt.get(diffId, analyzers);
    if (!row) {
      this.stats.misses++;
      return undefined;
    }
    try {
      const value = JSON.parse(row.data.toString('utf8')) as LayerAnalysis;
      this.stats.hits++;
      return value;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  /** Stores several results in one transaction: all of them or none. */
  putAll(rows: readonly { diffId: string; analyzers: string; analysis: LayerAnalysis }[], now: number): void {
    const tx = this.db.transaction(() => {
      for (const r of rows)
        this.putStmt.run(r.diffId, r.analyzers, now, Buffer.from(JSON.stringify(r.analysis)));
    });
    tx();
  }

  close(): void {
    this.db.close();
  }
}

/** Removes the cache files; returns whether there was anything to remove. */
export function cleanCache(dir: string): boolean {
  if (!existsSync(dir)) return false;
  const files = readdirSync(dir).filter((f) => f.startsWith(DB_FILE));
  for (const f of files) rmSync(join(dir, f), { force: true });
  return files.length > 0;
}
