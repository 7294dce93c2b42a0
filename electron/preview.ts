// The web preview: the real app core against the embedded demo simulator, with the built
// renderer (dist/renderer/) served on 127.0.0.1 and the typed IPC contract (RendererApi)
// carried over a WebSocket at /ipc. For looking at the window in any browser and for
// the end-to-end tests; never a way to reach a real account from the network.
//
//   npm run preview:web -- [--port N] [--history-rows N] [--state-dir DIR] [--locale TAG] [--show]
//
// The first line on stdout is the URL to open; everything else goes to stderr. --show (as
// the desktop app takes it, so `npm start -- --show` works where the preview stands in for
// the app) also opens that URL in the default browser.
//
// Security posture (same as the app window): bound to 127.0.0.1 only; a strict CSP on
// every response (script-src 'self', no inline scripts); the Host header must name this
// server (no DNS rebinding); the WebSocket upgrade must come from this server's own
// Origin; every command goes through AppCore.handle, which validates its argument.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { openBrowser } from './preview-browser.ts';
import { readRendererFile, rendererCsp } from './renderer-files.ts';
import { IPC_PATH, type ClientMessage, type ServerMessage } from '../shared/bridge-wire.ts';
import { EVENT_NAMES } from '../shared/ipc.ts';
import { createAppCore, CommandError, type AppCore } from './core/app.ts';
import { createJsonSettingsStore, createMemorySecretStore, createMemorySettingsStore } from './core/stores.ts';
import { createFileHistoryStore } from './core/history.ts';
import { createFileTransferStore } from './core/transfers/store.ts';
import type { TransferStore } from './core/transfers/types.ts';
import type { HistoryStore, SettingsStore } from './core/types.ts';

export { IPC_PATH };

/**
 * The CSP of every response: the window's policy (electron/renderer-files.ts), plus the
 * WebSocket to this server only — the explicit ws: forms of its own two hosts on its own
 * port (the page is served as 127.0.0.1 or localhost), never another port on the machine.
 */
export function previewCsp(port: number): string {
  return rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

/** Every response's security headers, once the port is known. */
const securityHeaders = (port: number): Record<string, string> => ({
  'Content-Security-Policy': previewCsp(port),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

export type { ClientMessage, ServerMessage } from '../shared/bridge-wire.ts';

export interface PreviewOptions {
  /** 0 = any free port. */
  port?: number;
  historyRows?: number;
  /** JSON settings, history and the transfer queue here; memory when absent. The password is never written. */
  stateDir?: string;
  /** OS locale to pretend (e.g. zh-CN). */
  locale?: string;
  /** The built renderer; default dist/renderer/ next to this file or the repo root. */
  rendererDir?: string;
  appVersion?: string;
  /** Problems and notifications; default stderr. */
  log?: (line: string) => void;
  /** Inject a core (tests). */
  core?: AppCore;
}

export interface PreviewServer {
  url: string;
  port: number;
  core: AppCore;
  close(): Promise<void>;
}

export function findRendererDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const dir of [join(here, 'renderer'), join(here, '..', 'dist', 'renderer')]) {
    if (existsSync(join(dir, 'index.html'))) return resolve(dir);
  }
  return undefined;
}

/** A client this far behind (a frozen tab) is dropped; its bridge reconnects and re-syncs. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

function send(ws: WebSocket, msg: ServerMessage): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  try {
    ws.send(JSON.stringify(msg));
  } catch {
    // a closing socket; nothing to do
  }
}

export async function startPreviewServer(o: PreviewOptions = {}): Promise<PreviewServer> {
  const log = o.log ?? ((line: string) => process.stderr.write(`preview: ${line}\n`));
  const rendererDir = o.rendererDir ?? findRendererDir();
  if (!rendererDir) throw new Error('dist/renderer/index.html not found: run `npm run build` first');
  const root = resolve(rendererDir);

  let core = o.core;
  if (!core) {
    let settingsStore: SettingsStore;
    let historyStore: HistoryStore | undefined;
    let transferStore: TransferStore | undefined;
    if (o.stateDir) {
      const s = createJsonSettingsStore(join(o.stateDir, 'settings.json'));
      if (s.loadResult.problem) log(`${s.loadResult.problem}${s.loadResult.keptAsidePath ? ` (kept as ${s.loadResult.keptAsidePath})` : ''}`);
      settingsStore = s;
      historyStore = createFileHistoryStore(join(o.stateDir, 'history.json'));
      transferStore = createFileTransferStore(join(o.stateDir, 'transfers.json'));
    } else {
      settingsStore = createMemorySettingsStore();
    }
    const coreOpts: Parameters<typeof createAppCore>[0] = {
      settingsStore,
      secretStore: createMemorySecretStore(),
      systemLocales: o.locale ? [o.locale] : [Intl.DateTimeFormat().resolvedOptions().locale],
      appVersion: o.appVersion ?? '0.0.0-preview',
      openExternal: async (url) => log(`openExternal ${url} (not opened by the preview)`),
      copyText: () => {},
      log,
      simulator: () => import('./simulator/index.ts'),
    };
    if (historyStore) coreOpts.historyStore = historyStore;
    if (o.stateDir) {
      const dir = o.stateDir;
      coreOpts.historyStoreFor = (id) => createFileHistoryStore(join(dir, `history-${id}.json`));
    }
    // Uploads read files of this machine by path: the preview listens on 127.0.0.1 only and
    // the core checks every path (electron/core/app-transfers-files.ts).
    if (transferStore) coreOpts.transferStore = transferStore;
    if (o.historyRows !== undefined) coreOpts.demoHistoryRows = o.historyRows;
    core = createAppCore(coreOpts);
  }
  const app = core;
  app.onNotification((n) => log(`notification [${n.kind}] ${n.title}: ${n.body}`));

  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    if (!req.headers.host || !allowedHosts().has(req.headers.host)) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
      return;
    }
    const found = await readRendererFile(root, pathname);
    if (!found) {
      // Browsers ask for /favicon.ico on their own; answer "nothing" rather than a 404
      // that shows up as a console error.
      if (pathname === '/favicon.ico') {
        res.writeHead(204, headers).end();
        return;
      }
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const body = found.body;
    res.writeHead(200, { ...headers, 'Content-Type': found.type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    serveFile(req, res).catch((err: unknown) => {
      log(`request failed: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, securityHeaders(port));
      res.end();
    });
  });

  // 8 MiB: room for copyText's 5 000 000 characters, nothing much more.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024, perMessageDeflate: false });

  function refuse(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== IPC_PATH) return refuse(socket, 404, 'Not Found');
    if (!req.headers.host || !allowedHosts().has(req.headers.host)) return refuse(socket, 421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins().has(origin)) {
      log(`refused a WebSocket from origin ${JSON.stringify(origin ?? '(none)')}`);
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubs = EVENT_NAMES.map((event) => app.on(event, (payload) => send(ws, { t: 'event', event, payload })));
    ws.on('close', () => unsubs.forEach((u) => u()));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send(ws, { t: 'error', error: { kind: 'usage', message: 'binary frames are not accepted' } });
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return send(ws, { t: 'error', error: { kind: 'usage', message: 'not JSON' } });
      }
      const m = msg as Partial<ClientMessage>;
      if (typeof m !== 'object' || m === null || m.t !== 'invoke' || typeof m.id !== 'number' || typeof m.cmd !== 'string') {
        return send(ws, { t: 'error', error: { kind: 'usage', message: 'expected {t:"invoke", id, cmd, arg}' } });
      }
      const id = m.id;
      app.handle(m.cmd, m.arg).then(
        (value) => send(ws, { t: 'result', id, ok: true, value }),
        (err: unknown) => {
          const error = err instanceof CommandError ? err.info : { kind: 'internal' as const, message: (err as Error)?.message ?? String(err) };
          send(ws, { t: 'result', id, ok: false, error });
        },
      );
    });
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', rej);
      res();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}/`;

  // Start the core after listening, so the URL is known at once; the renderer's first
  // getSnapshot sees "connecting" and then the patches.
  const started = app.start().catch((err: unknown) => log(`core failed to start: ${(err as Error).message}`));

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    core: app,
    close() {
      closing ??= (async () => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await app.stop();
        void started;
      })();
      return closing;
    },
  };
}

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  let opts: PreviewOptions;
  let show: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'history-rows': { type: 'string' },
        'state-dir': { type: 'string' },
        locale: { type: 'string' },
        show: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write('usage: preview [--port N] [--history-rows N] [--state-dir DIR] [--locale TAG] [--show]\n');
      return;
    }
    opts = {};
    const port = intOption(values.port, 'port', 0, 65535);
    if (port !== undefined) opts.port = port;
    const rows = intOption(values['history-rows'], 'history-rows', 0, 1_000_000);
    if (rows !== undefined) opts.historyRows = rows;
    if (values['state-dir']) opts.stateDir = resolve(values['state-dir']);
    if (values.locale) opts.locale = values.locale;
    show = values.show === true;
  } catch (err) {
    process.stderr.write(`preview: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let server: PreviewServer;
  try {
    server = await startPreviewServer(opts);
  } catch (err) {
    process.stderr.write(`preview: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${server.url}\n`);
  if (show) openBrowser(server.url);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await main(process.argv.slice(2));
