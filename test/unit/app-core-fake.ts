// The app core's test bench: a fake engine, a fake IPS client (accepts SECRET and the demo
// password) and a fake simulator, wired by setup() with memory stores.
import assert from 'node:assert/strict';
import { jobKey, type AppNotification, type Company, type EngineEvent, type Job, type TrayState } from '../../shared/domain.ts';
import type { Commands, ConnectionInfo, Events, PollingInfo } from '../../shared/ipc.ts';
import type { Settings } from '../../shared/settings.ts';
import { createAppCore, type AppCoreOptions, type SimulatorModule } from '../../electron/core/app.ts';
import type { Result } from '../../shared/ipc.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import type { Engine, EngineOptions } from '../../electron/core/types.ts';
import type { IpsApi, IpsConnection, JobRef } from '../../electron/ips/api.ts';
import { IpsAuthenticationError, IpsNetworkError } from '../../electron/ips/errors.ts';

export const SECRET = 'S3cret-pa55!word';

/** A command's value; fails the test when the command answered an error. */
export function valueOf<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}
export const DEMO_PASSWORD = 'demo-pass-123';

function job(company: string, handle: string, phase: Job['phase'] = 'running'): Job {
  return {
    key: `${company}\u0000${handle}`,
    companyHandle: company,
    jobHandle: handle,
    name: handle,
    originalName: handle,
    type: 'UploadUrlsJob',
    phase,
    firstSeen: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

export class FakeEngine implements Engine {
  opts: EngineOptions;
  started = false;
  stopped = false;
  stops: JobRef[] = [];
  polls = 0;
  paused = false;
  updates: Settings[] = [];
  list: Job[] = [job('c1', 'j1'), job('c1', 'j2', 'finished')];
  private ls = new Map<string, Set<(p: never) => void>>();
  constructor(opts: EngineOptions) {
    this.opts = opts;
  }
  private add(name: string, l: (p: never) => void): () => void {
    if (!this.ls.has(name)) this.ls.set(name, new Set());
    this.ls.get(name)!.add(l);
    return () => this.ls.get(name)!.delete(l);
  }
  fire(name: string, payload: unknown): void {
    for (const l of this.ls.get(name) ?? []) (l as (p: unknown) => void)(payload);
  }
  start(): void {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  jobs(): Job[] {
    return this.list;
  }
  tray(): TrayState {
    return { icon: 'running', progress: 0.5, running: 1, tooltip: 'IPS Jobs — 1 running', menu: [] };
  }
  connection(): ConnectionInfo {
    return { state: 'ok' };
  }
  polling(): PollingInfo {
    return { paused: this.paused, intervalSeconds: 10 };
  }
  companies(): Company[] {
    return [{ companyHandle: 'c1', name: 'Company One' }];
  }
  onEvent(l: (e: EngineEvent) => void) {
    return this.add('event', l);
  }
  onPatch(l: (p: Events['jobs-patch']) => void) {
    return this.add('patch', l);
  }
  onTray(l: (t: TrayState) => void) {
    return this.add('tray', l);
  }
  onConnection(l: (c: ConnectionInfo) => void) {
    return this.add('connection', l);
  }
  onPolling(l: (p: PollingInfo) => void) {
    return this.add('polling', l);
  }
  onNotification(l: (n: AppNotification) => void) {
    return this.add('notification', l);
  }
  onCompanies(l: (c: Company[]) => void) {
    return this.add('companies', l);
  }
  updateSettings(s: Settings): void {
    this.updates.push(s);
  }
  acknowledged: (readonly string[] | undefined)[] = [];
  acknowledgeAttention(keys?: readonly string[]): void {
    this.acknowledged.push(keys);
  }
  pollNow(): void {
    this.polls += 1;
    this.fire('patch', { upsert: [job('c1', 'j3')], remove: [] });
  }
  setPaused(p: boolean): void {
    this.paused = p;
  }
  wake(): void {}
  async stopJob(ref: JobRef) {
    this.stops.push(ref);
    return { ok: true } as const;
  }
  async pauseJob() {
    return { ok: true } as const;
  }
  async resumeJob() {
    return { ok: true } as const;
  }
  async deleteJob() {
    return { ok: true } as const;
  }
  runs: JobRef[] = [];
  async runJobNow(ref: JobRef) {
    this.runs.push(ref);
    return { ok: true } as const;
  }
  reruns: JobRef[] = [];
  async rerunJob(ref: JobRef) {
    this.reruns.push(ref);
    return { ok: true, value: { jobHandle: `${ref.jobHandle}again`, jobName: 'again', key: jobKey(ref.companyHandle, `${ref.jobHandle}again`) } } as const;
  }
  async getJobDetails(): Promise<Commands['getJobDetails']> {
    return { ok: true, value: { details: [], totalRows: 0, page: 1, pages: 0 } };
  }
}

export function fakeApi(conn: IpsConnection, behaviour: { network?: boolean } = {}): IpsApi {
  const valid = conn.password === SECRET || conn.password === DEMO_PASSWORD;
  const fail = async (): Promise<never> => {
    throw new Error('not in this fake');
  };
  return {
    async checkLogin(q) {
      if (behaviour.network) throw new IpsNetworkError('Cannot reach the IPS server (connection refused).', { operation: 'checkLogin' });
      return q.password === SECRET || q.password === DEMO_PASSWORD ? 'ValidLogin' : 'InvalidLogin';
    },
    async getCompanyMembership() {
      if (!valid) throw new IpsAuthenticationError('The user name or password is not correct.', { code: 10001 });
      return [{ company: { companyHandle: 'c1', name: 'Company One' }, isActive: true }];
    },
    setLocale(locale: string) {
      (conn as IpsConnection & { localeChanges?: string[] }).localeChanges = [
        ...((conn as IpsConnection & { localeChanges?: string[] }).localeChanges ?? []),
        locale,
      ];
    },
    getCompanyInfo: fail,
    getUserInfo: fail,
    getActiveJobs: async () => [],
    getScheduledJobs: async () => [],
    getJobLogs: async () => [],
    getJobLogDetails: async () => [],
    stopJob: fail,
    pauseJob: fail,
    resumeJob: fail,
    deleteJob: fail,
    executeJob: fail,
  };
}

export function setup(over: Partial<AppCoreOptions> & { network?: boolean; settings?: unknown; password?: string } = {}) {
  const engines: FakeEngine[] = [];
  const connections: IpsConnection[] = [];
  const opened: string[] = [];
  const copied: string[] = [];
  const logs: string[] = [];
  let simStarts = 0;
  const simulator: SimulatorModule = {
    DEMO_USER: 'demo@example.com',
    DEMO_PASSWORD,
    async startSimulator() {
      simStarts += 1;
      return { url: 'http://127.0.0.1:9/scene7/services/IpsApiService', close: async () => {} };
    },
  };
  const settingsStore = createMemorySettingsStore(over.settings);
  const secretStore = createMemorySecretStore(over.password);
  const core = createAppCore({
    settingsStore,
    secretStore,
    systemLocales: ['en-US'],
    appVersion: '9.9.9',
    openExternal: async (u) => {
      opened.push(u);
    },
    copyText: (t) => {
      copied.push(t);
    },
    createApi: async (c) => {
      connections.push(c);
      return fakeApi(c, { network: over.network ?? false });
    },
    createEngine: (o) => {
      const e = new FakeEngine(o);
      engines.push(e);
      return e;
    },
    simulator,
    log: (l) => logs.push(l),
    ...over,
  });
  return { core, engines, connections, opened, copied, logs, settingsStore, secretStore, simStarts: () => simStarts };
}
