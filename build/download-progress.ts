// The progress line `npm start` shows while Electron's installer downloads the binary.
// On a terminal: one line, rewritten in place at most 4 times a second. Elsewhere (CI,
// a pipe): the first line, then one line every 10 s, then the result.
import type { ProbeEvent } from './electron-install-errors.ts';

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
  version: string;
  now?: () => number;
}

export interface Progress {
  onEvent(event: ProbeEvent): void;
  /** The download is done: say so (replacing the live line on a terminal). */
  succeeded(ms: number): void;
  /** Clear the live line, so the caller's one-line reason stands alone. */
  failed(): void;
}

const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1);

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? Date.now;
  const prefix = `ips-jobs: downloading Electron ${o.version} (once; Ctrl-C to stop)`;
  let from = '';
  let total: number | null = null;
  let bytes = 0;
  let lastDraw = 0;
  let live = false;

  const text = (): string => {
    const where = from ? ` from ${from}` : '';
    if (!bytes) return `${prefix}${where}…`;
    const size = total ? `${mb(bytes)} of ${mb(total)} MB (${Math.min(100, Math.floor((bytes / total) * 100))}%)` : `${mb(bytes)} MB`;
    return `${prefix}${where}: ${size}`;
  };
  let lastText = '';
  const draw = (force: boolean): void => {
    const t = now();
    if (!force && t - lastDraw < (o.tty ? 250 : 10_000)) return;
    const line = text();
    if (line === lastText) return;
    lastDraw = t;
    lastText = line;
    if (o.tty) {
      o.write(`\r\x1b[K${line}`);
      live = true;
    } else {
      o.write(`${line}\n`);
    }
  };
  draw(true);

  return {
    onEvent(event) {
      const isArchive = /\.zip(\?|$)/i.test(event.url);
      if (event.e === 'request' && isArchive) from = host(event.url) || from;
      if (event.e === 'headers' && isArchive && event.status < 300) total = event.length;
      if (event.e === 'bytes' && isArchive) {
        bytes = event.bytes;
        draw(event.done === true && o.tty);
      }
    },
    succeeded(ms) {
      const size = bytes ? `${mb(bytes)} MB ` : '';
      const source = from ? `from ${from} ` : '';
      const line = `ips-jobs: Electron ${o.version} is installed (${size}${source}in ${(ms / 1000).toFixed(1)} s)`;
      o.write(o.tty ? `\r\x1b[K${line}\n` : `${line}\n`);
      live = false;
    },
    failed() {
      if (live) o.write('\r\x1b[K');
      live = false;
    },
  };
}
