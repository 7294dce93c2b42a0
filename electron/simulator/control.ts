// Test and admin control of a simulator running as its own process (`ips-jobs simulator
// --control`): small JSON endpoints under /__sim/ on the simulator's own port, so a test
// (or a demo) in another process can add a job that fails, inject faults for a while and
// clear them. Off unless enabled; loopback callers only; JSON bodies only (a web page cannot
// send application/json across origins without a preflight, which is never answered).
//
//   POST /__sim/job    {"name":"nightly","profile":"error","runMs":2000}  → {"jobHandle":…,"name":…,"companyHandle":…}
//   POST /__sim/fault  {"kind":"http","status":502,"count":"all"}         → {"pending":1}
//   POST /__sim/clear                                                       → {"pending":0}
//   GET  /__sim/state                                                       → {"calls":{…},"pending":0,"now":"…"}
//
// Fault kinds are those of sim.faults (faults.ts): http (an HTML error page; `status`, `body`),
// soapFault (`code`, `reason`, `element`, `status`), malformed, truncated (`mode` cut|close),
// drop, hang, and latency (`ms`). Each takes `op` (one operation) and `count` (calls it
// applies to: default 1, "all" = until cleared).
import type http from 'node:http';
import { isLoopbackHost } from '../../shared/loopback.ts';
import type { Faults, FaultScope } from './faults.ts';
import type { FaultElement } from './soap-fault.ts';
import type { Profile } from './types.ts';
import type { World } from './world.ts';

export const CONTROL_PREFIX = '/__sim/';
const MAX_BODY = 64 * 1024;
const PROFILES: readonly Profile[] = ['success', 'warning', 'error', 'fatal'];
const FAULT_ELEMENTS: readonly FaultElement[] = ['authenticationFault', 'authorizationFault', 'ipsApiFault'];

export interface ControlTarget {
  world: World;
  faults: Faults;
}

/** A refused control request: HTTP status and a one-line reason (sent as {"error": …}). */
class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Body = Record<string, unknown>;

/** A socket's remote address on this computer (the one definition: shared/loopback.ts). */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && address !== '' && isLoopbackHost(address);
}

function str(b: Body, key: string, required = false): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) {
    if (required) throw new ControlError(400, `"${key}" is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw new ControlError(400, `"${key}" must be a non-empty string`);
  return v;
}

function num(b: Body, key: string, min: number, max: number): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new ControlError(400, `"${key}" must be a number from ${min} to ${max}`);
  return v;
}

function scope(b: Body): FaultScope {
  const out: FaultScope = {};
  const op = str(b, 'op');
  if (op) out.op = op;
  if (b.count === 'all') out.count = Infinity;
  else {
    const c = num(b, 'count', 1, 1_000_000);
    if (c !== undefined) out.count = Math.floor(c);
  }
  return out;
}

function addJob(t: ControlTarget, b: Body): object {
  const name = str(b, 'name', true)!;
  const profile = str(b, 'profile');
  if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile))
    throw new ControlError(400, `"profile" must be one of ${PROFILES.join(', ')}`);
  const companyHandle = str(b, 'companyHandle');
  if (companyHandle && !t.world.company(companyHandle)) throw new ControlError(400, `unknown company ${companyHandle}`);
  const plan: { newMs?: number; waitMs?: number; runMs?: number } = {};
  for (const k of ['newMs', 'waitMs', 'runMs'] as const) {
    const v = num(b, k, 0, 24 * 3600_000);
    if (v !== undefined) plan[k] = v;
  }
  const files = num(b, 'files', 1, 100_000);
  const type = str(b, 'type');
  let run;
  try {
    run = t.world.addJob({
      name,
      ...(companyHandle ? { companyHandle } : {}),
      ...(type ? { type } : {}),
      ...(files !== undefined ? { files: Math.floor(files) } : {}),
      ...(profile ? { profile: profile as Profile } : {}),
      plan,
    });
  } catch (err) {
    throw new ControlError(400, err instanceof Error ? err.message : String(err));
  }
  return { jobHandle: run.handle, name: run.name, companyHandle: run.companyHandle };
}

function addFault(t: ControlTarget, b: Body): object {
  const kind = str(b, 'kind', true);
  const s = scope(b);
  const f = t.faults;
  switch (kind) {
    case 'http': {
      const status = num(b, 'status', 100, 599) ?? 502;
      const body = str(b, 'body');
      f.httpError(status, { ...s, ...(body ? { body } : {}) });
      break;
    }
    case 'soapFault': {
      const code = num(b, 'code', 0, 99_999);
      if (code === undefined) throw new ControlError(400, '"code" is required');
      const element = str(b, 'element');
      if (element !== undefined && !(FAULT_ELEMENTS as readonly string[]).includes(element))
        throw new ControlError(400, `"element" must be one of ${FAULT_ELEMENTS.join(', ')}`);
      const reason = str(b, 'reason');
      const status = num(b, 'status', 100, 599);
      f.soapFault({ code, ...(element ? { element: element as FaultElement } : {}), ...(reason ? { reason } : {}), ...(status ? { status } : {}) }, s);
      break;
    }
    case 'malformed':
      f.malformed(s);
      break;
    case 'truncated': {
      const mode = str(b, 'mode') ?? 'cut';
      if (mode !== 'cut' && mode !== 'close') throw new ControlError(400, '"mode" must be cut or close');
      f.truncated({ ...s, mode });
      break;
    }
    case 'drop':
      f.drop(s);
      break;
    case 'hang':
      f.hang(s);
      break;
    case 'latency':
      f.latency(num(b, 'ms', 0, 600_000) ?? 0, s.op);
      break;
    default:
      throw new ControlError(400, '"kind" must be http, soapFault, malformed, truncated, drop, hang or latency');
  }
  return { pending: f.pending().length };
}

async function readBody(req: http.IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ControlError(413, 'body too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ControlError(400, 'body is not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ControlError(400, 'body must be a JSON object');
  return v as Body;
}

/** The request handler for /__sim/… (the caller routes only those paths here). */
export function createControl(t: ControlTarget): (req: http.IncomingMessage, res: http.ServerResponse, path: string) => Promise<void> {
  const reply = (res: http.ServerResponse, status: number, obj: object) => {
    const buf = Buffer.from(JSON.stringify(obj), 'utf8');
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', buf.length);
    res.setHeader('Cache-Control', 'no-store');
    res.end(buf);
  };
  return async (req, res, path) => {
    try {
      if (!isLoopback(req.socket.remoteAddress)) throw new ControlError(403, 'control is for loopback callers only');
      const command = path.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
      if (command === 'state') {
        if (req.method !== 'GET') throw new ControlError(405, 'use GET');
        reply(res, 200, { calls: { ...t.faults.calls }, pending: t.faults.pending().length, now: new Date(t.world.now()).toISOString() });
        return;
      }
      if (!['job', 'fault', 'clear'].includes(command)) throw new ControlError(404, `no control command ${command || '(none)'}`);
      if (req.method !== 'POST') throw new ControlError(405, 'use POST');
      if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) throw new ControlError(415, 'send Content-Type: application/json');
      const body = await readBody(req);
      if (command === 'job') reply(res, 200, addJob(t, body));
      else if (command === 'fault') reply(res, 200, addFault(t, body));
      else {
        t.faults.clear();
        reply(res, 200, { pending: 0 });
      }
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const e = err instanceof ControlError ? err : new ControlError(500, err instanceof Error ? err.message : String(err));
      reply(res, e.status, { error: e.message });
    }
  };
}
