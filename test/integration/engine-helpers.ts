// Shared set-up for the engine integration tests: the real SOAP client against the
// simulator, both on one manual clock; helpers that move time and wait for the HTTP
// round trips the moved time caused.
import { startSimulator, createManualClock, type Simulator, type ManualClock, DEMO_USER, DEMO_PASSWORD } from '../../electron/simulator/index.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { createEngine, type EngineWithCycles } from '../../electron/core/engine.ts';
import type { IpsApi } from '../../electron/ips/api.ts';
import type { HistoryStore } from '../../electron/core/types.ts';
import { defaultSettings, type Settings } from '../../shared/settings.ts';
import type { AppNotification, EngineEvent, TrayState } from '../../shared/domain.ts';
import type { SimulatorOptions } from '../../electron/simulator/index.ts';
import net from 'node:net';

export const T0 = Date.parse('2024-05-02T09:00:00.000Z');

/** Default settings polling every 5 s while jobs run and every 15 s when idle (a fresh copy each call). */
export const fast = (): Settings => ({ ...defaultSettings(), polling: { activeSeconds: 5, idleSeconds: 15 } });

export interface Rig {
  clock: ManualClock;
  sim: Simulator;
  api: IpsApi & { inFlight(): number; calls: Record<string, number> };
  engine: EngineWithCycles;
  events: EngineEvent[];
  notes: AppNotification[];
  trays: TrayState[];
  settings: Settings;
  /** Wait until no IPS call is in flight (and the engine processed the answers). */
  idle(): Promise<void>;
  /** Wait (bounded) until `pred` holds: for work that is not an API call, such as loading history from disk. */
  until(pred: () => boolean, what: string): Promise<void>;
  /** Advance the clock in steps of at most `stepMs`, letting each step's polls finish. */
  advance(ms: number, stepMs?: number): Promise<void>;
  newEngine(opts?: { historyStore?: HistoryStore }): EngineWithCycles;
  /** Cut or restore the network between client and simulator (a TCP proxy in between). */
  network(up: boolean): void;
  close(): Promise<void>;
}

/** A TCP proxy that can drop every connection: real network failures for the real client. */
async function startProxy(targetPort: number): Promise<{ port: number; setUp(up: boolean): void; close(): Promise<void> }> {
  let up = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  return {
    port: (server.address() as net.AddressInfo).port,
    setUp(v) {
      up = v;
      if (!v) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
}

/** Count in-flight calls of an IpsApi. */
export function counting(inner: IpsApi): IpsApi & { inFlight(): number; calls: Record<string, number> } {
  let n = 0;
  const calls: Record<string, number> = {};
  const wrapped: Record<string, unknown> = {
    inFlight: () => n,
    calls,
  };
  for (const key of Object.keys(
    Object.getPrototypeOf(inner) === Object.prototype
      ? inner
      : { ...inner, ...Object.fromEntries(Object.getOwnPropertyNames(Object.getPrototypeOf(inner)).map((k) => [k, 1])) },
  )) {
    const fn = (inner as unknown as Record<string, unknown>)[key];
    if (typeof fn !== 'function' || key === 'constructor') continue;
    wrapped[key] = async (...args: unknown[]) => {
      n++;
      calls[key] = (calls[key] ?? 0) + 1;
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      } finally {
        n--;
      }
    };
  }
  return wrapped as unknown as IpsApi & { inFlight(): number; calls: Record<string, number> };
}

export async function rig(
  o: { sim?: SimulatorOptions; settings?: Settings; historyStore?: HistoryStore; password?: string; start?: boolean; serverSkewMs?: number } = {},
): Promise<Rig> {
  const clock = createManualClock(T0);
  // The server's clock may run ahead of (or behind) this machine's.
  const skew = o.serverSkewMs ?? 0;
  const serverClock: ManualClock = skew ? { ...clock, now: () => clock.now() + skew } : clock;
  const sim = await startSimulator({ clock: serverClock, seed: 7, ...o.sim });
  const proxy = await startProxy(sim.port);
  const client = await createIpsClient({
    serviceUrl: sim.url.replace(`:${sim.port}/`, `:${proxy.port}/`),
    user: DEMO_USER,
    password: o.password ?? DEMO_PASSWORD,
    timeoutMs: 5000,
  });
  const api = counting(client);
  const settings = o.settings ?? defaultSettings();
  const events: EngineEvent[] = [];
  const notes: AppNotification[] = [];
  const trays: TrayState[] = [];
  let engine!: EngineWithCycles;
  const newEngine = (eo: { historyStore?: HistoryStore } = {}) => {
    engine = createEngine({
      api,
      settings,
      locale: 'en',
      userEmail: DEMO_USER,
      clock,
      random: () => 0.5,
      ...(eo.historyStore ? { historyStore: eo.historyStore } : {}),
    });
    engine.onEvent((e) => events.push(e));
    engine.onNotification((n) => notes.push(n));
    engine.onTray((t) => trays.push(t));
    r.engine = engine;
    return engine;
  };
  const idle = async () => {
    // Quiet = no call in flight across several macrotask turns.
    let quiet = 0;
    for (let i = 0; i < 2000 && quiet < 5; i++) {
      await new Promise<void>((res) => setTimeout(res, api.inFlight() ? 2 : 0));
      quiet = api.inFlight() === 0 ? quiet + 1 : 0;
    }
  };
  const r: Rig = {
    clock,
    sim,
    api,
    engine,
    events,
    notes,
    trays,
    settings,
    idle,
    async until(pred, what) {
      for (let i = 0; i < 500 && !pred(); i++) {
        await idle();
        await new Promise<void>((res) => setTimeout(res, 2));
      }
      if (!pred()) throw new Error(`timed out waiting until ${what}`);
    },
    async advance(ms, stepMs = 5000) {
      for (let left = ms; left > 0; left -= stepMs) {
        clock.advance(Math.min(stepMs, left));
        sim.world.tick();
        await idle();
      }
    },
    newEngine,
    network: (v) => proxy.setUp(v),
    async close() {
      await r.engine.stop();
      await proxy.close();
      await sim.close();
    },
  };
  newEngine(o.historyStore ? { historyStore: o.historyStore } : {});
  if (o.start !== false) {
    r.engine.start();
    await idle();
  }
  return r;
}
