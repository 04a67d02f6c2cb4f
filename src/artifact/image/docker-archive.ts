import { BulkheadError } from '../../core/errors.js';
import { checkDigest, parseDigest, verified } from './digest.js';
import { archiveFiles, openLayout } from './oci-layout.js';
import { imageLayers, parseImageConfig } from './config.js';
import type { ImageSource } from './types.js';

function fail(file: string, msg: string): never {
  throw new BulkheadError(
    'TARGET_UNREADABLE',
    `${file}: ${msg}`,
    'pass the output of `docker save` (a tar with manifest.json)',
  );
}

interface SaveEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

function saveEntries(v: unknown, file: string): SaveEntry[] {
  if (!Array.isArray(v)) fail(file, 'manifest.json is not a list');
  return v.map((e: unknown) => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (
      typeof o.Config !== 'string' ||
      !Array.isArray(o.Layers) ||
      !o.Layers.every((l) => typeof l === 'string')
    ) {
      fail(file, 'manifest.json entry without Config and Layers');
    }
    const tags = Array.isArray(o.RepoTags)
      ? o.RepoTags.filter((t): t is string => typeof t === 'string')
      : [];
    return { Config: o.Config, RepoTags: tags, Layers: o.Layers };
  });
}

/** `blobs/sha256/<hex>` members carry their digest in the name. */
function digestFromPath(path: string): string | undefined {
  const m = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(path);
  return m ? `${m[1] ?? ''}:${m[2] ?? ''}` : undefined;
}

/**
 * Opens a `docker save` archive (`docker-archive:file[:name:tag]`). Archives from Docker 25+
 * also hold an OCI layout; the classic `manifest.json` is read either way, since every version
 * writes it. Layers in a docker archive are the uncompressed tars, so each is verified against
 * its diff ID (or the digest in its blob path).
 */
export async function openDockerArchive(file: string, ref: string | undefined): Promise<ImageSource> {
  const files = await archiveFiles(file);
  if (!files.has('manifest.json')) {
    if (files.has('oci-layout')) return openLayout(files, ref, 'linux/amd64');
    fail(file, 'no manifest.json: not a docker save archive');
  }
  let entries: SaveEntry[];
  try {
    entries = saveEntries(JSON.parse((await files.read('manifest.json')).toString('utf8')), file);
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    fail(file, 'manifest.json is not valid JSON');
  }
  const entry =
    ref === undefined
      ? entries.length === 1
        ? entries[0]
        : undefined
      : entries.find((e) => e.RepoTags.includes(ref) || e.RepoTags.includes(`docker.io/library/${ref}`));
  if (!entry) {
    const tags = entries.flatMap((e) => e.RepoTags);
    if (ref === undefined) {
      throw new BulkheadError(
        'USAGE',
        `${file}: holds ${entries.length} images`,
        `name one as docker-archive:${file}:<name:tag> (${tags.join(', ') || 'untagged'})`,
      );
    }
    throw new BulkheadError(
      'TARGET_NOT_FOUND',
      `${file}: no image "${ref}" (has ${tags.join(', ') || 'untagged images'})`,
      'use one of those names',
    );
  }

  if (!files.has(entry.Config)) fail(file, `config ${entry.Config} is missing from the archive`);
  let raw: Buffer;
  try {
    raw = await files.read(entry.Config);
  } catch (e) {
    fail(file, `config ${entry.Config} is unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const want = digestFromPath(entry.Config);
  if (want) checkDigest(raw, want, `${file}: config`);
  const config = parseImageConfig(raw, `${file}: config ${entry.Config}`, 'save the image again');
  // docker save stores layers uncompressed: a layer's digest is its diff ID, unless its file name
  // (`blobs/sha256/<hex>` in Docker 25+) says otherwise.
  const diffIds = config.rootfs?.diff_ids ?? [];
  const blobs = entry.Layers.map((path, i) => {
    if (!files.has(path)) fail(file, `layer ${path} is missing from the archive`);
    const digest = digestFromPath(path) ?? diffIds[i] ?? '';
    if (!parseDigest(digest)) fail(file, `layer ${String(i)} has no valid digest`);
    return { digest, mediaType: 'application/vnd.docker.image.rootfs.diff.tar', size: -1, path };
  });
  const layers = imageLayers(
    config,
    blobs,
    (b, i) => verified(files.open(b.path), b.digest, `${file}: layer ${String(i)} (${b.path})`),
    (msg) => fail(file, msg),
  );
  return { name: ref ?? entry.RepoTags[0] ?? file, config, layers };
}
