// Run now through the engine, with the real SOAP client against the simulator on one manual
// clock: executeJob on a schedule starts a run that the board shows after the next poll, the
// schedule shows `starting` until then, and what cannot be run now is refused before IPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fast, rig } from './engine-helpers.ts';

test('run now: starting at once, the new run on the board after the poll, the schedule unchanged', async () => {
  const r = await rig({ settings: fast() });
  try {
    r.sim.world.addScheduledJob({ name: 'weekly', execSchedule: '0 0 3 ? * SUN', plan: { newMs: 500, waitMs: 500, runMs: 60_000, files: 4 } });
    r.engine.pollNow();
    await r.advance(5_000, 2500);
    const sched = r.engine.jobs().find((j) => j.name === 'weekly' && j.phase === 'scheduled')!;
    assert.ok(sched, 'the schedule is on the board');
    const next = sched.scheduled?.nextFireTime;
    const calls = r.api.calls.executeJob ?? 0;

    const res = await r.engine.runJobNow({ companyHandle: sched.companyHandle, jobHandle: sched.jobHandle });
    assert.deepEqual(res, { ok: true });
    assert.equal(r.api.calls.executeJob, calls + 1);
    assert.equal(r.engine.jobs().find((j) => j.key === sched.key)!.pendingAction, 'starting', 'shown as starting at once');

    await r.idle();
    await r.advance(2_500, 2500);
    const runs = r.engine.jobs().filter((j) => j.originalName === 'weekly' && j.key !== sched.key);
    assert.equal(runs.length, 1, 'the new run is on the board');
    assert.ok(['queued', 'running'].includes(runs[0]!.phase), runs[0]!.phase);
    const after = r.engine.jobs().find((j) => j.key === sched.key)!;
    assert.equal(after.pendingAction, undefined, 'starting ends with the poll that brought the run');
    assert.equal(after.phase, 'scheduled');
    assert.equal(after.scheduled?.nextFireTime, next, 'the schedule is unchanged');
    assert.ok(r.events.some((e) => e.event === 'job-started' && e.job.key === runs[0]!.key) || runs[0]!.phase === 'queued');

    // A run is no schedule: refused before any call, in words, nothing marked.
    const refused = await r.engine.runJobNow({ companyHandle: runs[0]!.companyHandle, jobHandle: runs[0]!.jobHandle });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.error.kind === 'usage' && /Only a scheduled job can be run now/.test(refused.error.message), JSON.stringify(refused));
    assert.equal(r.api.calls.executeJob, calls + 1, 'IPS was not called');
    assert.equal(r.engine.jobs().find((j) => j.key === runs[0]!.key)!.pendingAction, undefined);
  } finally {
    await r.close();
  }
});

test('run now refused by IPS: the fault as data and no mark left; paused polling leaves nothing pending', async () => {
  const r = await rig({ settings: fast() });
  try {
    r.sim.world.addScheduledJob({ name: 'daily', execSchedule: '0 0 4 * * ?' });
    r.engine.pollNow();
    await r.advance(5_000, 2500);
    const sched = r.engine.jobs().find((j) => j.name === 'daily')!;

    // IPS forgot the schedule (deleted elsewhere): its fault comes back, the mark goes.
    r.sim.world.deleteJob(sched.companyHandle, sched.jobHandle);
    const gone = await r.engine.runJobNow({ companyHandle: sched.companyHandle, jobHandle: sched.jobHandle });
    assert.equal(gone.ok, false);
    assert.ok(!gone.ok && gone.error.kind === 'fault' && gone.error.code === 30001, JSON.stringify(gone));
    assert.equal(r.engine.jobs().find((j) => j.key === sched.key)?.pendingAction, undefined);

    r.sim.world.addScheduledJob({ name: 'hourly', execSchedule: '0 0 * * * ?' });
    r.engine.pollNow();
    await r.advance(5_000, 2500);
    const hourly = r.engine.jobs().find((j) => j.name === 'hourly' && j.phase === 'scheduled')!;
    r.engine.setPaused(true);
    assert.deepEqual(await r.engine.runJobNow({ companyHandle: hourly.companyHandle, jobHandle: hourly.jobHandle }), { ok: true });
    assert.equal(r.engine.jobs().find((j) => j.key === hourly.key)!.pendingAction, undefined, 'no poll will show it: nothing stays pending');
  } finally {
    await r.close();
  }
});
