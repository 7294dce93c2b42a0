// Run again through the engine, with the real SOAP client against the simulator on one manual
// clock: a run is seen while it runs (its job detail recorded), finishes, is submitted again
// with submitJob under a new name, and the new run is on the board with the same detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fast, rig } from './engine-helpers.ts';
import { detailElementOf } from '../../shared/domain.ts';

test('run again: a finished run is submitted again with the same detail, its new run on the board', async () => {
  const r = await rig({ settings: fast() });
  try {
    r.sim.world.addJob({ name: 'publish-a', files: 3, profile: 'success', plan: { newMs: 500, waitMs: 500, runMs: 10_000 } });
    r.engine.pollNow();
    await r.advance(5_000, 2500);
    const run = r.engine.jobs().find((j) => j.originalName === 'publish-a')!;
    assert.ok(run?.active, 'the run is on the board while it runs');
    const element = detailElementOf(run.active);
    assert.ok(element, 'IPS lists its job detail');
    const detail = run.active[element];

    // Not finished yet: refused before IPS.
    const early = await r.engine.rerunJob({ companyHandle: run.companyHandle, jobHandle: run.jobHandle });
    assert.ok(!early.ok && /Only a finished job can be run again/.test(early.error.message), JSON.stringify(early));

    await r.advance(120_000, 5000);
    assert.equal(r.engine.jobs().find((j) => j.key === run.key)?.phase, 'finished');
    const calls = r.api.calls.submitJob ?? 0;
    const res = await r.engine.rerunJob({ companyHandle: run.companyHandle, jobHandle: run.jobHandle });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(r.api.calls.submitJob, calls + 1);
    assert.equal(r.engine.jobs().find((j) => j.key === run.key)?.pendingAction, 'starting', 'shown as starting at once');

    await r.idle();
    await r.advance(2_500, 2500);
    const again = r.engine.jobs().find((j) => j.jobHandle === res.value.jobHandle || j.originalName === res.value.jobName);
    assert.ok(again, 'the new run is on the board');
    assert.notEqual(again.key, run.key);
    assert.match(again.originalName, /^publish-a-\d{8}T\d{6}Z-[0-9a-z]{4}$/);
    assert.deepEqual(again.active?.[element], detail, 'with the same job detail');
    assert.equal(r.engine.jobs().find((j) => j.key === run.key)?.pendingAction, undefined, 'starting ends with the poll that brought the run');
  } finally {
    await r.close();
  }
});
