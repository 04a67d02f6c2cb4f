import type { ScanProgress } from '../scanners/image/scan.js';

const WIDTH = 24;

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * A one-line progress bar per layer on stderr (bytes read of the compressed layer). Only on a
 * terminal: a pipe or a CI log gets nothing, and neither does --quiet.
 */
export function terminalProgress(stream: NodeJS.WriteStream, now: () => number): ScanProgress | undefined {
  if (!stream.isTTY) return undefined;
  let label = '';
  let size = 0;
  let last = 0;
  const draw = (bytes: number): void => {
    const frac = size > 0 ? Math.min(1, bytes / size) : 0;
    const filled = Math.round(frac * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    stream.write(`\r\x1b[K${label} ${bar} ${mb(bytes)}${size > 0 ? ` / ${mb(size)}` : ''}`);
  };
  return {
    layerStart(index, count, layerSize, cached) {
      label = `layer ${String(index + 1)}/${String(count)}`;
      size = layerSize;
      if (cached) stream.write(`\r\x1b[K${label} cached`);
      else draw(0);
    },
    layerBytes(bytes) {
      const t = now();
      if (t - last < 80) return;
      last = t;
      draw(bytes);
    },
    layerDone() {
      stream.write('\r\x1b[K');
    },
  };
}
