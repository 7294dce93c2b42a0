// Run now: the shared rule (what can be run now and why not), the IPC command's validation,
// and the engine action's pending mark (set at once, cleared by the poll after the call, by a
// failure, or at once when no poll will come).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNowRefusal } from '../../shared/job-actions.ts';
import { jobKey, type Job } from '../../shared/domain.ts';
import { createCommands, type CommandContext } from '../../electron/core/app-commands.ts';
import { createJobActions, type ActionDeps } from '../../electron/core/engine-actions.ts';
import { createJobSpecs } from '../../electron/core/job-specs.ts';
import { applySnapshot, createBoard } from '../../electron/core/board.ts';
import { IpsFaultError } from '../../electron/ips/errors.ts';
import type { Engine } from '../../electron/core/types.ts';
import type { JobRef } from '../../electron/ips/api.ts';
import { active, fakeApi, handCycles, scheduled, CO } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');
type RuleJob = Parameters<typeof runNowRefusal>[0];
const sched = { phase: 'scheduled', scheduled: scheduled('s') } as RuleJob;

test('runNowRefusal: a schedule (paused too) can run now; a run, a finished job or a pending action cannot', () => {
  assert.equal(runNowRefusal(sched), undefined);
  assert.equal(runNowRefusal({ phase: 'paused', scheduled: scheduled('s', { triggerState: 'Paused' }) }), undefined, 'a paused schedule');
  assert.equal(runNowRefusal({ ...sched, pendingAction: 'deleting' }), 'pending');
  assert.equal(runNowRefusal({ ...sched, pendingAction: 'starting' }), 'pending', 'no second click while the first is under way');
  assert.equal(runNowRefusal({ phase: 'paused', active: active('r'), scheduled: scheduled('s') }), 'not-scheduled', 'a paused run');
  for (const phase of ['queued', 'running', 'stopping', 'finished'] as const) assert.equal(runNowRefusal({ phase }), 'not-scheduled', phase);
});

test('runJobNow command: bad arguments are usage errors; a good one reaches the engine; no engine is a network error', async () => {
  const runs: JobRef[] = [];
  let engine: Partial<Engine> | undefined = {
    async runJobNow(ref) {
      runs.push(ref);
      return { ok: true };
    },
  };
  const handle = createCommands({ transferHandlers: {}, engine: () => engine, log: () => undefined } as unknown as CommandContext);
  for (const bad of [
    undefined,
    {},
    { companyHandle: 'c|1' },
    { companyHandle: '', jobHandle: 'j' },
    { companyHandle: 'c', jobHandle: 'j', extra: 1 },
    'c|1 j',
  ]) {
    const r = (await handle('runJobNow', bad)) as { ok: boolean; error?: { kind: string; operation?: string } };
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.equal(r.error?.kind, 'usage');
    assert.equal(r.error?.operation, 'runJobNow');
  }
  assert.deepEqual(runs, [], 'nothing bad reached the engine');
  assert.deepEqual(await handle('runJobNow', { companyHandle: CO, jobHandle: 'j|1|nightly|' }), { ok: true });
  assert.deepEqual(runs, [{ companyHandle: CO, jobHandle: 'j|1|nightly|' }]);
  engine = undefined;
  const off = (await handle('runJobNow', { companyHandle: CO, jobHandle: 'j' })) as { ok: boolean; error?: { kind: string } };
  assert.equal(off.error?.kind, 'network');
});

function rig(over: Partial<ActionDeps> = {}) {
  const api = fakeApi();
  const board = createBoard();
  applySnapshot(
    board,
    { companyHandle: CO, active: [active('r1')], scheduled: [scheduled('s1')], logs: [] },
    { now: T0, finishWaitMs: 120_000, pendingTimeoutMs: 120_000 },
  );
  const hand = handCycles();
  const patches: Job[][] = [];
  const deps: ActionDeps = {
    api,
    board,
    now: () => T0,
    publish: (d) => d && patches.push(d.upsert),
    ...hand.deps,
    specs: createJobSpecs(),
    ...over,
  };
  const pending = (h: string) => board.jobs.get(jobKey(CO, h))?.pendingAction;
  return { api, board, deps, actions: createJobActions(deps), cycle: hand.cycle, pending, polled: hand.polled, patches, listeners: hand.listeners };
}

test('runNow: starting at once, executeJob, a poll; the mark goes after the poll that follows the call', async () => {
  const r = rig();
  const done = r.actions.runNow({ companyHandle: CO, jobHandle: 's1' });
  assert.equal(r.pending('s1'), 'starting', 'marked before IPS answers');
  assert.deepEqual(await done, { ok: true });
  assert.deepEqual(r.api.calls, ['executeJob:s1']);
  assert.deepEqual(r.polled, [CO]);
  assert.equal(r.pending('s1'), 'starting');
  r.cycle('c|other');
  assert.equal(r.pending('s1'), 'starting', 'another company’s poll does not count');
  r.cycle();
  assert.equal(r.pending('s1'), undefined);
  assert.equal(r.listeners.size, 0, 'the listener is gone');
  assert.equal(r.patches.at(-1)![0]!.pendingAction, undefined, 'the window is told');
});

test('runNow with a cycle in flight waits for the next one (the one in flight read the lists before the call)', async () => {
  const r = rig({ inFlight: () => true });
  await r.actions.runNow({ companyHandle: CO, jobHandle: 's1' });
  r.cycle();
  assert.equal(r.pending('s1'), 'starting');
  r.cycle();
  assert.equal(r.pending('s1'), undefined);
});

test('runNow refused before IPS (a run, in the app’s language), failed at IPS (mark cleared), or with polling paused', async () => {
  const zh = rig({ locale: () => 'zh-CN' });
  const refused = await zh.actions.runNow({ companyHandle: CO, jobHandle: 'r1' });
  assert.deepEqual(refused, { ok: false, error: { kind: 'usage', message: '只有计划作业才能立即运行。', operation: 'executeJob' } });
  assert.deepEqual(zh.api.calls, [], 'IPS not called');

  const failing = rig();
  failing.api.actionError = new IpsFaultError('Unknown job handle s1', { code: 30001, reason: 'Unknown job handle s1', operation: 'executeJob' });
  const res = await failing.actions.runNow({ companyHandle: CO, jobHandle: 's1' });
  assert.ok(!res.ok && res.error.kind === 'fault' && res.error.code === 30001, JSON.stringify(res));
  assert.equal(failing.pending('s1'), undefined);
  assert.deepEqual(failing.polled, [], 'no poll after a failure');

  const paused = rig({ willPoll: () => false });
  assert.deepEqual(await paused.actions.runNow({ companyHandle: CO, jobHandle: 's1' }), { ok: true });
  assert.equal(paused.pending('s1'), undefined, 'no poll will come: nothing stays pending');
  assert.equal(paused.listeners.size, 0);

  // A handle the board does not know goes to IPS, which decides.
  const unknown = rig();
  assert.deepEqual(await unknown.actions.runNow({ companyHandle: CO, jobHandle: 'j|1|elsewhere|' }), { ok: true });
  assert.deepEqual(unknown.api.calls, ['executeJob:j|1|elsewhere|']);
});
