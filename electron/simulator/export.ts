// Simulator-only export delivery (docs/ips-api/upload-post.md §7): a finished export
// job's log names GET /scene7/export/<runId>.zip, which serves a ZIP of the exported files,
// with byte ranges (Accept-Ranges, 206 Partial Content, 416) so a client can resume a
// dropped download. A `drop` fault on operation 'ExportDownload' cuts the body half-way.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { FaultController } from './faults.ts';
import { assetOf } from './logs.ts';
import { FILE_DUPLICATE, FILE_ERROR, fileOutcome } from './outcomes.ts';
import type { Run } from './types.ts';
import type { World } from './world.ts';
import { zipStored } from './zip.ts';

export const EXPORT_PATH_RE = /^\/scene7\/export\/(\d+)\.zip$/;
/** Bytes of simulated content per exported asset (so downloads take more than one chunk). */
const ENTRY_BYTES = 192 * 1024;

const zips = new WeakMap<Run, Buffer>();

/** Deterministic filler: the same export always gives the same bytes. */
function content(label: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  const head = Buffer.from(`${label}\n`, 'utf8');
  head.copy(out, 0, 0, Math.min(head.length, size));
  let block = createHash('sha256').update(label).digest();
  for (let pos = head.length; pos < size; pos += block.length) {
    block.copy(out, pos, 0, Math.min(block.length, size - pos));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** The ZIP of a finished, successful export run (undefined otherwise). */
export function exportZip(world: World, run: Run | undefined): Buffer | undefined {
  const snap = run ? world.snapshot(run) : undefined;
  if (!run || !snap || run.type !== 'Export' || !snap.finished || snap.fatal || snap.stopped) return undefined;
  const cached = zips.get(run);
  if (cached) return cached;
  const entries: Array<{ name: string; data: Buffer }> = [];
  const seen = new Set<string>();
  for (let i = 0; i < snap.processed; i++) {
    const o = fileOutcome(run, i);
    if (o === FILE_ERROR || o === FILE_DUPLICATE) continue;
    const a = assetOf(world, run, i);
    let name = a ? `${a.name}.${a.ext || 'jpg'}` : `file-${i + 1}.jpg`;
    if (seen.has(name)) name = `${i + 1}-${name}`;
    seen.add(name);
    entries.push({ name, data: content(`IPS simulator export of ${a?.handle ?? i} (${run.name})`, ENTRY_BYTES) });
  }
  const zip = zipStored(entries, new Date(snap.endDate ?? world.now()));
  zips.set(run, zip);
  return zip;
}

/** A single `bytes=` range, resolved against the length; 'unsatisfiable', or undefined for the whole file. */
export function parseRange(header: string | undefined, length: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined; // several ranges or another unit: the whole file (allowed by RFC 9110)
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    start = Math.max(0, length - n);
    end = length - 1;
  } else {
    start = Number(a);
    end = b === '' ? length - 1 : Math.min(Number(b), length - 1);
  }
  if (start >= length || end < start) return 'unsatisfiable';
  return { start, end };
}

/** GET /scene7/export/<runId>.zip; true when it handled the request. */
export function handleExportDownload(world: World, faults: FaultController, req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
  const m = EXPORT_PATH_RE.exec(url.pathname);
  if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const run = world.runsById.get(Number(m[1]));
  const zip = exportZip(world, run);
  if (!run || !zip) {
    const body = '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>No such export</h1></body></html>';
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/html;charset=UTF-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return true;
  }
  const rule = faults.take('ExportDownload');
  const etag = `"export-${run.runId}-${zip.length}"`;
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="export-${run.runId}.zip"`);
  const ifRange = req.headers['if-range'];
  const range = ifRange !== undefined && ifRange !== etag ? undefined : parseRange(req.headers.range, zip.length);
  if (range === 'unsatisfiable') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${zip.length}`);
    res.setHeader('Content-Length', 0);
    res.end();
    return true;
  }
  const part = range ? zip.subarray(range.start, range.end + 1) : zip;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${zip.length}`);
  res.setHeader('Content-Length', part.length);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  if (rule?.kind === 'drop') {
    res.write(part.subarray(0, Math.floor(part.length / 2)), () => setTimeout(() => req.socket.destroy(), 20));
    return true;
  }
  res.end(part);
  return true;
}
