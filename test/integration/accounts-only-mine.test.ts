// "Only jobs I submitted" with two accounts signed in as two users: each job is judged against
// its own account's user, not the first account's. Two simulators on loopback, the real client,
// engines and app core: a job the Staging user submitted on Staging notifies, one the Production
// user submitted on Staging does not, and Production's own user's job notifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_USER } from '../../electron/simulator/index.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { accountsCore, savedAccount } from '../helpers/core.ts';
import { until } from '../helpers/until.ts';

test("only my jobs, per account: each job against its own account's user", { timeout: 120_000 }, async (t) => {
  const prod = await startSimulator({ seed: 41 });
  t.after(() => prod.close());
  const stage = await startSimulator({ seed: 42 });
  t.after(() => stage.close());
  const base = defaultSettings();
  const { core, notes } = accountsCore(
    [savedAccount('prod', 'Production', prod.url, DEMO_USER), savedAccount('stage', 'Staging', stage.url, 'ops@example.com')],
    { prod: 'demo', stage: 'ops' },
    {
      polling: { activeSeconds: 5, idleSeconds: 15 },
      notifications: { ...base.notifications, started: true, rules: { ...base.notifications.rules, onlyMine: true } },
    },
  );
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
