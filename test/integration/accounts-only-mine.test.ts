// "Only jobs I submitted" with two accounts signed in as two users: each job is judged against
// its own account's user, not the first account's. Two simulators on loopback, the real client,
// engines and app core: a job the Staging user submitted on Staging notifies, one the Production
// user submitted on Staging does not, and Production's own user's job notifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppCore } from '../../electron/core/app.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import { createMemoryHistoryStore } from '../../electron/core/history.ts';
import { startSimulator, DEMO_USER } from '../../electron/simulator/index.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { AppNotification } from '../../shared/domain.ts';
import { until } from '../helpers/until.ts';

test("only my jobs, per account: each job against its own account's user", { timeout: 120_000 }, async (t) => {
  const prod = await startSimulator({ seed: 41 });
  t.after(() => prod.close());
  const stage = await startSimulator({ seed: 42 });
  t.after(() => stage.close());
  const account = (id: string, name: string, serviceUrl: string, user: string) => ({ id, name, enabled: true, region: 'na', staging: false, serviceUrl, user });
  const base = defaultSettings();
  const settingsStore = createMemorySettingsStore({
    ...base,
    accounts: [account('prod', 'Production', prod.url, DEMO_USER), account('stage', 'Staging', stage.url, 'ops@example.com')],
    polling: { activeSeconds: 5, idleSeconds: 15 },
    notifications: { ...base.notifications, started: true, rules: { ...base.notifications.rules, onlyMine: true } },
  });
  const histories = new Map<string, ReturnType<typeof createMemoryHistoryStore>>();
  const core = createAppCore({
    settingsStore,
    secretStore: createMemorySecretStore({ prod: 'demo', stage: 'ops' }),
    historyStoreFor: (id) => histories.get(id) ?? histories.set(id, createMemoryHistoryStore()).get(id)!,
    systemLocales: ['en'],
    appVersion: '1.0.0',
    openExternal: async () => {},
    copyText: () => {},
    simulator: () => import('../../electron/simulator/index.ts'),
  });
  const notes: AppNotification[] = [];
  core.onNotification((n) => notes.push(n));
  t.after(() => core.stop());
  await core.start();
  await until('both accounts connected', () => {
    const c = core.snapshot().connection;
    return c.state === 'ok' && c.accounts?.length === 2 && c.accounts.every((a) => a.state === 'ok');
  });

  const plan = { newMs: 0, waitMs: 0, runMs: 6_000 };
  prod.world.addJob({ name: 'prod-by-demo', submitUserEmail: DEMO_USER, files: 2, plan });
  stage.world.addJob({ name: 'stage-by-ops', submitUserEmail: 'ops@example.com', files: 2, plan });
  stage.world.addJob({ name: 'stage-by-demo', submitUserEmail: DEMO_USER, files: 2, plan });
  await core.handle('pollNow', undefined);

  const about = (name: string) => notes.filter((n) => `${n.title} ${n.body}`.includes(name));
  await until('both own jobs notified', () => about('prod-by-demo').length > 0 && about('stage-by-ops').length > 0, 60_000);
  // Staging's job by Production's user finishes too, and stays silent.
  await until(
    'stage-by-demo finished',
    () => core.snapshot().jobs.some((j) => j.account === 'Staging' && j.name === 'stage-by-demo' && j.phase === 'finished'),
    60_000,
  );
  await until('stage-by-ops finished and notified', () => about('stage-by-ops').some((n) => n.kind.startsWith('finished')), 60_000);
  assert.ok(
    about('stage-by-ops').every((n) => n.account === 'Staging'),
    "the Staging user's job is named after Staging",
  );
  assert.ok(
    about('prod-by-demo').every((n) => n.account === 'Production'),
    "the Production user's job is named after Production",
  );
  assert.deepEqual(
    about('stage-by-demo').map((n) => n.title),
    [],
    "a job the first account's user submitted on another account is not that account's user's job",
  );
});
