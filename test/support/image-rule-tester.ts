import { describe, expect, it } from 'vitest';
import type { EntryType, LayerEntry } from '../../src/artifact/image/layer.js';
import type { ImageConfig } from '../../src/artifact/image/types.js';
import type { Severity } from '../../src/core/severity.js';
import { buildContext, type ImageContext } from '../../src/scanners/image/context.js';
import {
  analyzeFile,
  analyzersFor,
  emptyAnalysis,
  type LayerAnalysis,
} from '../../src/scanners/image/layer-analysis.js';
import type { ImageHit, ImageRule } from '../../src/rules/types.js';

/** A file in a test layer; `content` is analysed as the layer walk would. */
export interface FileSpec {
  path: string;
  content?: string | Buffer;
  mode?: number;
  type?: EntryType;
  uid?: number;
  /** Defaults to the content's length. */
  size?: number;
}

export interface LayerSpec {
  /** The history line that created the layer. */
  createdBy?: string;
  files?: (FileSpec | string)[];
  /** Paths deleted (`.wh.` files); a trailing `/*` makes an opaque folder. */
  delete?: string[];
}

export interface ImageCase {
  name?: string;
  kind?: ImageContext['kind'];
  /** The `config` object of the image config (User, Env, ExposedPorts, Healthcheck...). */
  config?: NonNullable<ImageConfig['config']>;
  /** Extra history entries without a layer (ENV, ARG, ...), placed before the layers'. */
  emptyHistory?: string[];
  layers?: LayerSpec[];
  /** For invalid cases: the hits expected, in order. */
  expect?: ExpectedImageHit[];
}

export interface ExpectedImageHit {
  path: string;
  line?: number;
  layer?: number;
  severity?: Severity;
  /** A substring the message must contain. */
  message?: string;
}

function entryOf(f: FileSpec): { entry: LayerEntry; bytes: Buffer } {
  const bytes = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content ?? '');
  const type = f.type ?? 'file';
  const mode = f.mode ?? (type === 'dir' ? 0o755 : 0o644);
  return {
    entry: { path: f.path, type, mode, size: f.size ?? bytes.length, uid: f.uid ?? 0, gid: 0 },
    bytes,
  };
}

/** Builds what a scan would see, running the real analyzers over the files' contents. */
export function imageContext(c: ImageCase): ImageContext {
  const slots = analyzersFor(new Set(['secret', 'misconfig']));
  const analyses: LayerAnalysis[] = (c.layers ?? []).map((l) => {
    const a = emptyAnalysis();
    for (const d of l.delete ?? []) {
      a.whiteouts.push(
        d.endsWith('/*') ? { path: d.slice(0, -2), opaque: true } : { path: d, opaque: false },
      );
    }
    for (const spec of l.files ?? []) {
      const { entry, bytes } = entryOf(typeof spec === 'string' ? { path: spec, content: 'x' } : spec);
      a.entries.push(entry);
      if (entry.type === 'file') analyzeFile(slots, a, entry, bytes);
    }
    return a;
  });
  const kind = c.kind ?? 'image';
  const history = [
    ...(c.emptyHistory ?? []).map((h) => ({ created_by: h, empty_layer: true })),
    ...(c.layers ?? []).map((l, i) => ({ created_by: l.createdBy ?? `COPY layer${String(i)} /` })),
  ];
  const config: ImageConfig | undefined =
    kind === 'image' ? { os: 'linux', architecture: 'amd64', config: c.config ?? {}, history } : undefined;
  return buildContext(kind, config, analyses);
}

function run(rule: ImageRule, c: ImageCase): ImageHit[] {
  return rule.check(imageContext(c));
}

/** The shared table-driven tester of image rules. */
export function testImageRule(rule: ImageRule, cases: { valid: ImageCase[]; invalid: ImageCase[] }): void {
  describe(`${rule.id} ${rule.name}`, () => {
    it('has complete metadata', () => {
      expect(rule.id).toMatch(/^IMG\d{3}$/);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.references.length).toBeGreaterThan(0);
    });
    expect(cases.invalid.length).toBeGreaterThan(0);
    cases.valid.forEach((c, i) => {
      it(`valid #${String(i + 1)}${c.name ? `: ${c.name}` : ''}`, () => {
        expect(run(rule, c)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${String(i + 1)}${c.name ? `: ${c.name}` : ''}`, () => {
        const hits = run(rule, c);
        const expected = c.expect ?? [];
        expect(hits.map((h) => h.path)).toEqual(expected.map((e) => e.path));
        expected.forEach((e, j) => {
          const h = hits[j];
          if (!h) return;
          if (e.line !== undefined) expect(h.line, `hit ${String(j)} line`).toBe(e.line);
          if (e.layer !== undefined) expect(h.layer, `hit ${String(j)} layer`).toBe(e.layer);
          if (e.severity) expect(h.severity ?? rule.severity, `hit ${String(j)} severity`).toBe(e.severity);
          if (e.message) expect(h.message, `hit ${String(j)} message`).toContain(e.message);
          expect(h.key.length).toBeGreaterThan(0);
        });
      });
    });
  });
}
