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
import { systemClock, type Clock } from '../clock.ts';
import { createControl } from './control.ts';
import { seedDefaultWorld, seedDemo, seedHistory, type SimUserInput } from './demo.ts';
import { FaultController, type Faults } from './faults.ts';
import { IpsService } from './service.ts';
import { SERVICE_PATH, WSDL_PATH, listenSoap, requestListener } from './soap-http.ts';
import type { Profile } from './types.ts';
import type { ServletContext } from './upload-http.ts';
import { UPLOAD_PATH } from './upload.ts';
import { World } from './world.ts';

export { createManualClock, type ManualClock } from '../clock.ts';
export { World } from './world.ts';
export type { Faults } from './faults.ts';
export { DEMO_USER, DEMO_PASSWORD, DEMO_COMPANIES, DEMO_USERS } from './demo.ts';

export { SERVICE_PATH, WSDL_PATH } from './soap-http.ts';
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
  const soapListener = await listenSoap(server, service, wsdlXml);
  server.on('request', requestListener({ ...servlet, wsdlXml, soapListener, control }));

  // Listen only once every handler is in place.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
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
