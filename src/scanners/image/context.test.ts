import { describe, expect, it } from 'vitest';
import type { AccountFact } from '../../analyzers/image/account-files.js';
import type { FileSecret } from '../../analyzers/secrets/file-analyzer.js';
import type { LayerEntry } from '../../artifact/image/layer.js';
import type { ImageConfig } from '../../artifact/image/types.js';
import { buildContext, historyEntries } from './context.js';
import { emptyAnalysis, type LayerAnalysis } from './layer-analysis.js';

const file = (path: string, size = 1): LayerEntry => ({
  path,
  type: 'file',
  mode: 0o644,
  size,
  uid: 0,
  gid: 0,
});
const dir = (path: string): LayerEntry => ({ path, type: 'dir', mode: 0o755, size: 0, uid: 0, gid: 0 });

const secret = (path: string, line = 1, hash = 'h1'): FileSecret => ({
  path,
  line,
  column: 1,
  patternId: 'github-pat',
  title: 'GitHub personal access token',
  kind: 'token',
  severity: 'CRITICAL',
  redacted: 'ghp_****',
  hash,
});

function layer(parts: Partial<LayerAnalysis>): LayerAnalysis {
  return { ...emptyAnalysis(), ...parts };
}

const history = (...entries: [string, boolean?][]): ImageConfig => ({
  history: entries.map(([created_by, empty]) => (empty ? { created_by, empty_layer: true } : { created_by })),
});

describe('historyEntries', () => {
  it('pairs the entries that created a layer with the layers, in order; empty_layer entries get none', () => {
    const config = history(
      ['ADD file:abc in /'],
      ['CMD ["bash"]', true],
      ['ARG NPM_TOKEN', true],
      ['RUN /bin/sh -c npm ci'],
      ['ENV NODE_ENV=production', true],
      ['COPY . /app'],
    );
    expect(historyEntries(config, 3)).toEqual([
      { index: 0, createdBy: 'ADD file:abc in /', emptyLayer: false, layer: 0 },
      { index: 1, createdBy: 'CMD ["bash"]', emptyLayer: true },
      { index: 2, createdBy: 'ARG NPM_TOKEN', emptyLayer: true },
      { index: 3, createdBy: 'RUN /bin/sh -c npm ci', emptyLayer: false, layer: 1 },
      { index: 4, createdBy: 'ENV NODE_ENV=production', emptyLayer: true },
      { index: 5, createdBy: 'COPY . /app', emptyLayer: false, layer: 2 },
    ]);
  });

  it('with more non-empty history entries than layers, the extra entries get no layer', () => {
    const entries = historyEntries(history(['ADD a'], ['RUN b'], ['RUN c']), 2);
    expect(entries.map((e) => e.layer)).toEqual([0, 1, undefined]);
    expect(entries[2]).not.toHaveProperty('layer');
  });

  it('with fewer history entries than layers, the remaining layers have no entry', () => {
    expect(historyEntries(history(['ADD a']), 3).map((e) => e.layer)).toEqual([0]);
  });

  it('no config or no history: no entries; a missing created_by is empty', () => {
    expect(historyEntries(undefined, 2)).toEqual([]);
    expect(historyEntries({}, 2)).toEqual([]);
    expect(historyEntries({ history: [{ comment: 'buildkit.dockerfile.v0' }] }, 1)).toEqual([
      { index: 0, createdBy: '', emptyLayer: false, layer: 0 },
    ]);
  });
});

describe('buildContext', () => {
  it('builds the final view and keeps the config, the kind and the history', () => {
    const config = history(['ADD a'], ['ENV X=1', true], ['COPY b']);
    const ctx = buildContext('image', config, [
      layer({ entries: [dir('etc'), file('etc/passwd')] }),
      layer({ entries: [file('app/main.js')] }),
    ]);
    expect(ctx.kind).toBe('image');
    expect(ctx.config).toBe(config);
    expect(ctx.history.map((h) => h.layer)).toEqual([0, undefined, 1]);
    expect([...ctx.files].map(([p, r]) => [p, r.layer])).toEqual([
      ['etc', 0],
      ['etc/passwd', 0],
      ['app/main.js', 1],
    ]);
    expect(ctx.deleted).toEqual([]);
  });

  it('folders have no config property at all', () => {
    const ctx = buildContext('fs', undefined, [layer({ entries: [file('a')] })]);
    expect(ctx).not.toHaveProperty('config');
    expect(ctx.history).toEqual([]);
  });

  it('records which layer deleted a file: whiteout, opaque folder, overwrite', () => {
    const ctx = buildContext('image', undefined, [
      layer({
        entries: [file('app/.env'), file('cache/a'), file('cache/b'), file('etc/app.conf'), file('keep')],
      }),
      layer({ whiteouts: [{ path: 'app/.env', opaque: false }] }),
      layer({ whiteouts: [{ path: 'cache', opaque: true }], entries: [file('cache/c')] }),
      layer({ entries: [file('etc/app.conf', 2)] }),
    ]);
    expect(ctx.deleted.map((r) => [r.entry.path, r.layer, r.deletedBy])).toEqual([
      ['app/.env', 0, 1],
      ['cache/a', 0, 2],
      ['cache/b', 0, 2],
      ['etc/app.conf', 0, 3],
    ]);
    expect([...ctx.files].map(([p, r]) => [p, r.layer]).sort()).toEqual([
      ['cache/c', 2],
      ['etc/app.conf', 3],
      ['keep', 0],
    ]);
  });

  it('places secrets and account facts in the layer that added them, with the layer that removed them', () => {
    const empty: AccountFact = { path: 'etc/shadow', kind: 'empty-password', users: ['app'] };
    const auths: AccountFact = { path: 'root/.docker/config.json', kind: 'docker-auths', hosts: ['ghcr.io'] };
    const ctx = buildContext('image', undefined, [
      layer({
        entries: [
          file('app/.env'),
          file('app/config.yml'),
          file('etc/shadow'),
          file('root/.docker/config.json'),
        ],
        secrets: [secret('app/.env', 2), secret('app/config.yml', 5, 'h2')],
        accounts: [empty, auths],
      }),
      layer({
        whiteouts: [
          { path: 'app/.env', opaque: false },
          { path: 'root/.docker', opaque: true },
        ],
      }),
      layer({ entries: [file('app/config.yml')], secrets: [secret('app/config.yml', 5, 'h3')] }),
    ]);
    expect(ctx.secrets.map((s) => [s.path, s.line, s.hash, s.layer, s.deletedBy])).toEqual([
      ['app/.env', 2, 'h1', 0, 1],
      ['app/config.yml', 5, 'h2', 0, 2],
      ['app/config.yml', 5, 'h3', 2, undefined],
    ]);
    expect(ctx.secrets[2]).not.toHaveProperty('deletedBy');
    expect(ctx.accounts).toEqual([
      { ...empty, layer: 0 },
      { ...auths, layer: 0, deletedBy: 1 },
    ]);
  });

  it('a file re-added after its deletion is live again, its earlier copy stays deleted', () => {
    const ctx = buildContext('image', undefined, [
      layer({ entries: [file('app/.env')], secrets: [secret('app/.env')] }),
      layer({ whiteouts: [{ path: 'app/.env', opaque: false }] }),
      layer({ entries: [file('app/.env')], secrets: [secret('app/.env', 1, 'h9')] }),
    ]);
    expect(ctx.files.get('app/.env')?.layer).toBe(2);
    expect(ctx.secrets.map((s) => [s.layer, s.deletedBy])).toEqual([
      [0, 1],
      [2, undefined],
    ]);
  });

  it('a layer that writes a file twice does not delete its own copy', () => {
    const ctx = buildContext('image', undefined, [
      layer({ entries: [file('a'), file('a')], secrets: [secret('a')] }),
    ]);
    expect(ctx.deleted).toEqual([]);
    expect(ctx.secrets[0]).not.toHaveProperty('deletedBy');
  });
});
