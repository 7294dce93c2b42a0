/// <reference path="./ipsjobs.d.ts" />
// The renderer's one way to the main side: `getApi()` returns the typed RendererApi of
// shared/ipc.ts — `window.ipsJobs` when the Electron preload exposed it, else a
// WebSocket client to the web preview (electron/preview.ts) on the same origin, path /ipc.
//
// The WebSocket client numbers its requests, queues them while (re)connecting, reconnects
// with capped exponential backoff, and after a reconnect re-synchronises the listeners
// (it fetches a fresh snapshot and replays it as events, including a jobs-patch that
// removes jobs that vanished while the connection was down and names the new cursor of the
// older history), so views never need to know the connection dropped.
import type { ErrorInfo } from '../../../shared/domain.ts';
import type { CommandArg, CommandName, Commands, EventName, Events, RendererApi } from '../../../shared/ipc.ts';
import { snapshotEvents } from '../../../shared/snapshot-events.ts';
import { CommandError, IPC_PATH, type ServerMessage } from '../../../shared/bridge-wire.ts';
import { createEmitter, createEventHub } from '../../../shared/emitter.ts';

export { IPC_PATH };
/** A command that could not be answered (bad argument, lost connection, …): the shared CommandError. */
export { CommandError as BridgeError };

export type BridgeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WsApi extends RendererApi {
  /** The socket's state, for an unobtrusive "reconnecting…" hint. */
  status(): BridgeStatus;
  onStatus(listener: (s: BridgeStatus) => void): () => void;
  close(): void;
}

export interface WsApiOptions {
  /** Reject a request not answered in this many ms (default 60 000). */
  requestTimeoutMs?: number;
  /** Backoff bounds in ms (defaults 250 and 10 000). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** For tests: the WebSocket constructor. */
  WebSocketImpl?: typeof WebSocket;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> };
/** ws://host/ipc for the page's own origin. */
export function previewSocketUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${IPC_PATH}`;
}

export function createWsApi(url: string, o: WsApiOptions = {}): WsApi {
  const Impl = o.WebSocketImpl ?? WebSocket;
  const requestTimeoutMs = o.requestTimeoutMs ?? 60_000;
  const minBackoff = o.minBackoffMs ?? 250;
  const maxBackoff = o.maxBackoffMs ?? 10_000;

  const listeners = createEventHub<Events>({ onError: (err, event) => console.error(`ipsJobs listener for ${String(event)} failed`, err) });
  const statusListeners = createEmitter<BridgeStatus>({ onError: (err) => console.error('ipsJobs status listener failed', err) });
  const pending = new Map<number, Pending>();
  /** Frames waiting for the socket to open. */
  const outbox: { id: number; text: string }[] = [];
  /** Job keys the renderer has been told about, to remove the vanished ones after a reconnect. */
  /** Known job keys → finished or not (a resync keeps finished ones while older history streams). */
  const knownJobs = new Map<string, boolean>();
  let nextId = 1;
  let ws: WebSocket | undefined;
  let status: BridgeStatus = 'connecting';
  let attempt = 0;
  let everOpened = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setStatus(s: BridgeStatus): void {
    if (s === status) return;
    status = s;
    statusListeners.emit(s);
  }

  function dispatch(event: EventName, payload: unknown): void {
    if (event === 'jobs-patch') {
      const p = payload as Events['jobs-patch'];
      for (const j of p.upsert) knownJobs.set(j.key, j.phase === 'finished');
      for (const k of p.remove) knownJobs.delete(k);
    }
    listeners.emit(event, payload as Events[typeof event]);
  }

  function settle(id: number, fn: (p: Pending) => void): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  }

  function failAll(info: ErrorInfo): void {
    for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new CommandError(info)));
    outbox.length = 0;
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (msg.t === 'result') {
      if (msg.ok) settle(msg.id, (p) => p.resolve(msg.value));
      else settle(msg.id, (p) => p.reject(new CommandError(msg.error)));
    } else if (msg.t === 'event') {
      dispatch(msg.event, msg.payload);
    } else if (msg.t === 'error') {
      console.warn('ipsJobs bridge:', msg.error.message);
    }
  }

  /** After a reconnect: replay a fresh snapshot as events so every view is current again. */
  async function resync(): Promise<void> {
    let res: Commands['getSnapshot'];
    try {
      res = (await request('getSnapshot', undefined)) as Commands['getSnapshot'];
    } catch {
      return;
    }
    if (!res.ok) return;
    for (const e of snapshotEvents(res.value, knownJobs.keys(), (k) => knownJobs.get(k) === true)) dispatch(e.event, e.payload);
  }

  function connect(): void {
    if (closed) return;
    let sock: WebSocket;
    try {
      sock = new Impl(url);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      const reconnected = everOpened;
      everOpened = true;
      attempt = 0;
      setStatus('open');
      for (const f of outbox.splice(0)) {
        if (pending.has(f.id)) sock.send(f.text);
      }
      if (reconnected) void resync();
    };
    sock.onmessage = (ev: MessageEvent) => onMessage(ev.data);
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = undefined;
      // Requests already sent on this socket will never be answered.
      failAll({ kind: 'network', message: 'The connection to the app was lost.' });
      scheduleReconnect();
    };
    sock.onerror = () => {
      // onclose follows and handles it
    };
  }

  function scheduleReconnect(): void {
    if (closed) return;
    setStatus(everOpened ? 'reconnecting' : 'connecting');
    const base = Math.min(maxBackoff, minBackoff * 2 ** attempt);
    attempt += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    retryTimer = setTimeout(connect, delay);
  }

  function request(command: string, arg: unknown): Promise<unknown> {
    if (closed) return Promise.reject(new CommandError({ kind: 'network', message: 'The bridge is closed.' }));
    const id = nextId++;
    const frame: { t: 'invoke'; id: number; cmd: string; arg?: unknown } = { t: 'invoke', id, cmd: command };
    if (arg !== undefined) frame.arg = arg;
    const text = JSON.stringify(frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => settle(id, (p) => p.reject(new CommandError({ kind: 'timeout', message: `No answer to ${command} in time.`, operation: command }))),
        requestTimeoutMs,
      );
      pending.set(id, { resolve, reject, timer });
      if (ws && ws.readyState === Impl.OPEN) ws.send(text);
      else outbox.push({ id, text });
    });
  }

  connect();

  return {
    async invoke<C extends CommandName>(command: C, arg: CommandArg<C>): Promise<Commands[C]> {
      const value = (await request(command, arg)) as Commands[C];
      if (command === 'getSnapshot') {
        const snap = value as Commands['getSnapshot'];
        if (snap.ok) for (const j of snap.value.jobs) knownJobs.set(j.key, j.phase === 'finished');
      } else if (command === 'getOlderHistory') {
        const page = value as Commands['getOlderHistory'];
        if (page.ok) for (const j of page.value.jobs) knownJobs.set(j.key, true);
      }
      return value;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      return listeners.on(event, listener);
    },
    status: () => status,
    onStatus: statusListeners.on,
    close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      failAll({ kind: 'network', message: 'The bridge is closed.' });
      const s = ws;
      ws = undefined;
      s?.close();
      setStatus('closed');
    },
  };
}

let cached: RendererApi | undefined;

/** The API: the preload's `window.ipsJobs` in the app, the WebSocket bridge in the preview. */
export function getApi(): RendererApi {
  if (cached) return cached;
  cached = window.ipsJobs ?? createWsApi(previewSocketUrl());
  return cached;
}

/**
 * Follow the bridge's connection (web preview only; in the app the IPC channel cannot
 * drop, so the listener is called once with 'open'). Returns an unsubscribe function.
 */
export function onBridgeStatus(listener: (s: BridgeStatus) => void): () => void {
  const api = getApi() as Partial<WsApi>;
  if (typeof api.onStatus !== 'function' || typeof api.status !== 'function') {
    listener('open');
    return () => {};
  }
  listener(api.status());
  return api.onStatus(listener);
}

/** True when talking to the web preview rather than the Electron main process. */
export function isPreview(): boolean {
  return typeof window !== 'undefined' && !window.ipsJobs;
}
