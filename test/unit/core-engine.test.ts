import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../electron/core/engine.ts';
import { createManualClock } from '../../electron/clock.ts';
import { createMemoryHistoryStore } from '../../electron/core/history.ts';
import { defaultSettings, type Settings } from '../../shared/settings.ts';
import { jobKey, type AppNotification, type EngineEvent, type TrayState } from '../../shared/domain.ts';
import type { ConnectionInfo, Events } from '../../shared/ipc.ts';
import { IpsAuthenticationError, IpsFaultError, IpsNetworkError } from '../../electron/ips/errors.ts';
import type { HistoryStore } from '../../electron/core/types.ts';
import { fakeApi, active, log, scheduled, settle, CO, type FakeApi } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');

function setup(over: { api?: FakeApi; settings?: Settings; historyStore?: HistoryStore } = {}) {
  const clock = createManualClock(T0);
  const api = over.api ?? fakeApi();
  const settings = over.settings ?? defaultSettings();
  const engine = createEngine({
    api,
    settings,
    locale: 'en',
    userEmail: 'me@example.com',
    clock,
    random: () => 0.5,
    ...(over.historyStore ? { historyStore: over.historyStore } : {}),
  });
  const events: EngineEvent[] = [];
  const notes: AppNotification[] = [];
  const trays: TrayState[] = [];
  const conns: ConnectionInfo[] = [];
  const patches: Events['jobs-patch'][] = [];
  engine.onEvent((e) => events.push(e));
  engine.onNotification((n) => notes.push(n));
  engine.onTray((t) => trays.push(t));
  engine.onConnection((c) => conns.push(c));
  engine.onPatch((p) => patches.push(p));
  const step = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  /** Start the engine and let its first poll settle. */
  const start = async () => {
    engine.start();
    await settle();
  };
  return { clock, api, engine, events, notes, trays, conns, patches, step, start, settings };
}

test('first poll: 200 finished jobs are history — no notification; live finish notifies', async () => {
  const h = setup();
  h.api.logs = Array.from({ length: 200 }, (_, i) => log(`h${i}`, { fileErrorCount: i % 5 === 0 ? 1 : 0 }));
  h.api.active = [active('r')];
  await h.start();
  assert.equal(h.events.filter((e) => e.event === 'job-finished').length, 200);
  assert.equal(h.notes.length, 0);
  assert.equal(h.engine.jobs().length, 201);
  assert.equal(h.engine.tray().icon, 'running', 'old failures do not turn the tray red');
  h.api.active = [];
  h.api.logs.push(log('r', { fileErrorCount: 1, startDate: '2024-05-02T08:59:00.000Z' }));
  await h.step(10_000);
  assert.deepEqual(
    h.notes.map((n) => n.kind),
    ['finished-error'],
  );
  assert.equal(h.engine.tray().icon, 'error');
  h.engine.acknowledgeAttention?.();
  assert.equal(h.engine.tray().icon, 'error-seen', 'looked at: the outline, no longer the red alert');
  await h.engine.stop();
});

test('adaptive interval: active while jobs run, idle otherwise; getJobLogs windowed after the first poll', async () => {
  const h = setup();
  h.api.active = [active('r')];
  await h.start();
  assert.equal(h.engine.polling().intervalSeconds, 10);
  assert.equal(h.api.logQueries[0]!.numRows, 500);
  assert.equal(h.api.logQueries[0]!.startDate, new Date(T0 - 30 * 86_400_000).toISOString());
  await h.step(10_000);
  assert.equal(h.api.calls.filter((c) => c === 'getActiveJobs').length, 2);
  assert.equal(h.api.logQueries[1]!.sortBy, 'StartDate');
  assert.equal(h.api.logQueries[1]!.sortDirection, 'Descending');
  assert.equal(h.api.logQueries[1]!.numRows, 200);
  h.api.active = [];
  h.api.logs = [log('r', { startDate: '2024-05-02T08:59:00.000Z' })];
  await h.step(10_000);
  assert.equal(h.engine.polling().intervalSeconds, 60);
  const before = h.api.calls.filter((c) => c === 'getActiveJobs').length;
  await h.step(59_000);
  assert.equal(h.api.calls.filter((c) => c === 'getActiveJobs').length, before);
  await h.step(1_000);
  assert.equal(h.api.calls.filter((c) => c === 'getActiveJobs').length, before + 1);
  // Log window starts at the newest log seen (server time).
  assert.equal(h.api.logQueries.at(-1)!.startDate, '2024-05-02T08:58:59.000Z');
  await h.engine.stop();
});

test('offline: bounded exponential backoff, one connection event and one lost/restored notification', async () => {
  const h = setup();
  await h.start();
  h.api.fail = new IpsNetworkError('connect ECONNREFUSED 127.0.0.1:1');
  const callsAt: number[] = [];
  const origin = h.api.getActiveJobs;
  h.api.getActiveJobs = (q) => {
    callsAt.push(h.clock.now());
    return origin(q);
  };
  for (let i = 0; i < 60; i++) await h.step(60_000); // one hour offline
  const gaps = callsAt.slice(1).map((t, i) => t - callsAt[i]!);
  assert.ok(callsAt.length <= 20, `no retry storm: ${callsAt.length} attempts in an hour`);
  assert.ok(
    gaps.every((g) => g >= 9_000),
    'never faster than the first backoff',
  );
  assert.ok(Math.max(...gaps) <= 360_000, 'bounded');
  assert.ok(gaps[1]! > gaps[0]!, 'grows');
  assert.equal(h.engine.connection().state, 'offline');
  assert.ok(h.engine.connection().retryAt);
  h.api.fail = undefined;
  await h.step(400_000);
  const connEvents = h.events.filter((e) => e.event === 'connection').map((e) => e.event === 'connection' && e.state);
  assert.deepEqual(connEvents, ['ok', 'offline', 'ok']);
  assert.deepEqual(
    h.notes.map((n) => n.kind),
    ['connection-lost', 'connection-restored'],
  );
  assert.deepEqual(h.api.maxInFlight, { getCompanyMembership: 1, getActiveJobs: 1, getScheduledJobs: 1, getJobLogs: 1 });
  await h.engine.stop();
});

test('auth failure stops polling until pollNow or new account settings', async () => {
  const h = setup();
  h.api.fail = new IpsAuthenticationError('Invalid credentials', { code: 10001 });
  await h.start();
  assert.equal(h.engine.connection().state, 'auth-failed');
  assert.equal(h.engine.tray().icon, 'auth');
  const n = h.api.calls.length;
  await h.step(3600_000);
  assert.equal(h.api.calls.length, n, 'no polling after an auth failure');
  assert.deepEqual(
    h.notes.map((x) => x.kind),
    ['auth-failed'],
  );
  h.api.fail = undefined;
  h.engine.updateSettings(structuredClone(h.settings), 'en', { mode: 'ips', region: 'na', staging: false, serviceUrl: '', user: 'other@example.com' });
  await settle();
  assert.equal(h.engine.connection().state, 'ok');
  assert.ok(h.api.calls.length > n);
  await h.engine.stop();
});

test('never two cycles in flight: pollNow during a slow poll runs once after it', async () => {
  const h = setup();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const orig = h.api.getActiveJobs;
  let slow = false;
  h.api.getActiveJobs = async (q) => {
    if (slow) await gate;
    return orig(q);
  };
  await h.start();
  slow = true;
  h.engine.pollNow();
  h.engine.pollNow();
  h.engine.wake();
  await settle();
  assert.equal(h.api.maxInFlight.getJobLogs, 1);
  slow = false;
  release();
  await settle();
  assert.equal(h.api.maxInFlight.getActiveJobs, 1);
  assert.equal(h.api.calls.filter((c) => c === 'getJobLogs').length, 3, 'first, the slow one, and one catch-up');
  await h.engine.stop();
});

test('actions: pending at once, IPS fault in words on failure, poll after success', async () => {
  const h = setup();
  h.api.active = [active('r')];
  h.api.scheduled = [scheduled('s')];
  await h.start();
  h.patches.length = 0;
  const pr = h.engine.stopJob({ companyHandle: CO, jobHandle: 'r' });
  assert.equal(h.patches[0]!.upsert[0]!.pendingAction, 'stopping', 'immediately');
  assert.deepEqual(await pr, { ok: true });
  await settle();
  assert.ok(h.api.calls.includes('stopJob:r'));
  h.api.active = [active('r', { state: 'Stopping' })];
  h.engine.pollNow();
  await settle();
  assert.equal(h.engine.jobs().find((j) => j.jobHandle === 'r')!.pendingAction, undefined);
  h.api.actionError = new IpsFaultError('Job cannot be paused in its state', { code: 30000, operation: 'pauseJob' });
  const res = await h.engine.pauseJob({ companyHandle: CO, jobHandle: 's' });
  assert.equal(res.ok, false);
  assert.equal(!res.ok && res.error.message, 'Job cannot be paused in its state');
  assert.equal(!res.ok && res.error.code, 30000);
  assert.equal(h.engine.jobs().find((j) => j.jobHandle === 's')!.pendingAction, undefined);
  // Stopped by the user → outcome stopped.
  h.api.active = [];
  h.api.logs = [log('r', { fileErrorCount: 3 })];
  h.engine.pollNow();
  await settle();
  const fin = h.events.find((e) => e.event === 'job-finished');
  assert.equal(fin?.event === 'job-finished' && fin.outcome, 'stopped');
  await h.engine.stop();
});

test('getJobDetails pages 1000 rows', async () => {
  const h = setup();
  h.api.logs = [log('x')];
  const r = await h.engine.getJobDetails({ companyHandle: CO, jobHandle: 'x', page: 3 });
  assert.ok(r.ok);
  assert.equal(r.ok && r.value.pages, 3);
  assert.equal(r.ok && r.value.details.length, 500);
  assert.equal(r.ok && r.value.totalRows, 2500);
  assert.equal(r.ok && r.value.log?.detailArray, undefined);
  h.api.fail = new IpsNetworkError('down');
  const bad = await h.engine.getJobDetails({ companyHandle: CO, jobHandle: 'x', page: 1 });
  assert.equal(bad.ok, false);
});

test('restart with persisted history: jobs restored, nothing notified twice; saves are debounced', async () => {
  const store = createMemoryHistoryStore();
  const h = setup({ historyStore: store });
  h.api.active = [active('r')];
  await h.start();
  h.api.active = [];
  h.api.logs = [log('r', { fileErrorCount: 1 })];
  await h.step(10_000);
  assert.equal(h.notes.length, 1);
  for (let i = 0; i < 10; i++) await h.step(1_000);
  const saves = store.saves;
  assert.ok(saves >= 1 && saves <= 2, `debounced saves: ${saves}`);
  await h.engine.stop();
  assert.ok(store.saved!.notified.includes(`fin:${jobKey(CO, 'r')}`));
  assert.equal(store.saved!.jobs.length, 1);

  const h2 = setup({ historyStore: store, api: h.api });
  await h2.start();
  assert.equal(h2.patches[0]!.upsert.length, 1, 'history restored before the first poll');
  assert.equal(h2.notes.length, 0);
  assert.equal(h2.events.filter((e) => e.event === 'job-finished').length, 0, 'already finished: no event again');
  await h2.engine.stop();
});

test('paused: no polling; resume polls now; tray shows paused', async () => {
  const h = setup();
  await h.start();
  h.engine.setPaused(true);
  assert.equal(h.engine.tray().icon, 'paused');
  assert.equal(h.engine.polling().paused, true);
  const n = h.api.calls.length;
  await h.step(3600_000);
  assert.equal(h.api.calls.length, n);
  h.engine.setPaused(false);
  await settle();
  assert.ok(h.api.calls.length > n);
  assert.equal(h.engine.tray().icon, 'idle');
  await h.engine.stop();
});

test('tray is emitted only when it changes', async () => {
  const h = setup();
  h.api.active = [active('r')];
  await h.start();
  const n = h.trays.length;
  for (let i = 0; i < 5; i++) await h.step(10_000);
  assert.equal(h.trays.length, n);
});

test('companies from settings, or every membership', async () => {
  const api = fakeApi([
    { company: { companyHandle: 'c|1', name: 'One' } },
    { company: { companyHandle: 'c|2', name: 'Two' } },
    { company: { companyHandle: 'c|3', name: 'Off' }, isActive: false },
  ]);
  const h = setup({ api });
  await h.start();
  assert.deepEqual(
    h.engine.companies().map((c) => c.companyHandle),
    ['c|1', 'c|2'],
  );
  const s = defaultSettings();
  s.companies = ['c|2'];
  const h2 = setup({ api, settings: s });
  await h2.start();
  assert.deepEqual(
    h2.engine.companies().map((c) => c.name),
    ['Two'],
  );
  await h.engine.stop();
  await h2.engine.stop();
});
