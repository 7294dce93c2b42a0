// Plain-HTTP pieces shared by the UploadFile servlet client (upload.ts), the plain SOAP
// calls (getProperty in property.ts, getFolderTree in folders.ts: soapCall) and downloads
// (download.ts): one request with a deadline per idle socket, bare-fault parsing, and the
// authHeader document. TLS verification is Node's default and is never relaxed. No request data (the password) ever reaches an error.
import http from 'node:http';
import https from 'node:https';
import { IpsError, IpsMalformedResponseError, IpsNetworkError, IpsTimeoutError, faultKind, ipsError } from './errors.ts';
import { unescXml } from '../../shared/xml-text.ts';
import { makeScrubber } from './faults.ts';
import { describeNetworkCode } from './transport.ts';

export const AUTH_NS = 'http://www.scene7.com/IpsApi/xsd';
export const IPS_NS = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';

export interface Credentials {
  user: string;
  password: string;
  locale?: string;
  appName?: string;
  appVersion?: string;
}

/** Thrown when the caller's AbortSignal fired. */
export class TransferCancelledError extends IpsError {
  constructor() {
    super('internal', 'The transfer was cancelled');
    this.name = 'TransferCancelledError';
  }
}

export function escXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The authHeader children in schema order. */
export function authHeaderChildren(c: Credentials, prefix = ''): string {
  const el = (name: string, v: string | undefined): string => (v === undefined ? '' : `<${prefix}${name}>${escXml(v)}</${prefix}${name}>`);
  return (
    el('user', c.user) +
    el('password', c.password) +
    el('locale', c.locale) +
    el('appName', c.appName ?? 'IPS Jobs') +
    el('appVersion', c.appVersion ?? '0.1.0')
  );
}

export interface BareFault {
  element: 'authenticationFault' | 'authorizationFault' | 'ipsApiFault';
  code?: number;
  reason?: string;
}

/** The first IPS fault element in a body (bare, or inside a SOAP detail). */
export function findFault(body: string): BareFault | undefined {
  const m = /<(?:([\w.-]+):)?(authenticationFault|authorizationFault|ipsApiFault)[\s>]([\s\S]*?)<\/(?:[\w.-]+:)?\2>/.exec(body);
  if (!m) return undefined;
  const inner = m[3] ?? '';
  const code = /<(?:[\w.-]+:)?code>\s*(-?\d+)\s*</.exec(inner)?.[1];
  const reason = /<(?:[\w.-]+:)?reason>([\s\S]*?)<\//.exec(inner)?.[1];
  return {
    element: m[2] as BareFault['element'],
    ...(code !== undefined ? { code: Number(code) } : {}),
    ...(reason !== undefined ? { reason: unescXml(reason).replace(/\s+/g, ' ').trim().slice(0, 300) } : {}),
  };
}

export { unescXml };

/** An IPS fault as the matching IpsError, reason scrubbed of the password. */
export function faultError(f: BareFault, operation: string, httpStatus: number, secrets: string[]): IpsError {
  const scrub = makeScrubber(secrets);
  const reason = f.reason !== undefined ? scrub(f.reason) : undefined;
  const extra = { operation, httpStatus, ...(f.code !== undefined ? { code: f.code } : {}), ...(reason !== undefined ? { reason } : {}) };
  const tail = `${reason ? `: ${reason}` : ''}${f.code !== undefined ? ` (${f.code})` : ''}`;
  const kind = faultKind(f.element);
  const msg = {
    authentication: f.code === 10001 ? 'IPS rejected the user name or password (10001)' : `IPS could not authenticate the user${tail}`,
    authorization: `IPS refused ${operation}${tail}`,
    fault: `IPS could not run ${operation}${tail}`,
  }[kind];
  return ipsError(kind, msg, extra);
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

export interface RequestInput {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string | number>;
  /** Idle deadline: no byte sent or received for this long fails the request (ms). */
  timeoutMs: number;
  signal?: AbortSignal;
  operation: string;
  /** Writes the request body (the request is ended after it resolves). */
  writeBody?: (req: http.ClientRequest) => Promise<void>;
  /** Largest text answer read (bytes); more is cut off. */
  maxAnswerBytes?: number;
}

/** Maps a socket-level failure to an IpsError (no message text from the request). */
export function networkError(err: unknown, operation: string, signal?: AbortSignal): IpsError {
  if (signal?.aborted) return new TransferCancelledError();
  if (err instanceof IpsError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const c = typeof code === 'string' ? code : undefined;
  if (c === 'ETIMEDOUT') return new IpsTimeoutError(`IPS did not answer ${operation} in time`, { operation });
  return new IpsNetworkError(`Could not reach IPS for ${operation}: ${describeNetworkCode(c)}`, { operation });
}

/** One HTTP request whose answer is read as text (small: XML or an error page). */
export function request(input: RequestInput): Promise<HttpAnswer> {
  const url = new URL(input.url);
  const mod = url.protocol === 'https:' ? https : http;
  const agent = url.protocol === 'https:' ? agents.https : agents.http;
  const max = input.maxAnswerBytes ?? 4 * 1024 * 1024;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    let answered = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(networkError(err, input.operation, input.signal));
    };
    const req = mod.request(url, { method: input.method, headers: input.headers, agent, ...(input.signal ? { signal: input.signal } : {}) }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        if (n < max) chunks.push(c);
        n += c.length;
      });
      res.on('error', fail);
      res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.setTimeout(input.timeoutMs, () => fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    // Once an answer has begun (e.g. a fault sent before the body was read), it tells the story.
    req.on('error', (err) => (answered ? undefined : fail(err)));
    const write = input.writeBody;
    if (!write) {
      req.end();
      return;
    }
    write(req).then(
      () => req.end(),
      (err: unknown) => {
        // A refused request often fails the write first: prefer the response's story if any.
        if (err instanceof IpsError || (err as { name?: string } | null)?.name === 'FileChangedError') {
          if (!settled) {
            settled = true;
            req.destroy();
            reject(err instanceof IpsError ? err : new IpsError('usage', (err as Error).message));
          }
          return;
        }
        if (!answered) setTimeout(() => (answered ? undefined : fail(err)), 50);
      },
    );
  });
}

/** Not the expected XML: an HTML page, text, a truncated document. */
export function unexpectedAnswer(a: HttpAnswer, operation: string, expected: string): IpsError {
  const t = a.text.trim();
  const what =
    t === ''
      ? 'an empty body'
      : /^(<\?xml[^>]*>\s*)?<!doctype html|<html[\s>]/i.test(t.slice(0, 512))
        ? 'an HTML page'
        : t.startsWith('<')
          ? 'incomplete or unexpected XML'
          : 'text that is not XML';
  if (a.status < 200 || a.status > 299)
    return new IpsNetworkError(`IPS answered ${operation} with HTTP ${a.status} and ${what}`, { operation, httpStatus: a.status });
  return new IpsMalformedResponseError(`IPS answered ${operation} with ${what} instead of ${expected}`, { operation, httpStatus: a.status });
}

/** Who and where a plain SOAP call (soapCall) goes. */
export interface SoapCallTarget extends Credentials {
  serviceUrl: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A document/literal SOAP envelope: the authHeader, then `param` (escaped XML) in ips:<operation>Param. */
export function soapEnvelope(c: Credentials, operation: string, param: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s7="${AUTH_NS}" xmlns:ips="${IPS_NS}">` +
    `<soapenv:Header><s7:authHeader>${authHeaderChildren(c, 's7:')}</s7:authHeader></soapenv:Header>` +
    `<soapenv:Body><ips:${operation}Param>${param}</ips:${operation}Param></soapenv:Body></soapenv:Envelope>`
  );
}

/**
 * One plain SOAP call for an operation the reduced WSDL the soap package reads leaves out
 * (getProperty, getFolderTree): posts `envelope`, rejects with the IpsError of a SOAP fault
 * (the password scrubbed) or of the network, and returns the answer for the caller to read.
 */
export async function soapCall(q: SoapCallTarget, operation: string, envelope: string): Promise<HttpAnswer> {
  const body = Buffer.from(envelope, 'utf8');
  const a = await request({
    url: q.serviceUrl,
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `"${operation}"`,
      'Content-Length': body.length,
      'User-Agent': `${q.appName ?? 'IPS Jobs'}/${q.appVersion ?? '0.1.0'}`,
    },
    timeoutMs: q.timeoutMs ?? 30_000,
    operation,
    writeBody: async (req) => {
      req.write(body);
    },
    ...(q.signal ? { signal: q.signal } : {}),
  });
  const fault = findFault(a.text);
  if (fault) throw faultError(fault, operation, a.status, [q.password]);
  return a;
}
