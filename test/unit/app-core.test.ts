// The app core against a fake engine, a fake IPS client and a fake simulator: argument
// validation, https-only links, account validation before saving, and the password never
// leaving the secret store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppNotification, Company, EngineEvent, Job, TrayState } from '../../shared/domain.ts';
import type { Commands, ConnectionInfo, Events, PollingInfo } from '../../shared/ipc.ts';
import { defaultSettings, type Settings } from '../../shared/settings.ts';
import { createAppCore, CommandError, type AppCoreOptions, type SimulatorModule } from '../../electron/core/app.ts';
import type { Result } from '../../shared/ipc.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import type { Engine, EngineOptions } from '../../electron/core/types.ts';
import type { IpsApi, IpsConnection, JobRef } from '../../electron/ips/api.ts';
import { IpsAuthenticationError, IpsNetworkError } from '../../electron/ips/errors.ts';

const SECRET = 'S3cret-pa55!word';

/** A command's value; fails the test when the command answered an error. */
function valueOf<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}
const DEMO_PASSWORD = 'demo-pass-123';

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

class FakeEngine implements Engine {
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
    return { icon: 'running', progress: 0.5, tooltip: 'IPS Jobs — 1 running', menu: [] };
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
  acknowledged = 0;
  acknowledgeAttention(): void {
    this.acknowledged += 1;
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
  async getJobDetails(): Promise<Commands['getJobDetails']> {
    return { ok: true, value: { details: [], totalRows: 0, page: 1, pages: 0 } };
  }
}

function fakeApi(conn: IpsConnection, behaviour: { network?: boolean } = {}): IpsApi {
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

function setup(over: Partial<AppCoreOptions> & { network?: boolean; settings?: unknown; password?: string } = {}) {
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

test('demo mode when no account is set: simulator started, engine running, demo snapshot', async () => {
  const s = setup();
  await s.core.start();
  assert.equal(s.simStarts(), 1);
  assert.equal(s.engines.length, 1);
  assert.ok(s.engines[0]!.started);
  assert.equal(s.connections[0]!.user, 'demo@example.com');
  const snap = valueOf(await s.core.handle('getSnapshot', undefined));
  assert.equal(snap.demo, true);
  assert.equal(snap.jobs.length, 2);
  assert.equal(snap.appVersion, '9.9.9');
  assert.equal(snap.userEmail, 'demo@example.com');
  assert.deepEqual(
    snap.companies.map((c) => c.companyHandle),
    ['c1'],
  );
  assert.equal(snap.settings.hasPassword, false);
  await s.core.stop();
  assert.ok(s.engines[0]!.stopped);
});

test('an ips account with a stored password connects to the real service', async () => {
  const settings = { account: { mode: 'ips', user: 'me@example.com', region: 'emea' } };
  const s = setup({ settings, password: SECRET });
  await s.core.start();
  assert.equal(s.simStarts(), 0);
  assert.equal(s.connections[0]!.region, 'emea');
  assert.equal(s.connections[0]!.user, 'me@example.com');
  assert.equal(s.core.snapshot().demo, false);
  await s.core.stop();
});

test('bad arguments are usage errors, never crashes', async () => {
  const s = setup();
  await s.core.start();
  const cases: [string, unknown][] = [
    ['stopJob', {}],
    ['stopJob', { companyHandle: 'c1', jobHandle: 'j1', extra: 1 }],
    ['stopJob', null],
    ['stopJob', 'c1/j1'],
    ['pauseJob', { companyHandle: '', jobHandle: 'j1' }],
    ['setPollingPaused', { paused: 'yes' }],
    ['saveSettings', { account: { mode: 'ips' } }],
    ['saveSettings', { polling: { activeSeconds: 1 } }],
    ['saveSettings', { polling: { activeSeconds: 60, idleSeconds: 30 } }],
    ['openExternal', { url: 'not a url' }],
    ['getJobDetails', { companyHandle: 'c1', jobHandle: 'j1', page: 0 }],
    ['pauseNotifications', { until: 'tomorrow' }],
    ['pollNow', { now: true }],
  ];
  for (const [cmd, arg] of cases) {
    const r = (await s.core.handle(cmd, arg)) as { ok: boolean; error?: { kind: string; message: string } };
    assert.equal(r.ok, false, `${cmd} ${JSON.stringify(arg)}`);
    assert.equal(r.error?.kind, 'usage', `${cmd} ${JSON.stringify(arg)}`);
    assert.ok(r.error!.message.length > 0);
  }
  // getSnapshot answers bad input as every command does: a usage error as data.
  const badSnapshot = await s.core.handle('getSnapshot', 42);
  assert.equal(badSnapshot.ok, false);
  if (!badSnapshot.ok) assert.equal(badSnapshot.error.kind, 'usage');
  await assert.rejects(s.core.handle('rm -rf', {}), (e: unknown) => e instanceof CommandError && e.info.kind === 'usage');
  await assert.rejects(s.core.handle('__proto__', {}), (e: unknown) => e instanceof CommandError && e.info.kind === 'usage');
  // Good input still works afterwards.
  assert.deepEqual(await s.core.handle('stopJob', { companyHandle: 'c1', jobHandle: 'j1' }), { ok: true });
  assert.deepEqual(s.engines[0]!.stops, [{ companyHandle: 'c1', jobHandle: 'j1' }]);
  await s.core.stop();
});

test('pollNow, setPollingPaused and events are forwarded', async () => {
  const s = setup();
  await s.core.start();
  const patches: Events['jobs-patch'][] = [];
  const notes: AppNotification[] = [];
  s.core.on('jobs-patch', (p) => patches.push(p));
  s.core.onNotification((n) => notes.push(n));
  assert.deepEqual(await s.core.handle('pollNow', undefined), { ok: true });
  assert.equal(patches.length, 1);
  assert.equal(patches[0]!.upsert[0]!.jobHandle, 'j3');
  assert.deepEqual(await s.core.handle('setPollingPaused', { paused: true }), { ok: true });
  assert.equal(s.engines[0]!.paused, true);
  s.engines[0]!.fire('notification', { id: 'n1', kind: 'finished-success', title: 'Done', body: 'j1' });
  assert.equal(notes.length, 1);
  await s.core.stop();
});

test('a new language is sent to IPS at once (localized job logs), without reconnecting', async () => {
  const s = setup();
  await s.core.start();
  const conns = s.connections.length;
  const r = await s.core.handle('saveSettings', { language: 'zh-TW' });
  assert.equal(r.ok, true);
  assert.deepEqual((s.connections.at(-1) as IpsConnection & { localeChanges?: string[] }).localeChanges, ['zh-TW']);
  assert.equal(s.connections.length, conns, 'no new connection');
  assert.equal(s.engines.length, 1, 'no engine restart');
  await s.core.stop();
});

test('opening the window (its snapshot request) acknowledges failures shown in the tray', async () => {
  const s = setup();
  await s.core.start();
  await s.core.handle('getSnapshot', undefined);
  assert.equal(s.engines[0]!.acknowledged, 1);
  s.core.acknowledge();
  assert.equal(s.engines[0]!.acknowledged, 2);
  await s.core.stop();
});

test('openExternal opens https only', async () => {
  const s = setup();
  for (const url of ['http://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/x', 'data:text/html,hi']) {
    const r = await s.core.handle('openExternal', { url });
    assert.equal(r.ok, false, url);
    if (!r.ok) assert.equal(r.error.kind, 'usage', url);
  }
  assert.deepEqual(s.opened, []);
  assert.deepEqual(await s.core.handle('openExternal', { url: 'https://experienceleague.adobe.com/docs/' }), { ok: true });
  assert.deepEqual(s.opened, ['https://experienceleague.adobe.com/docs/']);
});

test('copyText passes the text to the shell', async () => {
  const s = setup();
  assert.deepEqual(await s.core.handle('copyText', { text: 'job-123' }), { ok: true });
  assert.deepEqual(s.copied, ['job-123']);
});

test('a failed account validation does not save anything', async () => {
  const s = setup();
  await s.core.start();
  const before = s.settingsStore.get();
  const account = { mode: 'ips', user: 'me@example.com', region: 'na', staging: false, serviceUrl: '' } as const;

  const wrong = await s.core.handle('setAccount', { account, password: 'wrong-password' });
  assert.equal(wrong.ok, false);
  if (!wrong.ok) {
    assert.equal(wrong.error.kind, 'authentication');
    assert.match(wrong.error.message, /password/i);
  }
  assert.deepEqual(s.settingsStore.get(), before);
  assert.equal(await s.secretStore.get(), undefined);
  assert.equal(s.engines.length, 1, 'engine not restarted');

  const noPassword = await s.core.handle('setAccount', { account });
  assert.equal(noPassword.ok, false);
  if (!noPassword.ok) assert.equal(noPassword.error.kind, 'usage');

  const plainHttp = await s.core.handle('setAccount', {
    account: { ...account, serviceUrl: 'http://ips.example.com/scene7/services/IpsApiService' },
    password: SECRET,
  });
  assert.equal(plainHttp.ok, false);
  if (!plainHttp.ok) assert.equal(plainHttp.error.kind, 'usage');
  assert.deepEqual(s.settingsStore.get(), before);

  await s.core.stop();
  const offline = setup({ network: true });
  await offline.core.start();
  const r = await offline.core.handle('testAccount', { account, password: SECRET });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.kind, 'network');
  const r2 = await offline.core.handle('setAccount', { account, password: SECRET });
  assert.equal(r2.ok, false);
  assert.equal(offline.settingsStore.get().account.mode, 'demo');
  assert.equal(await offline.secretStore.get(), undefined);
  await offline.core.stop();
});

test('a valid account is saved with its password and the engine restarts against it', async () => {
  const s = setup();
  await s.core.start();
  const account = { mode: 'ips', user: 'me@example.com', region: 'apac', staging: true, serviceUrl: '' } as const;
  const tested = await s.core.handle('testAccount', { account, password: SECRET });
  assert.deepEqual(tested, { ok: true, value: [{ companyHandle: 'c1', name: 'Company One' }] });
  assert.equal(s.settingsStore.get().account.mode, 'demo', 'testAccount saves nothing');

  const r = await s.core.handle('setAccount', { account, password: SECRET, sessionOnly: true });
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.value.hasPassword, true);
    assert.equal(r.value.settings.account.user, 'me@example.com');
  }
  assert.equal(s.settingsStore.get().account.region, 'apac');
  assert.equal(await s.secretStore.get(), SECRET);
  assert.equal(s.engines.length, 2);
  assert.ok(s.engines[0]!.stopped);
  assert.ok(s.engines[1]!.started);
  assert.equal(s.engines[1]!.opts.userEmail, 'me@example.com');
  assert.equal(s.core.snapshot().demo, false);

  // Same user, empty password: the stored one is kept.
  const again = await s.core.handle('setAccount', { account: { ...account }, password: '' });
  assert.equal(again.ok, true);
  assert.equal(await s.secretStore.get(), SECRET);
  // Another server (here the staging flag) needs the password typed again (#13.7).
  const moved = await s.core.handle('setAccount', { account: { ...account, staging: false }, password: '' });
  assert.ok(!moved.ok && moved.error.input === 'password-retype');
  assert.equal(await s.secretStore.get(), SECRET);
  await s.core.stop();
});

test('saveSettings merges nested fields, validates, saves and updates the engine', async () => {
  const s = setup();
  await s.core.start();
  const seen: unknown[] = [];
  s.core.on('settings', (v) => seen.push(v));
  let r = await s.core.handle('saveSettings', { notifications: { error: false } });
  assert.equal(r.ok, true);
  r = await s.core.handle('saveSettings', { notifications: { success: false }, language: 'zh-TW' });
  assert.equal(r.ok, true);
  const saved = s.settingsStore.get();
  assert.equal(saved.notifications.error, false, 'earlier nested change kept');
  assert.equal(saved.notifications.success, false);
  assert.equal(saved.notifications.stalledMinutes, 15);
  assert.equal(saved.language, 'zh-TW');
  if (r.ok) assert.equal(r.value.locale, 'zh-TW');
  assert.equal(s.engines[0]!.updates.length, 2);
  assert.equal(seen.length, 2);

  assert.deepEqual(await s.core.handle('pauseNotifications', { until: '2030-01-01T00:00:00Z' }), { ok: true });
  assert.equal(s.settingsStore.get().notifications.pausedUntil, '2030-01-01T00:00:00.000Z');
  assert.deepEqual(await s.core.handle('pauseNotifications', { until: '' }), { ok: true });
  assert.equal(s.settingsStore.get().notifications.pausedUntil, '');
  await s.core.stop();
});

test('the password never appears in an event, the snapshot, a result or the log', async () => {
  const s = setup();
  const wire: string[] = [];
  for (const e of ['jobs-patch', 'tray', 'connection', 'polling', 'settings', 'companies', 'navigate'] as const) {
    s.core.on(e, (p) => wire.push(JSON.stringify(p)));
  }
  s.core.onEngineEvent((e) => wire.push(JSON.stringify(e)));
  await s.core.start();
  const account = { mode: 'ips', user: 'me@example.com', region: 'na', staging: false, serviceUrl: '' } as const;
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: 'wrong-' + SECRET })));
  wire.push(JSON.stringify(await s.core.handle('testAccount', { account, password: SECRET })));
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: SECRET })));
  wire.push(JSON.stringify(await s.core.handle('getSnapshot', undefined)));
  wire.push(JSON.stringify(await s.core.handle('getSettings', undefined)));
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: SECRET, bogus: SECRET })));
  const all = wire.join('\n') + s.logs.join('\n');
  assert.ok(wire.length > 8);
  assert.ok(!all.includes(SECRET), 'password leaked');
  assert.ok(!all.includes(DEMO_PASSWORD), 'demo password leaked');
  assert.equal(valueOf(await s.core.handle('getSettings', undefined)).hasPassword, true);
  await s.core.stop();
});

test('commands before start answer without crashing', async () => {
  const s = setup();
  const snap = valueOf(await s.core.handle('getSnapshot', undefined));
  assert.equal(snap.connection.state, 'connecting');
  assert.deepEqual(snap.jobs, []);
  const r = await s.core.handle('stopJob', { companyHandle: 'c1', jobHandle: 'j1' });
  assert.equal(r.ok, false);
  const d = await s.core.handle('getJobDetails', { companyHandle: 'c1', jobHandle: 'j1' });
  assert.equal(d.ok, false);
});

test('a connection failure at start is a visible state, not a crash', async () => {
  const s = setup({
    createApi: async () => {
      throw new IpsNetworkError('Cannot reach the IPS server.');
    },
  });
  const states: string[] = [];
  s.core.on('connection', (c) => states.push(c.state));
  await s.core.start();
  assert.equal(s.core.snapshot().connection.state, 'error');
  assert.deepEqual(states, ['connecting', 'error']);
  await s.core.stop();
});

test('defaultSettings round-trips through the memory store', () => {
  const st = createMemorySettingsStore();
  assert.deepEqual(st.get(), defaultSettings());
});

test('stop() does not wait for a connect hanging on a slow server, and nothing leaks', async () => {
  let release: (() => void) | undefined;
  let simCloses = 0;
  const s = setup({
    simulator: {
      DEMO_USER: 'demo@example.com',
      DEMO_PASSWORD,
      startSimulator: async () => ({ url: 'http://127.0.0.1:9/x', close: async () => void (simCloses += 1) }),
    },
    createApi: (c) =>
      new Promise((resolve) => {
        release = () => resolve(fakeApi(c));
      }),
  });
  const started = s.core.start();
  await new Promise((r) => setTimeout(r, 10));
  const t0 = Date.now();
  await s.core.stop();
  assert.ok(Date.now() - t0 < 500, 'stop returned promptly');
  assert.equal(simCloses, 1);
  release!();
  await started;
  assert.equal(s.engines.length, 0, 'no engine created after stop');
});
