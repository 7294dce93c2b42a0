// The engine with the real SOAP client against the simulator, on one manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fast, rig, T0 } from './engine-helpers.ts';
import type { Outcome, Phase } from '../../shared/domain.ts';

test('a job’s whole life: scheduled → queued → running → finished, with one finish notification', async () => {
  const r = await rig({ settings: fast() });
  try {
    r.sim.world.addScheduledJob({
      name: 'nightly-publish',
      execTime: T0 + 30_000,
      plan: { newMs: 2000, waitMs: 6000, runMs: 40_000, files: 8, profile: 'success' },
    });
    r.engine.pollNow();
    await r.idle();
    const phases: Phase[] = [];
    r.engine.onEvent((e) => {
      if ('job' in e && e.job.name.startsWith('nightly-publish')) phases.push(e.job.phase);
    });
    assert.ok(r.events.some((e) => e.event === 'job-scheduled' && e.job.name === 'nightly-publish'));
    await r.advance(120_000, 2500);
    const seen = [...new Set(phases)];
    assert.ok(seen.includes('queued'), `phases ${seen}`);
    assert.ok(seen.includes('running'), `phases ${seen}`);
    assert.equal(seen.at(-1), 'finished');
    const started = r.events.filter((e) => e.event === 'job-started' && e.job.name.startsWith('nightly-publish'));
    assert.equal(started.length, 1);
    assert.ok(r.events.some((e) => e.event === 'job-progress'));
    assert.ok(
      r.events.some((e) => e.event === 'job-removed' && e.job.name === 'nightly-publish'),
      'the one-off schedule entry goes away',
    );
    const fin = r.events.filter((e) => e.event === 'job-finished' && e.job.name.startsWith('nightly-publish'));
    assert.equal(fin.length, 1);
    assert.equal(fin[0]!.event === 'job-finished' && fin[0]!.outcome, 'success');
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['finished-success'],
    );
    assert.ok(r.trays.some((t) => t.icon === 'running' && t.progress !== null));
    assert.equal(r.engine.tray().icon, 'idle');
  } finally {
    await r.close();
  }
});

test('each outcome from the simulator’s profiles, and a stop by the user', async () => {
  const r = await rig({ settings: fast() });
  try {
    const want: Record<string, Outcome> = { 'p-success': 'success', 'p-warning': 'warning', 'p-error': 'error', 'p-fatal': 'error' };
    for (const profile of ['success', 'warning', 'error', 'fatal'] as const) {
      r.sim.world.addJob({ name: `p-${profile}`, profile, files: 10, plan: { newMs: 1000, waitMs: 1000, runMs: 30_000 } });
    }
    const victim = r.sim.world.addJob({ name: 'to-stop', profile: 'success', files: 10, plan: { newMs: 1000, waitMs: 1000, runMs: 120_000 } });
    r.engine.pollNow();
    await r.advance(10_000, 2500);
    const job = r.engine.jobs().find((j) => j.jobHandle === victim.handle)!;
    assert.equal(job.phase, 'running');
    const res = await r.engine.stopJob({ companyHandle: job.companyHandle, jobHandle: job.jobHandle });
    assert.deepEqual(res, { ok: true });
    assert.equal(r.engine.jobs().find((j) => j.key === job.key)!.pendingAction, 'stopping');
    await r.advance(90_000, 2500);
    const outcomes: Record<string, Outcome> = {};
    for (const e of r.events) if (e.event === 'job-finished') outcomes[e.job.originalName] = e.outcome;
    assert.deepEqual(outcomes, { ...want, 'to-stop': 'stopped' });
    assert.equal(r.engine.jobs().find((j) => j.key === job.key)!.pendingAction, undefined);
    // Five finished in a few polls: single notifications or a summary, never more than five.
    assert.ok(r.notes.length >= 1 && r.notes.length <= 5);
    const bad = await r.engine.pauseJob({ companyHandle: job.companyHandle, jobHandle: 'j|15||no-such|1' });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.error.message.length > 0, 'the IPS fault in words');
    const details = await r.engine.getJobDetails({ companyHandle: job.companyHandle, jobHandle: job.jobHandle, page: 1 });
    assert.ok(details.ok && details.value.totalRows >= 1);
  } finally {
    await r.close();
  }
});

test('first start with 200 finished jobs in history: no notification storm (none at all)', async () => {
  const r = await rig({ sim: { historyRows: 200 } });
  try {
    const finished = r.events.filter((e) => e.event === 'job-finished').length;
    assert.ok(finished >= 150, `history loaded: ${finished}`);
    assert.equal(r.notes.length, 0);
    assert.notEqual(r.engine.tray().icon, 'error');
    await r.advance(180_000, 30_000);
    assert.equal(r.notes.length, 0);
  } finally {
    await r.close();
  }
});

test('pause and resume: an active run and a schedule, pending until IPS shows it', async () => {
  const r = await rig({ settings: fast() });
  try {
    const run = r.sim.world.addJob({ name: 'long-run', files: 20, plan: { newMs: 500, waitMs: 500, runMs: 600_000 } });
    r.sim.world.addScheduledJob({ name: 'weekly', execSchedule: '0 0 3 ? * SUN', plan: { files: 2 } });
    r.engine.pollNow();
    await r.advance(10_000, 2500);
    const co = r.engine.jobs().find((j) => j.jobHandle === run.handle)!.companyHandle;
    const sched = r.engine.jobs().find((j) => j.name === 'weekly')!;
    assert.equal(sched.phase, 'scheduled');

    assert.deepEqual(await r.engine.pauseJob({ companyHandle: co, jobHandle: run.handle }), { ok: true });
    assert.deepEqual(await r.engine.pauseJob({ companyHandle: sched.companyHandle, jobHandle: sched.jobHandle }), { ok: true });
    await r.idle();
    await r.advance(5_000, 2500);
    let j = r.engine.jobs().find((x) => x.jobHandle === run.handle)!;
    assert.equal(j.phase, 'paused');
    assert.equal(j.pendingAction, undefined);
    assert.equal(r.engine.jobs().find((x) => x.key === sched.key)!.phase, 'paused');
    assert.equal(r.engine.tray().icon, 'idle', 'a paused run is not running');

    assert.deepEqual(await r.engine.resumeJob({ companyHandle: co, jobHandle: run.handle }), { ok: true });
    await r.advance(5_000, 2500);
    j = r.engine.jobs().find((x) => x.jobHandle === run.handle)!;
    assert.equal(j.phase, 'running');
    assert.equal(r.engine.tray().icon, 'running');

    assert.deepEqual(await r.engine.deleteJob({ companyHandle: sched.companyHandle, jobHandle: sched.jobHandle }), { ok: true });
    await r.advance(5_000, 2500);
    assert.equal(
      r.engine.jobs().find((x) => x.key === sched.key),
      undefined,
    );
    assert.ok(r.events.some((e) => e.event === 'job-removed' && e.job.key === sched.key));
  } finally {
    await r.close();
  }
});

test('clock skew: server 3 h ahead or behind — no false stall, a real stall once, no future jobs', async () => {
  for (const skew of [3 * 3600_000, -3 * 3600_000]) {
    const s = fast();
    s.notifications.stalledMinutes = 2;
    const r = await rig({ settings: s, serverSkewMs: skew });
    try {
      r.sim.world.addJob({ name: 'moving', files: 60, plan: { newMs: 500, waitMs: 500, runMs: 300_000 } });
      r.sim.world.addJob({ name: 'stuck', files: 2, plan: { newMs: 500, waitMs: 500, runMs: 3 * 3600_000 } });
      r.engine.pollNow();
      await r.advance(60_000, 5000);
      assert.equal(r.notes.filter((n) => n.kind === 'stalled').length, 0, `no stall after one minute (skew ${skew})`);
      await r.advance(4 * 60_000, 5000);
      const stalls = r.notes.filter((n) => n.kind === 'stalled');
      assert.equal(stalls.length, 1, `one stall (skew ${skew}): ${stalls.map((n) => n.body)}`);
      assert.match(stalls[0]!.body, /^stuck/);
      const moving = r.engine.jobs().find((j) => j.name === 'moving');
      assert.ok(moving && (moving.phase === 'running' || moving.phase === 'finished'));
      await r.advance(5 * 60_000, 10_000);
      assert.equal(r.notes.filter((n) => n.kind === 'stalled').length, 1, 'once per job');
    } finally {
      await r.close();
    }
  }
});
