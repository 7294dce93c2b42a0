// The simulator's HTTP side: soap.listen on the project's WSDL for dispatch only (every
// operation answers the hand-written …Return element of service.ts), with our handler in
// front of it: the control endpoints, the WSDL, export downloads, the UploadFile servlet,
// the operations outside the WSDL, then SOAP requests read by envelope.ts, with the fault
// controller's rules (latency, drop, hang, HTTP errors, malformed, SOAP faults, truncation).
import type http from 'node:http';
import zlib from 'node:zlib';
import soap from 'soap';
import { CONTROL_PREFIX, type createControl } from './control.ts';
import { canonicalEnvelope, decodeRequest, readSoapRequest } from './envelope.ts';
import { handleExportDownload } from './export.ts';
import { answerGetFolderTree } from './folders-http.ts';
import { OPERATIONS, type IpsService, SoapFault, faultXml, readAuthHeader, type Operation } from './service.ts';
import { answerGetProperty, handleUploadInspect, handleUploadPost, type ServletContext } from './upload-http.ts';
import { UPLOAD_INSPECT_PATH, UPLOAD_PATH } from './upload.ts';
import { NS_DEFAULT, NS_SOAP11, NS_SOAP12 } from './xml.ts';

export const SERVICE_PATH = '/scene7/services/IpsApiService';
export const WSDL_PATH = '/scene7/webservice/IpsApi-2014-04-03.wsdl';

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** What the request handler needs: the servlet's context, the WSDL text, soap's listener, the control endpoints. */
export interface HttpContext extends ServletContext {
  wsdlXml: string;
  soapListener: Listener | undefined;
  control: ReturnType<typeof createControl> | undefined;
}

interface SimReq extends http.IncomingMessage {
  body?: Buffer;
  ipsSim?: {
    op: Operation;
    ns: string;
    soap12: boolean;
    auth?: Record<string, string>;
    args?: Record<string, unknown>;
    gzip?: boolean;
    faultStatus?: number;
    rawValues?: { execSchedule?: string };
  };
}

function envelope(body: string, soap12: boolean): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soap12 ? NS_SOAP12 : NS_SOAP11}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/**
 * soap.listen with one handler per operation; soap installs its request listener once the
 * WSDL is processed (asynchronously). Returns that listener, taken off the server so that
 * ours runs in front of it.
 */
export async function listenSoap(server: http.Server, service: IpsService, wsdlXml: string): Promise<Listener | undefined> {
  // One handler per operation; each returns the hand-written …Return element as raw XML.
  const port_: Record<string, (args: unknown, cb: unknown, headers: unknown, req: SimReq) => unknown> = {};
  for (const op of OPERATIONS) {
    port_[op] = (_soapArgs, _cb, _soapHeaders, req) => {
      const info = req.ipsSim ?? { op, ns: NS_DEFAULT, soap12: false };
      // The authHeader as found by namespace (envelope.ts), not soap's prefix-blind parse of the header.
      const headers = info.auth ? { authHeader: info.auth } : {};
      const args = info.args ?? {};
      const auth = readAuthHeader(headers, req.headers.authorization);
      if (auth.gzipResponse !== undefined) info.gzip = auth.gzipResponse;
      if (auth.faultHttpStatusCode !== undefined) info.faultStatus = auth.faultHttpStatusCode;
      try {
        const xml = service.call({
          op,
          ns: info.ns,
          args,
          headers,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(info.rawValues ? { rawValues: info.rawValues } : {}),
        });
        return { _xml: xml };
      } catch (err) {
        const f = err instanceof SoapFault ? err : new SoapFault('ipsApiFault', 30000, err instanceof Error ? err.message : String(err));
        throw { Fault: { _xml: faultXml(f, info.soap12), statusCode: info.faultStatus ?? 500 } };
      }
    };
  }
  await new Promise<void>((resolve, reject) => {
    soap.listen(server, {
      path: SERVICE_PATH,
      services: { IpsApiService: { IpsApiSoapPort: port_ } },
      xml: wsdlXml,
      suppressStack: true,
      callback: (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
    } as unknown as soap.IServerOptions);
  });
  const soapListeners = server.listeners('request').slice() as Array<(req: http.IncomingMessage, res: http.ServerResponse) => void>;
  server.removeAllListeners('request');
  return soapListeners[soapListeners.length - 1];
}

function send(req: SimReq, res: http.ServerResponse, status: number, body: string, contentType: string, allowGzip: boolean): void {
  const gz = allowGzip && (req.ipsSim?.gzip ?? /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? '')));
  const buf = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  if (gz) {
    const z = zlib.gzipSync(buf);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', z.length);
    res.end(z);
  } else {
    res.setHeader('Content-Length', buf.length);
    res.end(buf);
  }
}

function runSoap(soapListener: Listener | undefined, req: SimReq, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const chunks: string[] = [];
    const fake = {
      statusCode: 200,
      headersSent: false,
      setHeader: () => undefined,
      getHeader: () => undefined,
      removeHeader: () => undefined,
      writeHead: (s: number) => {
        fake.statusCode = s;
      },
      write: (c: unknown) => {
        if (c !== undefined && c !== null) chunks.push(Buffer.isBuffer(c) ? c.toString('utf8') : String(c));
        return true;
      },
      end: (c?: unknown) => {
        if (c !== undefined && c !== null) chunks.push(Buffer.isBuffer(c) ? c.toString('utf8') : String(c));
        resolve({ status: fake.statusCode, body: chunks.length === 1 ? (chunks[0] as string) : chunks.join('') });
      },
    };
    req.body = body.length > 0 ? body : Buffer.from(' ');
    if (!soapListener) {
      resolve({ status: 500, body: '' });
      return;
    }
    soapListener(req, fake as unknown as http.ServerResponse);
  });
}

async function handle(ctx: HttpContext, req: SimReq, res: http.ServerResponse): Promise<void> {
  const { world, faults, hanging, timers, log, control, wsdlXml } = ctx;
  const base = world.baseUrl;
  const url = new URL(req.url ?? '/', base);
  const started = Date.now();
  if (control && url.pathname.startsWith(CONTROL_PREFIX)) return control(req, res, url.pathname);
  if (req.method === 'GET' && (url.pathname === WSDL_PATH || (url.pathname === SERVICE_PATH && url.search.toLowerCase().startsWith('?wsdl')))) {
    const serviceUrl = url.searchParams.get('serviceUrl') ?? `${base}${SERVICE_PATH}`;
    const xml = wsdlXml.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${serviceUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}$2`);
    send(req, res, 200, xml, 'text/xml;charset=UTF-8', true);
    return;
  }
  if (handleExportDownload(world, faults, req, res, url)) return;
  if (req.method === 'GET' && url.pathname === UPLOAD_INSPECT_PATH) {
    handleUploadInspect(ctx, url, res);
    return;
  }
  if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === UPLOAD_PATH) {
    await handleUploadPost(ctx, req, res);
    return;
  }
  if (url.pathname.replace(/\/$/, '') !== SERVICE_PATH || req.method !== 'POST') {
    send(
      req,
      res,
      404,
      `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>`,
      'text/html;charset=UTF-8',
      false,
    );
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let raw = Buffer.concat(chunks);
  if (/gzip/i.test(String(req.headers['content-encoding'] ?? ''))) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch {
      /* handled as bad XML below */
    }
    delete req.headers['content-encoding'];
  }
  const xml = decodeRequest(raw, String(req.headers['content-type'] ?? ''));
  const property = answerGetProperty(ctx, xml, req.headers.authorization) ?? answerGetFolderTree(world, xml, req.headers.authorization);
  if (property) {
    send(req, res, property.status, property.body, property.soap12 ? 'application/soap+xml;charset=UTF-8' : 'text/xml;charset=UTF-8', true);
    if (log) process.stderr.write(`[ips-sim] getProperty ${property.status} ${Date.now() - started}ms\n`);
    return;
  }
  const soapAction = typeof req.headers.soapaction === 'string' ? req.headers.soapaction : undefined;
  const call = readSoapRequest(xml, { soapAction, contentType: String(req.headers['content-type'] ?? ''), operations: OPERATIONS });
  const op = call.op ?? '(unknown)';
  const contentType = call.soap12 ? 'application/soap+xml;charset=UTF-8' : 'text/xml;charset=UTF-8';
  const lat = faults.latencyFor(op);
  const rule = faults.take(op);
  if (lat > 0) {
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        timers.delete(t);
        r();
      }, lat);
      timers.add(t);
    });
    if (res.destroyed || res.writableEnded) return;
  }
  const finish = (status: number): void => {
    if (log) process.stderr.write(`[ips-sim] ${op} ${status} ${Date.now() - started}ms\n`);
  };
  if (rule) {
    switch (rule.kind) {
      case 'drop':
        req.socket.destroy();
        finish(0);
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        finish(0);
        return;
      case 'http':
        send(req, res, rule.status, rule.body, rule.contentType, false);
        finish(rule.status);
        return;
      case 'malformed':
        send(
          req,
          res,
          200,
          `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${NS_SOAP11}"><soap:Body><${op}Return xmlns="${call.ns}"><jobArray><items><name>broken</items></jobArray></soap:Body>`,
          contentType,
          false,
        );
        finish(200);
        return;
      case 'soapFault':
        send(req, res, rule.status, envelope(faultXml(rule, call.soap12), call.soap12), contentType, true);
        finish(rule.status);
        return;
      case 'truncated':
        break; // produce the real answer first, then cut it below
    }
  }
  let status: number;
  let body: string;
  if (call.invalid !== undefined || !call.op) {
    status = (call.auth ? readAuthHeader({ authHeader: call.auth }).faultHttpStatusCode : undefined) ?? 500;
    body = envelope(faultXml({ element: 'ipsApiFault', code: 30003, reason: call.invalid ?? 'Invalid request XML' }, call.soap12), call.soap12);
  } else {
    req.ipsSim = {
      op: call.op as Operation,
      ns: call.ns,
      soap12: call.soap12,
      ...(call.auth ? { auth: call.auth } : {}),
      ...(call.args ? { args: call.args } : {}),
    };
    if (call.rawValues.execSchedule !== undefined) req.ipsSim.rawValues = { execSchedule: call.rawValues.execSchedule };
    // The soap package dispatches on SOAPAction when there is one: make it the body's operation.
    req.headers.soapaction = call.op;
    const out = await runSoap(ctx.soapListener, req, Buffer.from(canonicalEnvelope(call.op), 'utf8'));
    status = out.status;
    body = out.body;
    // Faults and …Return elements sit at the start of the body: look there only (bodies can be 40 MB).
    const head = body.slice(0, 4096);
    if (!/(authenticationFault|authorizationFault|ipsApiFault)/.test(head) && (status >= 400 || !head.includes(`${call.op}Return`))) {
      // The soap package could not parse or dispatch the request.
      status = req.ipsSim.faultStatus ?? 500;
      body = envelope(faultXml({ element: 'ipsApiFault', code: 30003, reason: 'Invalid request XML' }, call.soap12), call.soap12);
    }
    if (call.soap12) body = body.replace(`xmlns:soap="${NS_SOAP11}"`, `xmlns:soap="${NS_SOAP12}"`);
  }
  if (rule?.kind === 'truncated') {
    const cut = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    if (rule.mode === 'close') {
      res.statusCode = status;
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.write(cut, () => req.socket.destroy());
    } else {
      send(req, res, status, cut, contentType, false);
    }
    finish(status);
    return;
  }
  send(req, res, status, body, contentType, true);
  finish(status);
}

/** The server's request listener: a failure inside becomes an ipsApiFault 30000 (or a cut connection). */
export function requestListener(ctx: HttpContext): Listener {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(ctx, req as SimReq, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const body = envelope(faultXml({ element: 'ipsApiFault', code: 30000, reason: err instanceof Error ? err.message : 'Internal error' }, false), false);
        send(req as SimReq, res, 500, body, 'text/xml;charset=UTF-8', false);
      } else res.destroy();
    });
  };
}
