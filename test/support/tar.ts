import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

export type TarEntry = Partial<Header> & { name: string; content?: string | Buffer };

/** Builds a tar archive in memory (gzip-compressed when asked), as image layers are. */
export async function buildTar(entries: TarEntry[], opts: { gzip?: boolean } = {}): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => {
      p.entry(header, content ?? '', (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }
  p.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return opts.gzip ? gzipSync(tar) : tar;
}

/** Yields a buffer in small chunks, like a network or file stream. */
export async function* chunked(buf: Buffer, size = 1000): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) {
    // Hand each chunk over on a later tick, as a real stream does.
    await Promise.resolve();
    yield buf.subarray(i, i + size);
  }
}
