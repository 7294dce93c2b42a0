// Shared set-up of the hostile suite: the simulator (fixed seed and clock), a canary
// server that must never be contacted, the hostile server in front of the simulator, and
// the recorded valid answers the mutations start from.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { hostileCases, type HostileCase } from './cases.ts';
import { startHostileServer, type HostileServer } from './server.ts';

export const SEED = Number(process.env.HOSTILE_SEED ?? 13);
export const USER = 'hostile@example.com';
/** The account's password: it must appear in no error, message or output. */
export const SENTINEL = 'Hostile-Sentinel-9f3a';
export const COMPANY = 'c|15';

export interface Rig {
  sim: Simulator;
  server: HostileServer;
  cases: HostileCase[];
  canary: { url: string; hits: () => number; close: () => Promise<void> };
  close(): Promise<void>;
}

async function canary(): Promise<Rig['canary']> {
  let hits = 0;
  const s = http.createServer((_req, res) => {
    hits++;
    res.end('canary');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scene7/services/IpsApiService?stolen=1`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))),
  };
}

export async function startRig(timeoutMs: number): Promise<Rig> {
  const sim = await startSimulator({
    clock: createManualClock(Date.parse('2024-05-02T16:00:00Z')),
    seed: SEED,
    historyRows: 12,
    users: [{ email: USER, password: SENTINEL, memberships: { [COMPANY]: 'IpsUser' } }],
  });
  sim.world.addJob({ name: 'hostile-run', files: 10, profile: 'warning', plan: { newMs: 0, waitMs: 0, runMs: 10_000 } });
  sim.world.addScheduledJob({ name: 'hostile-nightly', execSchedule: '0 0 2 * * ?' });
  sim.world.advance(3000);
  const can = await canary();
  const cases = hostileCases({ canaryUrl: can.url, timeoutMs });
  const server = await startHostileServer({ upstream: sim.url, cases: Object.fromEntries(cases.map((c) => [c.name, c.serve])) });
  return {
    sim,
    server,
    cases,
    canary: can,
    async close() {
      await server.close();
      await can.close();
      await sim.close();
    },
  };
}

export const connect = (server: HostileServer, route: string[], timeoutMs: number): Promise<IpsClient> =>
  createIpsClient({ serviceUrl: server.url(...route), user: USER, password: SENTINEL, timeoutMs });

/** The calls a user's answers come from, one per operation recorded. */
export function callFor(api: IpsClient, op: string, jobHandle: string): Promise<unknown> {
  switch (op) {
    case 'getCompanyMembership':
      return api.getCompanyMembership();
    case 'getCompanyInfo':
      return api.getCompanyInfo({ companyHandle: COMPANY });
    case 'getUserInfo':
      return api.getUserInfo();
    case 'getActiveJobs':
      return api.getActiveJobs({ companyHandle: COMPANY });
    case 'getScheduledJobs':
      return api.getScheduledJobs({ companyHandle: COMPANY });
    case 'getJobLogs':
      return api.getJobLogs({ companyHandle: COMPANY, numRows: 20 });
    case 'getJobLogDetails':
      return api.getJobLogDetails({ companyHandle: COMPANY, jobHandle, recordsPerPage: 50, resultsPage: 1 });
    default:
      throw new Error(`no call for ${op}`);
  }
}

export const RECORDED_OPS = ['getCompanyMembership', 'getCompanyInfo', 'getUserInfo', 'getActiveJobs', 'getScheduledJobs', 'getJobLogs', 'getJobLogDetails'];

/** Records one valid answer per operation through /good/, and the client's result for each. */
export async function record(rig: Rig, timeoutMs: number): Promise<{ bodies: Map<string, string>; results: Map<string, unknown>; jobHandle: string }> {
  const api = await connect(rig.server, ['good'], timeoutMs);
  rig.server.recording = true;
  const results = new Map<string, unknown>();
  const logs = await api.getJobLogs({ companyHandle: COMPANY, numRows: 20 });
  const jobHandle = logs.find((l) => l.fileErrorCount + l.fileWarningCount > 0)?.jobHandle ?? logs[0]?.jobHandle ?? 'j|none';
  for (const op of RECORDED_OPS) results.set(op, await callFor(api, op, jobHandle));
  rig.server.recording = false;
  return { bodies: new Map(rig.server.recorded), results, jobHandle };
}
