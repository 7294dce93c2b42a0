// Several accounts behind one Engine: every job, company, event and notification labelled with
// its account; the same handles on two accounts stay two jobs; actions, details and
// acknowledgements reach the account the job belongs to and no other. Real engines, fake IPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../electron/core/engine.ts';
import { accountKey, combineConnections, createAccountsEngine, splitAccountKey } from '../../electron/core/accounts-engine.ts';
import { createManualClock } from '../../electron/clock.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { jobKey } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';
import { splitWindowJobs } from '../../electron/core/snapshot-history.ts';
import { active, fakeApi, log, settle, CO } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');

function setup() {
  const clock = createManualClock(T0);
  const settings = defaultSettings();
  const make = () => {
    const api = fakeApi();
    return { api, engine: createEngine({ api, settings, locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5 }) };
  };
  const prod = make();
  const stage = make();
  const engine = createAccountsEngine([
    { id: 'prod', name: 'Production', engine: prod.engine },
    { id: 'stage', name: 'Staging', engine: stage.engine },
  ]);
  const patches: Events['jobs-patch'][] = [];
  engine.onPatch((p) => patches.push(p));
  return { clock, prod, stage, engine, patches };
}

test('the same job handle on two accounts: two jobs, each labelled, keys apart', async () => {
  const h = setup();
  h.prod.api.active = [active('r1')];
  h.stage.api.active = [active('r1')];
  h.engine.start();
  await settle();
  const jobs = h.engine.jobs();
  assert.deepEqual(jobs.map((j) => j.account).sort(), ['Production', 'Staging']);
  assert.equal(new Set(jobs.map((j) => j.key)).size, 2);
  assert.deepEqual(splitAccountKey(jobs.find((j) => j.account === 'Staging')!.key)?.id, 'stage');
  assert.ok(h.patches.flatMap((p) => p.upsert).every((j) => j.account !== undefined && splitAccountKey(j.key) !== undefined));
  assert.deepEqual(
    h.engine.companies().map((c) => `${c.account}/${c.name}`),
    ['Production/Acme', 'Staging/Acme'],
  );
  await h.engine.stop();
});

test('actions and details go to the labelled account only; no label and two owners is a usage error', async () => {
  const h = setup();
  h.prod.api.active = [active('r1')];
  h.stage.api.active = [active('r1'), active('only-stage')];
  h.stage.api.logs = [log('done', { endDate: '2024-05-02T08:59:00.000Z' })];
  h.engine.start();
  await settle();
  const n = h.prod.api.calls.length;
  assert.deepEqual(await h.engine.stopJob({ companyHandle: CO, jobHandle: 'r1', account: 'Staging' }), { ok: true });
  assert.ok(h.stage.api.calls.includes('stopJob:r1'));
  assert.ok(!h.prod.api.calls.slice(n).some((c) => c.startsWith('stopJob')), 'production heard no action');

  const ambiguous = await h.engine.pauseJob({ companyHandle: CO, jobHandle: 'r1' });
  assert.ok(!ambiguous.ok && ambiguous.error.kind === 'usage');
  assert.deepEqual(await h.engine.pauseJob({ companyHandle: CO, jobHandle: 'only-stage' }), { ok: true }, 'one owner: found without a label');
  assert.ok(h.stage.api.calls.includes('pauseJob:only-stage'));

  const details = await h.engine.getJobDetails({ companyHandle: CO, jobHandle: 'done', account: 'Staging', page: 1 });
  assert.equal(details.ok, true);
  assert.ok(h.stage.api.calls.includes('getJobLogDetails'));
  assert.ok(!h.prod.api.calls.includes('getJobLogDetails'));
  const unknown = await h.engine.getJobDetails({ companyHandle: CO, jobHandle: 'done', account: 'Nope', page: 1 });
  assert.ok(!unknown.ok && unknown.error.kind === 'usage');
  await h.engine.stop();
});

test("a re-run on one account: submitted there only, and the new run's key carries that account's id like its jobs' keys", async () => {
  const h = setup();
  const submitted: string[] = [];
  for (const [side, handle] of [
    [h.prod, 'j|prod-new'],
    [h.stage, 'j|stage-new'],
  ] as const) {
    Object.assign(side.api, {
      submitJob: async (q: { jobName: string }) => {
        submitted.push(`${handle}:${q.jobName}`);
        return handle;
      },
    });
    side.api.active = [active('pub', { imageServingPublishJob: { publishType: 'Full', emailSetting: 'None' } })];
  }
  h.engine.start();
  await settle();
  for (const side of [h.prod, h.stage]) {
    side.api.active = [];
    side.api.logs = [log('pub')];
  }
  h.clock.advance(10_000);
  await settle();
  const res = await h.engine.rerunJob({ companyHandle: CO, jobHandle: 'pub', account: 'Staging' });
  assert.ok(res.ok, JSON.stringify(res));
  assert.equal(res.value.jobHandle, 'j|stage-new', 'the handle is the IPS handle, as IPS gave it');
  assert.equal(res.value.account, 'Staging');
  assert.equal(res.value.key, accountKey('stage', jobKey(CO, 'j|stage-new')));
  assert.deepEqual(splitAccountKey(res.value.key), { id: 'stage', key: jobKey(CO, 'j|stage-new') });
  assert.deepEqual(
    submitted.map((s) => s.split(':')[0]),
    ['j|stage-new'],
    'production submitted nothing',
  );
  // The next poll lists the new run under the very key the re-run answered.
  h.stage.api.active = [active('j|stage-new')];
  for (let i = 0; i < 2; i++) {
    h.clock.advance(61_000); // past the idle interval
    await settle();
  }
  assert.ok(
    h.engine.jobs().some((j) => j.key === res.value.key && j.account === 'Staging'),
    'the facade lists the new run under that key',
  );
  await h.engine.stop();
});

test("acknowledging a job's key clears only that account's attention", async () => {
  const h = setup();
  for (const side of [h.prod, h.stage]) side.api.active = [active('bad')];
  h.engine.start();
  await settle();
  for (const side of [h.prod, h.stage]) {
    side.api.active = [];
    side.api.logs = [log('bad', { fileErrorCount: 2 })];
  }
  h.clock.advance(10_000);
  await settle();
  assert.equal(h.prod.engine.tray().icon, 'error');
  assert.equal(h.stage.engine.tray().icon, 'error');
  const stageKey = h.engine.jobs().find((j) => j.account === 'Staging')!.key;
  h.engine.acknowledgeAttention?.([stageKey]);
  assert.equal(h.stage.engine.tray().icon, 'error-seen', 'seen: the outline');
  assert.equal(h.prod.engine.tray().icon, 'error', "production's failure is still unseen");
  assert.equal(h.engine.tray().icon, 'error', 'the one tray shows the worst');
  await h.engine.stop();
});

test('connections: the worst account wins and its error names it', () => {
  const c = combineConnections([
    { name: 'Production', connection: { state: 'ok', lastOk: '2024-05-02T09:00:00.000Z' } },
    { name: 'Staging', connection: { state: 'offline', error: { kind: 'network', message: 'refused' } } },
  ]);
  assert.equal(c.state, 'offline');
  assert.equal(c.error?.message, 'Staging: refused');
  assert.deepEqual(
    c.accounts?.map((a) => `${a.name}: ${a.state}`),
    ['Production: ok', 'Staging: offline'],
    'each account keeps its own state for Settings',
  );
  assert.equal(accountKey('a', 'k'), 'a\u0001k');
});

test('a window snapshot over two accounts: finished jobs newest first across them, each labelled with its account', async () => {
  const h = setup();
  h.prod.api.active = [active('run')];
  h.prod.api.logs = [log('p-old', { endDate: '2024-05-02T08:00:00.000Z' }), log('p-new', { endDate: '2024-05-02T08:50:00.000Z' })];
  h.stage.api.logs = [log('s-mid', { endDate: '2024-05-02T08:30:00.000Z' })];
  h.engine.start();
  await settle();
  const { head, rest } = splitWindowJobs(h.engine.windowJobs!(), 1);
  assert.deepEqual(
    head.map((j) => `${j.account}/${j.jobHandle}`),
    ['Production/run', 'Production/p-new'],
  );
  const older = Array.from({ length: rest.length }, (_, i) => rest.load(i)!);
  assert.deepEqual(
    older.map((j) => `${j.account}/${j.jobHandle}`),
    ['Staging/s-mid', 'Production/p-old'],
  );
  assert.ok(
    [...head, ...older].every((j) => splitAccountKey(j.key) !== undefined),
    'keys name their account',
  );
  await h.engine.stop();
});
