// A hostile IPS on 127.0.0.1 for the hostile suite (test/hostile/*.test.ts). One server,
// routed by the first path segments, so the client in-process and the CLI as a process
// reach every behaviour by its service URL:
//
//   /good/…          → forwarded to the upstream simulator (answers recorded when asked)
//   /case/NAME/…     → the named hostile case NAME (./cases.ts)
//   /live/…          → whatever `server.live` does now (set by an in-process test per call)
//   /mutant/N/…      → mutant N for its operation, every other operation forwarded upstream
//   /switch/…        → `server.mode`: 'good' (forwarded), a case name, or several names
//                      separated by commas, served in turn, one per request (watch test)
//
// The service path after the route is ignored; the operation comes from SOAPAction.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SERVICE_PATH = '/scene7/services/IpsApiService';

export interface Seen {
  action: string;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Path segments before the service path, e.g. ['case', 'html-200']. */
  route: string[];
}

export type Handler = (req: Seen, res: http.ServerResponse, raw: http.IncomingMessage) => void;

export interface Mutant {
  op: string;
  body: string;
}

export interface HostileServer {
  readonly port: number;
  /** Service URL for a route: url('case', 'html-200'). */
  url(...route: string[]): string;
  /** Answers for /live/. */
  live: Handler | undefined;
  /** 'good', a case name, or 'a,b,c' (in turn), for /switch/. */
  mode: string;
  /** Requests /switch/ answered with a hostile case so far. */
  hostileServed: number;
  /** Served on /mutant/N/. */
  mutants: Mutant[];
  /** Bodies of upstream 200 answers by operation, while `recording` is true. */
  recorded: Map<string, string>;
  recording: boolean;
  /** Requests seen per first route segment. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

export function send(res: http.ServerResponse, body: string | Buffer, status = 200, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/xml;charset=UTF-8', ...headers });
  res.end(body);
}

/** Forwards one SOAP request upstream (identity encoding), answering with what comes back. */
function forward(upstream: string, req: Seen, res: http.ServerResponse, record?: Map<string, string>): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (!['host', 'accept-encoding', 'content-length', 'connection'].includes(k) && v !== undefined) headers[k] = v;
  }
  const body = Buffer.from(req.body, 'utf8');
  headers['content-length'] = body.length;
  const up = http.request(upstream, { method: 'POST', headers }, (r) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => {
      const text = Buffer.concat(chunks);
      if (record && r.statusCode === 200) record.set(req.action, text.toString('utf8'));
      const out: Record<string, string> = {};
      const ct = r.headers['content-type'];
      if (ct) out['Content-Type'] = ct;
      send(res, text, r.statusCode ?? 502, out);
    });
    r.on('error', () => res.destroy());
  });
  up.on('error', () => send(res, 'upstream down', 502, { 'Content-Type': 'text/plain' }));
  up.end(body);
}

export async function startHostileServer(opts: { upstream: string; cases: Record<string, Handler> }): Promise<HostileServer> {
  const state = {
    live: undefined as Handler | undefined,
    mode: 'good',
    hostileServed: 0,
    mutants: [] as Mutant[],
    recorded: new Map<string, string>(),
    recording: false,
    counts: new Map<string, number>(),
  };
  const server = http.createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('error', () => undefined);
    res.on('error', () => undefined);
    raw.on('end', () => {
      const path = (raw.url ?? '/').split('?')[0] ?? '/';
      const cut = path.indexOf(SERVICE_PATH);
      const route = (cut >= 0 ? path.slice(0, cut) : path).split('/').filter(Boolean).map(decodeURIComponent);
      const seen: Seen = {
        action: String(raw.headers.soapaction ?? '').replace(/"/g, ''),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: raw.headers,
        route,
      };
      const head = route[0] ?? '';
      state.counts.set(head, (state.counts.get(head) ?? 0) + 1);
      const caseNamed = (name: string | undefined): void => {
        const h = name !== undefined ? opts.cases[name] : undefined;
        if (h) h(seen, res, raw);
        else send(res, `no case ${name}`, 404, { 'Content-Type': 'text/plain' });
      };
      switch (head) {
        case 'good':
          forward(opts.upstream, seen, res, state.recording ? state.recorded : undefined);
          return;
        case 'case':
          caseNamed(route[1]);
          return;
        case 'live':
          if (state.live) state.live(seen, res, raw);
          else forward(opts.upstream, seen, res);
          return;
        case 'mutant': {
          const m = state.mutants[Number(route[1])];
          if (m && m.op === seen.action) send(res, m.body);
          else forward(opts.upstream, seen, res);
          return;
        }
        case 'switch':
          if (state.mode === 'good') forward(opts.upstream, seen, res);
          else {
            const names = state.mode.split(',');
            caseNamed(names[state.hostileServed++ % names.length]);
          }
          return;
        default:
          send(res, 'unknown route', 404, { 'Content-Type': 'text/plain' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    port,
    url: (...route: string[]) => `http://127.0.0.1:${port}/${route.map(encodeURIComponent).join('/')}${SERVICE_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
