// The app core against a fake engine, a fake IPS client and a fake simulator
// (app-core-fake.ts): demo mode, argument validation, https-only links, commands before
// start and a slow server at stop. Saving an account and settings: app-core-save.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppNotification } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { CommandError } from '../../electron/core/app.ts';
import { createMemorySettingsStore } from '../../electron/core/stores.ts';
import type { IpsConnection } from '../../electron/ips/api.ts';
import { IpsNetworkError } from '../../electron/ips/errors.ts';
import { DEMO_PASSWORD, SECRET, fakeApi, setup, valueOf } from './app-core-fake.ts';

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

test('only the jobs the window reports as looked at are acknowledged; opening it acknowledges nothing', async () => {
  const s = setup();
  await s.core.start();
  await s.core.handle('getSnapshot', undefined);
  assert.deepEqual(s.engines[0]!.acknowledged, [], 'the snapshot request is not "the user saw everything"');
  const r = await s.core.handle('acknowledgeJobs', { jobs: [{ companyHandle: 'c|1', jobHandle: 'j1' }] });
  assert.deepEqual(r, { ok: true });
  assert.deepEqual(s.engines[0]!.acknowledged, [['c|1\u0000j1']]);
  const bad = (await s.core.handle('acknowledgeJobs', { jobs: [{ companyHandle: '', jobHandle: 'x' }] })) as { ok: boolean; error?: { kind: string } };
  assert.equal(bad.ok, false);
  assert.equal(bad.error?.kind, 'usage');
  assert.equal(s.engines[0]!.acknowledged.length, 1, 'bad input acknowledges nothing');
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
