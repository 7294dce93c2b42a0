// The HTTP layer under the soap package (its `httpClient` option), on node:http/https.
//
// Why our own instead of soap's axios client: we need (1) a hard per-request deadline
// covering connect, headers and body; (2) `Accept-Encoding: gzip` with decompression we
// control (soap sends `Accept-Encoding: none`, and its forceGzip hangs); (3) failures
// that carry no request data — axios errors carry the request config, i.e. the SOAP
// envelope with the password, and soap's HttpClient writes that envelope to its debug
// log; this module logs nothing. TLS verification is Node's default and never relaxed.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

/** Why a request produced no usable HTTP response. Mapped to IpsError by faults.ts. */
export class TransportFailure extends Error {
  readonly kind: 'network' | 'timeout' | 'malformed';
  /** Node/OpenSSL error code, e.g. ECONNREFUSED, CERT_HAS_EXPIRED (never a message). */
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(kind: 'network' | 'timeout' | 'malformed', message: string, code?: string, httpStatus?: number) {
    super(message);
    this.name = 'TransportFailure';
    this.kind = kind;
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  data: string;
}

type Callback = (error: unknown, res?: TransportResponse, body?: string) => unknown;

const MAX_BODY_BYTES = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'EPROTO',
]);

/** One readable phrase for a socket-level error code. */
export function describeNetworkCode(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was dropped';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'the network is unreachable';
    default:
      if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
        return `the TLS connection could not be verified (${code})`;
      }
      return code ? `the connection failed (${code})` : 'the connection failed';
  }
}

function decode(buf: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(buf);
    case 'deflate':
      try {
        return zlib.inflateSync(buf);
      } catch {
        return zlib.inflateRawSync(buf);
      }
    case 'br':
      return zlib.brotliDecompressSync(buf);
    default:
      return buf;
  }
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const m = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '');
  const cs = m?.[1]?.toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' ? 'latin1' : 'utf8';
}

function post(url: URL, body: Buffer, headers: http.OutgoingHttpHeaders, timeoutMs: number): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (e: TransportFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    const req = mod.request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      fail(new TransportFailure('timeout', `no complete answer within ${timeoutMs} ms`, 'ETIMEDOUT'));
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? (/socket hang up/i.test(err.message) ? 'ECONNRESET' : undefined);
      // The OS gave up connecting/waiting: a timeout, not a refusal.
      const f =
        code === 'ETIMEDOUT' || code === 'ECONNABORTED'
          ? new TransportFailure('timeout', `the connection timed out (${code})`, code)
          : new TransportFailure('network', describeNetworkCode(code), code);
      (f as TransportFailure & { reusedSocket?: boolean }).reusedSocket = req.reusedSocket;
      fail(f);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          fail(new TransportFailure('malformed', 'the response is too large', undefined, res.statusCode));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      const dropped = (): void => fail(new TransportFailure('network', 'the connection was dropped mid-response', 'ECONNRESET', res.statusCode));
      res.on('error', dropped);
      // After a complete body, 'end' has already settled; a close before that is a drop.
      res.on('close', () => {
        if (!res.complete) dropped();
      });
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(new TransportFailure('network', 'the connection was dropped mid-response', 'ECONNRESET', res.statusCode));
          return;
        }
        let raw: Buffer;
        try {
          raw = decode(Buffer.concat(chunks), res.headers['content-encoding']);
        } catch {
          fail(new TransportFailure('malformed', 'the compressed response is corrupt or incomplete', undefined, res.statusCode));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, data: raw.toString(charsetOf(res.headers['content-type'])) });
      });
    });
    req.end(body);
  });
}

/**
 * An object for soap's `httpClient` option. The per-call `{ timeout, retryStale }` options
 * arrive as `exoptions`. A request that fails on a reused keep-alive socket before any
 * response is retried once on a fresh connection (the server had closed the idle socket),
 * unless `retryStale` is false.
 */
export function createHttpClient(defaultTimeoutMs = DEFAULT_TIMEOUT_MS, userAgent = 'ips-jobs') {
  return {
    request(rurl: string, data: unknown, callback: Callback, exheaders?: Record<string, unknown>, exoptions?: Record<string, unknown>): undefined {
      const timeoutMs = typeof exoptions?.timeout === 'number' && exoptions.timeout > 0 ? exoptions.timeout : defaultTimeoutMs;
      const url = new URL(rurl);
      const body = Buffer.from(typeof data === 'string' ? data : String(data ?? ''), 'utf8');
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(exheaders ?? {})) {
        if (typeof v === 'string' || typeof v === 'number') headers[k] = v;
      }
      headers['Content-Type'] ??= 'text/xml; charset=utf-8';
      headers['Content-Length'] = body.length;
      headers['Accept'] = 'text/xml, application/soap+xml, */*;q=0.5';
      headers['Accept-Encoding'] = 'gzip';
      headers['User-Agent'] = userAgent;
      const attempt = (retry: boolean): void => {
        post(url, body, headers, timeoutMs).then(
          (res) => callback(null, res, res.data),
          (err: TransportFailure & { reusedSocket?: boolean }) => {
            if (retry && err.kind === 'network' && err.reusedSocket && err.httpStatus === undefined) attempt(false);
            else callback(err);
          },
        );
      };
      // Callers pass { retryStale: false } for operations that must not run twice (submitJob, executeJob).
      attempt(exoptions?.retryStale !== false);
      return undefined;
    },
  };
}
