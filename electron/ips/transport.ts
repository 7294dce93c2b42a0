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

/**
 * Per-call options soap hands through as `exoptions`. With `answer`, the response is
 * stored there and soap gets an empty one, so the client reads the body itself
 * (./answer.ts) with its own checks and deadline instead of soap's parser.
 */
export interface CallOptions {
  /** ms for this request (connect + headers + whole body). */
  timeout?: number;
  /** Absolute deadline (Date.now() ms); wins over `timeout` when sooner. */
  deadline?: number;
  /** false: no retry after a stale keep-alive socket (operations that must not run twice). */
  retryStale?: boolean;
  answer?: { response?: TransportResponse };
}

type Callback = (error: unknown, res?: TransportResponse, body?: string) => unknown;

/**
 * The largest answer read, counted twice: bytes on the wire and bytes after
 * decompression (a gzip bomb stops here, not in memory). The largest real answers (2,000
 * job logs of a backfill, 1,000 log details a page) are a few MB.
 */
export const MAX_ANSWER_BYTES = 32_000_000;
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

/** A streaming decompressor for a Content-Encoding, or undefined for identity/unknown. */
function decoderFor(encoding: string | undefined, head: Buffer): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      // zlib-wrapped (RFC 1950 header: method 8, check bits) as the RFC says, or raw deflate as some servers send.
      return head.length >= 2 && ((head[0] ?? 0) & 0x0f) === 8 && (((head[0] ?? 0) << 8) | (head[1] ?? 0)) % 31 === 0
        ? zlib.createInflate()
        : zlib.createInflateRaw();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** "12.3 MB" (decimal megabytes, as users read them). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const m = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '');
  const cs = m?.[1]?.toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' ? 'latin1' : 'utf8';
}

/** The failure for an answer over the cap (`total` when the size is known up front). */
function tooLarge(status: number | undefined, total?: number, inflated = false): TransportFailure {
  const cap = `the ${megabytes(MAX_ANSWER_BYTES)} this app accepts`;
  const what = total !== undefined ? `${megabytes(total)}, more than ${cap}` : `more than ${cap}${inflated ? ' once decompressed' : ''}`;
  return new TransportFailure('malformed', `IPS answered with ${what}`, 'ETOOLARGE', status);
}

function post(url: URL, body: Buffer, headers: http.OutgoingHttpHeaders, timeoutMs: number, maxBytes: number): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    let settled = false;
    let decoder: ReturnType<typeof decoderFor>;
    const fail = (e: TransportFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
      req.destroy();
      decoder?.destroy();
    };
    const req = mod.request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      fail(new TransportFailure('timeout', `no complete answer within ${timeoutMs} ms`, 'ETIMEDOUT'));
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
      const status = res.statusCode;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        fail(tooLarge(status, declared));
        return;
      }
      const chunks: Buffer[] = [];
      let wire = 0;
      let size = 0;
      const keep = (c: Buffer): void => {
        size += c.length;
        if (size > maxBytes) fail(tooLarge(status, undefined, decoder !== undefined));
        else chunks.push(c);
      };
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: status ?? 0, headers: res.headers, data: Buffer.concat(chunks).toString(charsetOf(res.headers['content-type'])) });
      };
      const corrupt = (): void => fail(new TransportFailure('malformed', 'the compressed response is corrupt or incomplete', undefined, status));
      const encoding = res.headers['content-encoding'];
      const dropped = (): void => fail(new TransportFailure('network', 'the connection was dropped mid-response', 'ECONNRESET', status));
      res.on('data', (c: Buffer) => {
        if (settled) return;
        wire += c.length;
        if (wire > maxBytes) {
          fail(tooLarge(status));
          return;
        }
        if (decoder === undefined && wire === c.length) {
          decoder = decoderFor(encoding, c);
          // Inflated output is counted as it comes, so a small bomb never grows past the cap.
          decoder?.on('data', keep);
          decoder?.on('error', corrupt);
          decoder?.on('end', finish);
        }
        if (decoder) decoder.write(c);
        else keep(c);
      });
      res.on('error', dropped);
      // After a complete body, 'end' has already run; a close before that is a drop.
      res.on('close', () => {
        if (!res.complete) dropped();
      });
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          dropped();
          return;
        }
        // No bytes at all under a Content-Encoding is an empty body, not a corrupt one.
        if (decoder) decoder.end();
        else finish();
      });
    });
    req.end(body);
  });
}

/**
 * An object for soap's `httpClient` option. The per-call options arrive as `exoptions`
 * (CallOptions). A request that fails on a reused keep-alive socket before any response
 * is retried once on a fresh connection (the server had closed the idle socket), unless
 * `retryStale` is false. Redirects are never followed: the answer goes back as it came,
 * and the client reports it (the request carries the password).
 */
export function createHttpClient(defaultTimeoutMs = DEFAULT_TIMEOUT_MS, userAgent = 'ips-jobs', maxBytes = MAX_ANSWER_BYTES) {
  return {
    request(rurl: string, data: unknown, callback: Callback, exheaders?: Record<string, unknown>, exoptions?: CallOptions): undefined {
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
      const timeoutFor = (): number => {
        const t = typeof exoptions?.timeout === 'number' && exoptions.timeout > 0 ? exoptions.timeout : defaultTimeoutMs;
        return typeof exoptions?.deadline === 'number' ? Math.max(1, Math.min(t, exoptions.deadline - Date.now())) : t;
      };
      const attempt = (retry: boolean): void => {
        post(url, body, headers, timeoutFor(), maxBytes).then(
          (res) => {
            if (exoptions?.answer) {
              exoptions.answer.response = res;
              callback(null, { status: 200, headers: {}, data: '' }, '');
            } else callback(null, res, res.data);
          },
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
