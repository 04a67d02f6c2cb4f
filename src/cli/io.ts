import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BulkheadError } from '../core/errors.js';

/** Writes via a temporary file and a rename, so an interrupted run never leaves half a report. */
export async function writeOutputFile(path: string, content: string): Promise<void> {
  const abs = resolve(path);
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written in place: renaming a
    // temp file over it would replace the device node itself.
    const existing = await stat(abs).catch(() => undefined);
    if (existing && !existing.isFile()) {
      await writeFile(abs, content);
      return;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new BulkheadError(
      'OUTPUT_UNWRITABLE',
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      'choose a writable --output path',
      { cause: e },
    );
  }
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function todayIso(): string {
  return new Date().toISOString();
}
