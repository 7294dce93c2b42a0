// The app core with the real engine, the real SOAP client and the real simulator over
// loopback: demo mode out of the box, then a switch to an "IPS account" (a second
// simulator standing in for Adobe's service), with a wrong password refused first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import { startSimulator } from '../../electron/simulator/index.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { until } from '../helpers/until.ts';
import { testCore, testCoreWithStores } from '../helpers/core.ts';

test('demo mode, then a real account validated against the server before it is saved', { timeout: 60_000 }, async (t) => {
  const remote = await startSimulator({ demo: true, seed: 7 });
  t.after(() => remote.close());
  const wire: string[] = [];
  const { core, settingsStore, secretStore } = testCoreWithStores({
    systemLocales: ['zh-CN'],
    appVersion: '1.2.3',
    log: (l) => wire.push(l),
  });
  for (const e of ['jobs-patch', 'tray', 'connection', 'polling', 'settings', 'companies'] as const) core.on(e, (p) => wire.push(JSON.stringify(p)));
  t.after(() => core.stop());
  await core.start();

  // Demo: the embedded simulator's jobs arrive.
  const snap = await until('the demo jobs', () => {
    const s = core.snapshot();
    return s.jobs.length > 0 && s.connection.state === 'ok' && s;
  });
  assert.equal(snap.demo, true);
  assert.equal(snap.settings.locale, 'zh-CN');
  assert.ok(snap.companies.length >= 1);

  const account = { mode: 'ips', user: 'ops@example.com', region: 'na', staging: false, serviceUrl: remote.url } as const;
  const wrong = await core.handle('setAccount', { account, password: 'not-the-password' });
  assert.equal(wrong.ok, false);
  if (!wrong.ok) assert.equal(wrong.error.kind, 'authentication', JSON.stringify(wrong.error));
  assert.deepEqual(settingsStore.get().accounts, []);
  assert.equal(await secretStore.get(settingsStore.get().accounts[0]?.id ?? 'main'), undefined);

  const tested = await core.handle('testAccount', { account, password: 'ops' });
  assert.equal(tested.ok, true, JSON.stringify(tested));
  if (tested.ok)
    assert.deepEqual(
      tested.value.map((c) => c.name),
      ['Example Co'],
    );

  const saved = await core.handle('setAccount', { account, password: 'ops', sessionOnly: true });
  assert.equal(saved.ok, true, JSON.stringify(saved));
  assert.equal(settingsStore.get().accounts[0]!.serviceUrl, remote.url);
  const after = await until('the account connected with jobs', () => {
    const s = core.snapshot();
    return !s.demo && s.connection.state === 'ok' && s.jobs.length > 0 && s;
  });
  assert.equal(after.userEmail, 'ops@example.com');
  assert.deepEqual(
    after.companies.map((c) => c.name),
    ['Example Co'],
  );
  assert.ok(after.jobs.every((j) => j.companyHandle === after.companies[0]!.companyHandle));

  // An action through the core reaches the remote server.
  const running = await until('a running job', () => core.snapshot().jobs.find((j) => j.phase === 'running' && !j.pendingAction));
  const stop = await core.handle('stopJob', { companyHandle: running.companyHandle, jobHandle: running.jobHandle });
  assert.deepEqual(stop, { ok: true });

  assert.ok(!wire.join('\n').includes('not-the-password'));
  assert.ok(!wire.some((l) => l.includes('"ops"')), 'password never on the wire');
});

test('a connect lists the companies once (the engine does it), and a server that does not answer shows offline', { timeout: 60_000 }, async (t) => {
  const remote = await startSimulator({ demo: true, seed: 7 });
  t.after(() => remote.close());
  // A port that was just free on loopback: nothing answers there.
  const gone = await startSimulator({ demo: true, seed: 7 });
  const deadUrl = gone.url;
  await gone.close();
  const account = { mode: 'ips', user: 'ops@example.com', region: 'na', staging: false, serviceUrl: remote.url } as const;
  let memberships = 0;
  const coreFor = (serviceUrl: string) =>
    testCore({
      settingsStore: createMemorySettingsStore({ account: { ...account, serviceUrl } }),
      secretStore: createMemorySecretStore('ops'),
      systemLocales: ['en-US'],
      appVersion: '1.2.3',
      // The real client, counted: how many times a connect asks for the companies.
      createApi: async (conn) => {
        const api = await createIpsClient(conn);
        const list = api.getCompanyMembership.bind(api);
        api.getCompanyMembership = async () => {
          memberships += 1;
          return list();
        };
        return api;
      },
    });

  const core = coreFor(remote.url);
  t.after(() => core.stop());
  await core.start();
  const snap = await until('the companies', () => {
    const s = core.snapshot();
    return s.connection.state === 'ok' && s.companies.length > 0 && s;
  });
  assert.equal(snap.demo, false);
  assert.deepEqual(
    snap.companies.map((c) => c.name),
    ['Example Co'],
  );
  assert.equal(memberships, 1, 'one getCompanyMembership per connect');
  await core.stop();

  // Nothing listens at the account's server: the window shows "offline", with the error.
  const offline = coreFor(deadUrl);
  t.after(() => offline.stop());
  const states: string[] = [];
  offline.on('connection', (c) => states.push(c.state));
  await offline.start();
  const down = await until('offline', () => {
    const s = offline.snapshot();
    return s.connection.state === 'offline' && s;
  });
  assert.equal(down.connection.error?.kind, 'network');
  assert.ok(down.connection.retryAt, 'the next try is announced');
  assert.equal(states.filter((s) => s === 'offline').length, 1, 'one offline event, not one per mapping');
});

test(
  'a window opening on a long history gets the newest 1,000 finished jobs, then pulls the rest page by page; nothing is broadcast',
  { timeout: 60_000 },
  async (t) => {
    const core = testCore({ demoHistoryRows: 3500 });
    t.after(() => core.stop());
    await core.start();
    const finished = () => core.snapshot().jobs.filter((j) => j.phase === 'finished');
    await until('the history backfilled', () => finished().length >= 3500, 30_000);
    const held = new Set(finished().map((j) => j.key));

    const patches: number[] = [];
    core.on('jobs-patch', (p) => patches.push(p.upsert.length));
    const res = await core.handle('getSnapshot', undefined);
    assert.ok(res.ok);
    const snap = res.value;
    const first = snap.jobs.filter((j) => j.phase === 'finished');
    assert.equal(first.length, 1000);
    assert.equal(snap.finishedToFollow, held.size - 1000);
    assert.ok(snap.historyCursor);

    const pulled: string[] = [];
    let last = Infinity;
    for (let remaining = snap.finishedToFollow; remaining > 0;) {
      const page = await core.handle('getOlderHistory', { cursor: snap.historyCursor, max: 1000 });
      assert.ok(page.ok);
      for (const j of page.value.jobs) {
        const end = Date.parse(j.endDate!);
        assert.ok(end <= last, 'newest first');
        last = end;
        pulled.push(j.key);
      }
      assert.ok(page.value.remaining < remaining);
      remaining = page.value.remaining;
    }
    assert.ok(last <= Math.min(...first.map((j) => Date.parse(j.endDate!))), 'the pages are older than what the snapshot carried');
    assert.deepEqual(new Set([...first.map((j) => j.key), ...pulled]), held, 'every finished job exactly once');
    assert.equal(pulled.length + first.length, held.size);
    // Other windows are not sent 2,500 jobs because one window opened.
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      patches.every((n) => n < 1000),
      `patches after the snapshot: ${patches.join(', ')}`,
    );

    // A spent or made-up cursor is an empty last page; a bad argument is refused.
    assert.deepEqual(await core.handle('getOlderHistory', { cursor: snap.historyCursor }), { ok: true, value: { jobs: [], remaining: 0 } });
    const bad = await core.handle('getOlderHistory', { cursor: '', max: 0 } as never);
    assert.equal(bad.ok, false);
  },
);
