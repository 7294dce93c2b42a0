// Downloads a URL (an export's ZIP) into a folder: bytes go to `<name>.part`, a dropped
// connection resumes with an HTTP Range request from where the part file ends, and only a
// complete file is renamed to its name. Resolves with its path, size and sha256. https
// (or http on this machine) only; TLS verification on; memory flat (streamed to disk).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, stat, truncate } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { basename, join } from 'node:path';
import { IpsError, IpsNetworkError } from './errors.ts';
import { createRateMeter } from './rate.ts';
import { checkServiceUrl } from './regions.ts';
import { TransferCancelledError, networkError } from './servlet.ts';

export interface DownloadProgress {
  received: number;
  /** Undefined until the server says. */
  total?: number;
  bytesPerSecond: number;
  etaSeconds?: number;
  /** Bytes that were already in the part file when this attempt began. */
  resumedFrom: number;
}

export interface DownloadOptions {
  /** File name in the folder (default: the URL's last path segment). */
  fileName?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Idle deadline (ms, default 60 000). */
  timeoutMs?: number;
  /** Resumes after a dropped connection within this call (default 3). */
  retries?: number;
  retryDelayMs?: (attempt: number) => number;
  now?: () => number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** True when part of it came from an earlier, interrupted download. */
  resumed: boolean;
}

/** A safe file name from a URL (or a given name): no folders, no control characters. */
export function downloadFileName(url: string, given?: string): string {
  let name = given;
  if (!name) {
    const seg = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    try {
      name = decodeURIComponent(seg);
    } catch {
      name = seg;
    }
  }
  const clean = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .trim();
  return clean === '' || clean === '.' || clean === '..' ? 'download' : clean;
}

export function partPath(dir: string, url: string, fileName?: string): string {
  return join(dir, `${downloadFileName(url, fileName)}.part`);
}

async function sizeOf(p: string): Promise<number> {
  try {
    return (await stat(p)).size;
  } catch {
    return 0;
  }
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function hashFile(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(p) as AsyncIterable<Buffer>) h.update(c);
  return h.digest('hex');
}

/** A free name in the folder: `name`, else `name (1).ext`, `name (2).ext`… */
async function freeName(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 0; i < 1000; i++) {
    const p = join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    if (!(await exists(p))) return p;
  }
  return join(dir, name);
}

interface Attempt {
  done: boolean;
  total?: number;
}

/** One GET from `offset`; appends to the part file. */
function attempt(url: URL, part: string, offset: number, o: DownloadOptions, report: (received: number, total: number | undefined) => void): Promise<Attempt> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<Attempt>((resolve, reject) => {
    const headers: Record<string, string> = { 'User-Agent': 'IPS Jobs', 'Accept-Encoding': 'identity' };
    if (offset > 0) headers.Range = `bytes=${offset}-`;
    const req = mod.get(url, { headers, ...(o.signal ? { signal: o.signal } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 416 && offset > 0) {
        res.resume();
        const total = Number(/\*\/(\d+)/.exec(String(res.headers['content-range'] ?? ''))?.[1] ?? NaN);
        if (total === offset) resolve({ done: true, total });
        else reject(Object.assign(new Error('restart'), { restart: true }));
        return;
      }
      if (status !== 200 && status !== 206) {
        res.resume();
        reject(new IpsNetworkError(`The download answered HTTP ${status}`, { operation: 'download', httpStatus: status }));
        return;
      }
      let start = 0;
      let total: number | undefined;
      if (status === 206) {
        const m = /bytes\s+(\d+)-(\d+)\/(\d+|\*)/.exec(String(res.headers['content-range'] ?? ''));
        start = m ? Number(m[1]) : NaN;
        if (start !== offset) {
          res.resume();
          reject(Object.assign(new Error('restart'), { restart: true }));
          return;
        }
        if (m && m[3] !== '*') total = Number(m[3]);
      } else {
        const len = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(len)) total = len;
      }
      const out = createWriteStream(part, { flags: status === 206 ? 'a' : 'w' });
      let received = start;
      res.on('data', (c: Buffer) => {
        received += c.length;
        report(received, total);
      });
      res.pipe(out);
      let failed = false;
      const fail = (err: unknown): void => {
        if (failed) return;
        failed = true;
        out.end(() => reject(err));
      };
      res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      res.on('error', fail);
      out.on('error', (err) => fail(new IpsError('internal', `Could not write ${basename(part)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`)));
      out.on('finish', () => {
        if (failed) return;
        if (!res.complete || (total !== undefined && received < total)) fail(Object.assign(new Error('incomplete'), { code: 'ECONNRESET' }));
        else resolve({ done: true, ...(total !== undefined ? { total } : {}) });
      });
    });
    req.setTimeout(o.timeoutMs ?? 60_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

/** Downloads `rawUrl` into `dir`; resumes a `.part` file left by an earlier attempt. */
export async function downloadToFolder(rawUrl: string, dir: string, o: DownloadOptions = {}): Promise<DownloadResult> {
  let url: URL;
  try {
    url = new URL(checkServiceUrl(rawUrl));
  } catch (err) {
    throw new IpsError('usage', (err as Error).message.replace('IPS service URL', 'download URL'));
  }
  await mkdir(dir, { recursive: true });
  const name = downloadFileName(url.toString(), o.fileName);
  const part = join(dir, `${name}.part`);
  const now = o.now ?? Date.now;
  const retries = o.retries ?? 3;
  const delay = o.retryDelayMs ?? ((a: number) => Math.min(10_000, 500 * 2 ** (a - 1)));
  const initial = await sizeOf(part);
  let resumed = initial > 0;
  const meter = createRateMeter(now);
  let lastEmit = 0;
  for (let failures = 0; ;) {
    if (o.signal?.aborted) throw new TransferCancelledError();
    const offset = await sizeOf(part);
    meter.add(offset);
    const report = (received: number, total: number | undefined, force = false): void => {
      meter.add(received);
      const t = now();
      if (!o.onProgress || (!force && t - lastEmit < 200)) return;
      lastEmit = t;
      const eta = total !== undefined ? meter.etaSeconds(total - received) : undefined;
      o.onProgress({
        received,
        ...(total !== undefined ? { total } : {}),
        bytesPerSecond: meter.bytesPerSecond(),
        ...(eta !== undefined ? { etaSeconds: eta } : {}),
        resumedFrom: offset,
      });
    };
    try {
      const r = await attempt(url, part, offset, o, report);
      const size = await sizeOf(part);
      report(size, r.total ?? size, true);
      const final = await freeName(dir, name);
      await rename(part, final);
      return { path: final, bytes: size, sha256: await hashFile(final), resumed };
    } catch (err) {
      if ((err as { restart?: boolean }).restart) {
        // The server cannot continue this part (changed, or no ranges): start over.
        await truncate(part, 0).catch(() => undefined);
        resumed = false;
        if (++failures > retries) throw new IpsNetworkError('The download could not be resumed', { operation: 'download' });
        continue;
      }
      if (err instanceof IpsError && !(err instanceof IpsNetworkError && err.httpStatus === undefined)) throw err;
      const e = networkError(err, 'download', o.signal);
      if (e instanceof TransferCancelledError || ++failures > retries) throw e;
      resumed = true;
      await new Promise((r) => setTimeout(r, delay(failures)));
    }
  }
}
