// multipart/form-data bodies for the UploadFile servlet, streamed: the body is a list of
// segments (small header buffers and files on disk), its Content-Length is known before
// the first byte is sent, and files are read from disk chunk by chunk into reused buffers,
// as fast as the socket takes them, so memory stays flat whatever their size.
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** A file part: read from `path`, which must still be `size` bytes when sent. */
export interface FileSegment {
  path: string;
  size: number;
  /** The caller's index of this file (reported back in progress). */
  index: number;
}
export type Segment = Buffer | FileSegment;

export interface MultipartBody {
  boundary: string;
  contentType: string;
  /** Exact byte length of the whole body. */
  length: number;
  segments: Segment[];
}

export interface FieldInput {
  name: string;
  value: string;
  contentType?: string;
}

export interface FileInput {
  /** The form field name, e.g. file1. */
  field: string;
  /** The part's filename (sent as UTF-8, escaped as browsers do). */
  filename: string;
  path: string;
  size: number;
  index: number;
}

/** A random boundary that cannot occur in the XML parts (files are binary anyway). */
export function makeBoundary(): string {
  return `----IpsJobsBoundary${randomBytes(12).toString('hex')}`;
}

/**
 * A header parameter value as HTML forms send it (WHATWG multipart/form-data encoding):
 * UTF-8, with `"` as %22 and CR / LF as %0D / %0A. Servlets read it as UTF-8.
 */
export function quoteParam(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function fieldBuffer(boundary: string, f: FieldInput): Buffer {
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${quoteParam(f.name)}"\r\n` +
    `Content-Type: ${f.contentType ?? 'text/plain; charset=UTF-8'}\r\n` +
    'Content-Transfer-Encoding: 8bit\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(f.value, 'utf8'), Buffer.from('\r\n', 'utf8')]);
}

function fileHead(boundary: string, f: FileInput): Buffer {
  return Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoteParam(f.field)}"; filename="${quoteParam(f.filename)}"\r\n` +
      'Content-Type: application/octet-stream\r\n' +
      'Content-Transfer-Encoding: binary\r\n\r\n',
    'utf8',
  );
}

/** The body's segments and exact length: fields first, then files, then the closing delimiter. */
export function buildMultipart(fields: readonly FieldInput[], files: readonly FileInput[], boundary = makeBoundary()): MultipartBody {
  const segments: Segment[] = [];
  for (const f of fields) segments.push(fieldBuffer(boundary, f));
  for (const f of files) {
    segments.push(fileHead(boundary, f));
    segments.push({ path: f.path, size: f.size, index: f.index });
    segments.push(Buffer.from('\r\n', 'utf8'));
  }
  segments.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  const length = segments.reduce((n, s) => n + (Buffer.isBuffer(s) ? s.length : s.size), 0);
  return { boundary, contentType: `multipart/form-data; boundary=${boundary}`, length, segments };
}

/** Thrown when a file's size on disk no longer matches what the body announced. */
export class FileChangedError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`The file changed while it was being sent: ${path}`);
    this.name = 'FileChangedError';
    this.path = path;
  }
}

function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(Object.assign(new Error('The connection closed while sending'), { code: 'ECONNRESET' }));
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', done);
  });
}

/** Bytes per file read, and how many such buffers may be on their way to the socket at once. */
const CHUNK = 1024 * 1024;
const RING = 4;

/**
 * Writes `chunk` and resolves once the socket has taken it (the write callback), so its buffer
 * may be filled again; rejects when the request closes or fails first.
 */
function writeOwned(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onGone = (err?: Error): void => {
      cleanup();
      reject(err instanceof Error ? err : Object.assign(new Error('The connection closed while sending'), { code: 'ECONNRESET' }));
    };
    const onClose = (): void => onGone();
    const cleanup = (): void => {
      out.off('close', onClose);
      out.off('error', onGone);
    };
    out.once('close', onClose);
    out.once('error', onGone);
    out.write(chunk, (err?: Error | null) => {
      cleanup();
      if (err) reject(err);
      else resolve();
    });
  });
}

/**
 * Writes the body to `out` (an http.ClientRequest). File bytes are read in 1 MiB chunks into
 * a ring of four buffers that are reused once the socket has taken them: the next read overlaps
 * the previous write, at most 4 MiB is in flight (1 MiB chunks cost ~20 % less CPU than 256 KiB
 * ones: fewer syscalls and wake-ups), and no buffer per chunk is left for the
 * garbage collector (fresh read-stream chunks let the RSS rise by ~64 MB before V8 collects
 * them: test/bench/upload-bench.ts). `onFileBytes(index, n)` after each chunk of a file. Does
 * not end `out`.
 */
export async function writeMultipart(body: MultipartBody, out: Writable, onFileBytes?: (index: number, bytes: number) => void): Promise<void> {
  for (const seg of body.segments) {
    if (out.destroyed) throw Object.assign(new Error('The connection closed while sending'), { code: 'ECONNRESET' });
    if (Buffer.isBuffer(seg)) {
      await writeChunk(out, seg);
      continue;
    }
    if (seg.size === 0) continue;
    const fh = await open(seg.path, 'r');
    const inFlight: Array<Promise<void> | undefined> = [];
    try {
      const size = Math.min(CHUNK, seg.size);
      const ring = Array.from({ length: Math.min(RING, Math.ceil(seg.size / CHUNK)) }, () => Buffer.allocUnsafeSlow(size));
      let pos = 0;
      for (let k = 0; pos < seg.size; k++) {
        const slot = k % ring.length;
        await inFlight[slot];
        if (out.destroyed) throw Object.assign(new Error('The connection closed while sending'), { code: 'ECONNRESET' });
        const buf = ring[slot] as Buffer;
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, seg.size - pos), pos);
        if (bytesRead === 0) throw new FileChangedError(seg.path);
        pos += bytesRead;
        const taken = writeOwned(out, bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
        taken.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
        inFlight[slot] = taken;
        onFileBytes?.(seg.index, bytesRead);
      }
      await Promise.all(inFlight);
    } finally {
      // Writes still pending on failure belong to a request that is being destroyed: not awaited.
      await fh.close();
    }
  }
}
