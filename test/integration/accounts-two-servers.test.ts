// Two accounts watched together: two simulators on loopback (the same demo world, so the same
// company and job handles on both, as production and staging have), the real client, the real
// engines and the app core. Every job and company says which account it belongs to; the same
// handle on both servers stays two jobs; an action and a job's details go to the account the job
// belongs to, never the other one; a notification names its account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { accountsCore, savedAccount } from '../helpers/core.ts';

async function until<T>(fn: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Count the job actions a simulator receives. */
function stops(sim: Simulator): string[] {
  const seen: string[] = [];
  const orig = sim.world.stopJob.bind(sim.world);
  sim.world.stopJob = (co, job) => {
    seen.push(job);
    orig(co, job);
  };
  return seen;
}

test('two accounts on two servers, watched together: labelled, kept apart, actions routed', { timeout: 90_000 }, async (t) => {
  const prod = await startSimulator({ demo: true, seed: 11 });
  t.after(() => prod.close());
  const staging = await startSimulator({ demo: true, seed: 11 });
  t.after(() => staging.close());
  const prodStops = stops(prod);
  const stagingStops = stops(staging);

  const { core, notes, histories } = accountsCore([savedAccount('prod', 'Production', prod.url), savedAccount('stage', 'Staging', staging.url)], {
    prod: 'ops',
    stage: 'ops',
  });
  t.after(() => core.stop());
  await core.start();

  const snap = await until(() => {
    const s = core.snapshot();
    const names = new Set(s.jobs.map((j) => j.account));
    return s.connection.state === 'ok' && names.has('Production') && names.has('Staging') && s;
  });
  assert.equal(snap.demo, false, 'no demo while accounts are watched');
  assert.ok(
    snap.jobs.every((j) => j.account === 'Production' || j.account === 'Staging'),
    'every job says its account',
  );
  assert.deepEqual(
    snap.companies.map((c) => `${c.account}: ${c.name}`),
    ['Production: Example Co', 'Staging: Example Co'],
  );
  assert.equal(new Set(snap.jobs.map((j) => j.key)).size, snap.jobs.length, 'the same handles on two servers stay two jobs');
  const twin = snap.jobs.find((j) => j.account === 'Production' && snap.jobs.some((o) => o.account === 'Staging' && o.jobHandle === j.jobHandle));
  assert.ok(twin, 'both servers have a job with the same handle');
  assert.match(snap.tray.tooltip, /^Production: [\s\S]*\nStaging: /);
  assert.ok(snap.tray.menu.some((m) => m.type === 'header' && m.label === 'Staging'));

  // Stop a running job of staging: staging's server hears it, production's does not.
  const running = await until(() => core.snapshot().jobs.find((j) => j.account === 'Staging' && j.phase === 'running' && !j.pendingAction));
  const r = await core.handle('stopJob', { companyHandle: running.companyHandle, jobHandle: running.jobHandle, account: 'Staging' });
  assert.deepEqual(r, { ok: true });
  assert.deepEqual(stagingStops, [running.jobHandle]);
  assert.deepEqual(prodStops, [], 'production never saw the action');
  const nowhere = await core.handle('stopJob', { companyHandle: running.companyHandle, jobHandle: running.jobHandle, account: 'Elsewhere' });
  assert.ok(!nowhere.ok && nowhere.error.kind === 'usage', 'an unknown account is a usage error, not a guess');

  // A finished job of production opens with its log rows, from production's server.
  const finished = core.snapshot().jobs.find((j) => j.account === 'Production' && j.phase === 'finished');
  assert.ok(finished);
  const details = await core.handle('getJobDetails', { companyHandle: finished.companyHandle, jobHandle: finished.jobHandle, account: 'Production', page: 1 });
  assert.equal(details.ok, true, JSON.stringify(details));

  // Disable staging: its jobs leave, production stays.
  const off = await core.handle('setAccountEnabled', { id: 'stage', enabled: false });
  assert.equal(off.ok, true);
  const single = await until(() => {
    const s = core.snapshot();
    return s.connection.state === 'ok' && s.jobs.length > 0 && s;
  });
  assert.ok(
    single.jobs.every((j) => j.account === undefined),
    'one account: no labels',
  );
  assert.equal(single.companies.length, 1);
  await core.stop();
  assert.ok(histories.get('prod')?.saved, "production's history saved in its own store");
  assert.ok(
    notes.every((n) => n.account === undefined || n.title.startsWith(`${n.account} · `)),
    'a notification names its account',
  );
});
