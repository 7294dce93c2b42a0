// The IPS simulator: a real SOAP server (soap.listen on the project's WSDL) on
// 127.0.0.1 that behaves like IPS for everything the client uses. Powers demo mode
// and every integration test.
//
//   const sim = await startSimulator({ clock: createManualClock(), seed: 1 });
//   sim.url                        // http://127.0.0.1:PORT/scene7/services/IpsApiService
//   sim.world.addJob({ name: 'x' }); sim.world.advance(60_000);
//   sim.faults.httpError(503, { op: 'getActiveJobs' });
//   await sim.close();
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import soap from 'soap';
import { systemClock, type Clock } from '../clock.ts';
import { seedDefaultWorld, seedDemo, seedHistory, type SimUserInput } from './demo.ts';
import { FaultController, type Faults } from './faults.ts';
import { CONTROL_PREFIX, createControl } from './control.ts';
import { UPLOAD_INSPECT_PATH, UPLOAD_PATH } from './upload.ts';
import { answerGetProperty, handleUploadInspect, handleUploadPost, type ServletContext } from './upload-http.ts';
import { handleExportDownload } from './export.ts';
import { answerGetFolderTree } from './folders-http.ts';
import { IpsService, OPERATIONS, SoapFault, faultXml, readAuthHeader, type Operation } from './service.ts';
import { canonicalEnvelope, decodeRequest, readSoapRequest } from './envelope.ts';
import type { Profile } from './world.ts';
import { World } from './world.ts';
import { NS_DEFAULT, NS_SOAP11, NS_SOAP12 } from './xml.ts';

export { createManualClock, type ManualClock } from '../clock.ts';
export { World } from './world.ts';
export type { Faults } from './faults.ts';
export { DEMO_USER, DEMO_PASSWORD, DEMO_COMPANIES, DEMO_USERS } from './demo.ts';

export const SERVICE_PATH = '/scene7/services/IpsApiService';
export const WSDL_PATH = '/scene7/webservice/IpsApi-2014-04-03.wsdl';
/**
 * The WSDL file the simulator (and the client) use: electron/ips/wsdl/ from source, or
 * wsdl/ next to the bundle (build/bundle.ts copies it there).
 */
export const WSDL_FILE = ((): string => {
  const candidates = [new URL('../ips/wsdl/IpsApi-2014-04-03.wsdl', import.meta.url), new URL('./wsdl/IpsApi-2014-04-03.wsdl', import.meta.url)];
  for (const u of candidates) {
    const p = fileURLToPath(u);
    if (existsSync(p)) return p;
  }
  return fileURLToPath(candidates[0] as URL);
})();

export interface SimulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Real clock by default; pass createManualClock() in tests. */
  clock?: Clock;
  seed?: number;
  /** Jobs in every phase and a steady stream of new ones across every job type. */
  demo?: boolean;
  /** Seed this many finished job logs spread over the past 30 days. */
  historyRows?: number;
  /** Extra users (on top of the default ones: see DEMO_USERS). */
  users?: SimUserInput[];
  /** How long a finished job stays listed as Done (ms, default 1000). */
  doneLingerMs?: number;
  /** How long Stopping lasts after stopJob (ms, default 1500). */
  stopMs?: number;
  /** Server time-zone offset in minutes (default -480) and its name (default PST). */
  offsetMinutes?: number;
  timeZone?: string;
  /** Outcome of jobs created by submitJob: a fixed profile, or 'random' (seeded; default). */
  submitProfile?: Profile | 'random';
  /** Log each call (operation, status, ms) to stderr. Never logs passwords. */
  log?: boolean;
  /** Serve the test/admin control endpoints under /__sim/ (control.ts), for loopback callers. */
  control?: boolean;
}

export interface Simulator {
  /** The SOAP service URL (…/scene7/services/IpsApiService). */
  url: string;
  /** The UploadFile servlet (…/scene7/UploadFile), same origin. */
  uploadUrl: string;
  /** The WSDL as served (service address rewritten to this simulator). */
  wsdlUrl: string;
  port: number;
  world: World;
  faults: Faults;
  service: IpsService;
  close(): Promise<void>;
}

interface SimReq extends http.IncomingMessage {
  body?: Buffer;
  ipsSim?: { op: Operation; ns: string; soap12: boolean; auth?: Record<string, string>; args?: Record<string, unknown>; gzip?: boolean; faultStatus?: number; rawValues?: { execSchedule?: string } };
}

function envelope(body: string, soap12: boolean): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soap12 ? NS_SOAP12 : NS_SOAP11}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const clock = opts.clock ?? systemClock;
  const seed = opts.seed ?? 20240502;
  const world = new World({
    clock,
    seed,
    ...(opts.offsetMinutes !== undefined ? { offsetMinutes: opts.offsetMinutes } : {}),
    ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
    ...(opts.doneLingerMs !== undefined ? { doneLingerMs: opts.doneLingerMs } : {}),
    ...(opts.stopMs !== undefined ? { stopMs: opts.stopMs } : {}),
  });
  seedDefaultWorld(world, opts.users ?? []);
  if (opts.historyRows && opts.historyRows > 0) seedHistory(world, opts.historyRows);
  if (opts.demo) seedDemo(world);
  const service = new IpsService(world);
  service.submitProfile = opts.submitProfile ?? 'random';
  const faults = new FaultController();
  const wsdlXml = readFileSync(WSDL_FILE, 'utf8');
  const hanging = new Set<http.ServerResponse>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const log = opts.log === true;
  const control = opts.control === true ? createControl({ world, faults }) : undefined;
  const servlet: ServletContext = { world, service, faults, hanging, timers, log };

  const server = http.createServer();
  server.keepAliveTimeout = 5000;
  // Set by listen() below (the port is known only then).
  let port = 0;
  let base = 'http://127.0.0.1';

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
  // soap.listen installs its request listener once the WSDL is processed (asynchronously);
  // then we take it and put ours in front of it.
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
  const soapListener = soapListeners[soapListeners.length - 1];

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

  function runSoap(req: SimReq, body: Buffer): Promise<{ status: number; body: string }> {
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

  async function handle(req: SimReq, res: http.ServerResponse): Promise<void> {
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
      handleUploadInspect(servlet, url, res);
      return;
    }
    if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === UPLOAD_PATH) {
      await handleUploadPost(servlet, req, res);
      return;
    }
    if (url.pathname.replace(/\/$/, '') !== SERVICE_PATH || req.method !== 'POST') {
      send(req, res, 404, `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>`, 'text/html;charset=UTF-8', false);
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
    const property = answerGetProperty(servlet, xml, req.headers.authorization) ?? answerGetFolderTree(world, xml, req.headers.authorization);
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
          send(req, res, 200, `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${NS_SOAP11}"><soap:Body><${op}Return xmlns="${call.ns}"><jobArray><items><name>broken</items></jobArray></soap:Body>`, contentType, false);
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
      req.ipsSim = { op: call.op as Operation, ns: call.ns, soap12: call.soap12, ...(call.auth ? { auth: call.auth } : {}), ...(call.args ? { args: call.args } : {}) };
      if (call.rawValues.execSchedule !== undefined) req.ipsSim.rawValues = { execSchedule: call.rawValues.execSchedule };
      // The soap package dispatches on SOAPAction when there is one: make it the body's operation.
      req.headers.soapaction = call.op;
      const out = await runSoap(req, Buffer.from(canonicalEnvelope(call.op), 'utf8'));
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

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req as SimReq, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const body = envelope(faultXml({ element: 'ipsApiFault', code: 30000, reason: err instanceof Error ? err.message : 'Internal error' }, false), false);
        send(req as SimReq, res, 500, body, 'text/xml;charset=UTF-8', false);
      } else res.destroy();
    });
  });

  // Listen only once every handler is in place.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  world.baseUrl = base;

  let closed: Promise<void> | undefined;
  return {
    url: `${base}${SERVICE_PATH}`,
    uploadUrl: `${base}${UPLOAD_PATH}`,
    wsdlUrl: `${base}${WSDL_PATH}`,
    port,
    world,
    faults,
    service,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const r of hanging) r.destroy();
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
