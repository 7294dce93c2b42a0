// The built renderer as both the desktop window (app://ips-jobs/…, electron/adapters/
// window.ts) and the web preview (http://127.0.0.1:PORT/…, electron/preview.ts) serve it:
// one Content-Security-Policy, one MIME table, one path guard. Electron-free.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The window's Content-Security-Policy: scripts, styles and fonts from the app itself only
 * (no inline scripts or style attributes), no plugins, frames or forms. `connect` adds
 * sources the page may open connections to (the preview's WebSocket on its own port).
 */
export function rendererCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rendererDir` that a URL path names, or undefined when it is not one:
 * undecodable, a NUL byte, or anything that would leave the folder (`..`, encoded
 * separators). A path ending in "/" names its index.html.
 */
export function rendererPath(rendererDir: string, urlPathname: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, pathname));
  return file.startsWith(root) && file !== root ? file : undefined;
}

/** The file a URL path names, with its content type; undefined when there is none. */
export async function readRendererFile(rendererDir: string, urlPathname: string): Promise<{ body: Buffer; type: string } | undefined> {
  const file = rendererPath(rendererDir, urlPathname);
  if (!file) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return { body: await readFile(file), type: contentTypeOf(file) };
  } catch {
    return undefined;
  }
}
