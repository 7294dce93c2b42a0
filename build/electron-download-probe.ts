// Loaded with `node --import` into Electron's own installer (node_modules/electron/install.js)
// by build/electron-install.ts. It changes nothing about the download: it only listens on
// the diagnostics channels of Node's built-in fetch (undici), which @electron/get uses, and
// reports on file descriptor 3, one JSON object a line:
//   {"e":"request","url"}                          a request starts (also each redirect hop)
//   {"e":"headers","url","status","length"}        its answer's status and Content-Length
//   {"e":"bytes","url","bytes","done"?}            body bytes so far (at most 4 a second), done: true at the end
//   {"e":"error","url","code","message"}           the request failed (DNS, refused, TLS, reset…)
// The installer itself prints only `err.stack`, and for a network failure that is just
// "TypeError: fetch failed": the cause (ENOTFOUND, ECONNREFUSED, a certificate…) is here.
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';

const FD = 3;
let broken = false;
function report(event: Record<string, unknown>): void {
  if (broken) return;
  try {
    writeSync(FD, `${JSON.stringify(event)}\n`);
  } catch {
    broken = true; // no report pipe: the installer runs as usual
  }
}

interface UndiciRequest {
  origin?: string | URL;
  path?: string;
}
interface UndiciResponse {
  statusCode?: number;
  headers?: (Buffer | string)[];
}

const urlOf = (r: UndiciRequest | undefined): string => (r ? `${String(r.origin ?? '')}${r.path ?? ''}` : '');

function contentLength(headers: (Buffer | string)[] | undefined): number | undefined {
  if (!headers) return undefined;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() === 'content-length') {
      const n = Number(String(headers[i + 1]));
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    }
  }
  return undefined;
}

const received = new WeakMap<object, { bytes: number; at: number }>();

subscribe('undici:request:create', (m) => {
  const { request } = m as { request: UndiciRequest };
  report({ e: 'request', url: urlOf(request) });
});

subscribe('undici:request:headers', (m) => {
  const { request, response } = m as { request: UndiciRequest; response: UndiciResponse };
  report({ e: 'headers', url: urlOf(request), status: response.statusCode ?? 0, length: contentLength(response.headers) ?? null });
});

subscribe('undici:request:bodyChunkReceived', (m) => {
  const { request, chunk } = m as { request: UndiciRequest & object; chunk: { length: number } };
  const seen = received.get(request) ?? { bytes: 0, at: 0 };
  seen.bytes += chunk.length;
  received.set(request, seen);
  const now = Date.now();
  if (now - seen.at >= 250) {
    seen.at = now;
    report({ e: 'bytes', url: urlOf(request), bytes: seen.bytes });
  }
});

subscribe('undici:request:trailers', (m) => {
  const { request } = m as { request: UndiciRequest & object };
  report({ e: 'bytes', url: urlOf(request), bytes: received.get(request)?.bytes ?? 0, done: true });
});

subscribe('undici:request:error', (m) => {
  const { request, error } = m as { request: UndiciRequest; error: NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException } };
  const code = error?.code ?? error?.cause?.code ?? error?.name ?? '';
  report({ e: 'error', url: urlOf(request), code, message: String(error?.message ?? error) });
});
