// Run again: the bounded store of submit specs, the shared refusal rule, and the engine
// action (submitJob with the recorded detail under a new name, the finished job marked
// `starting` until the poll that follows; refused in words before any IPS call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rerunRefusal } from '../../shared/job-actions.ts';
import { jobKey, type DetailRecord } from '../../shared/domain.ts';
import { createJobActions } from '../../electron/core/engine-actions.ts';
import { createJobSpecs } from '../../electron/core/job-specs.ts';
import { applySnapshot, createBoard } from '../../electron/core/board.ts';
import type { SubmitJobRequest } from '../../electron/ips/client.ts';
import { active, fakeApi, handCycles, log, CO } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:10:00.000Z');
const publish: DetailRecord = { publishType: 'Full', emailSetting: 'None' };

test('job specs: recorded once from a listed job with a detail element, the least recent dropped past the bound', () => {
  const specs = createJobSpecs(3);
  specs.record([active('a', { imageServingPublishJob: publish, locale: 'en-US', description: 'nightly' }), active('no-detail')]);
  assert.deepEqual(specs.get(CO, 'a'), {
    companyHandle: CO,
    name: 'job a',
    originalName: 'job a',
    type: 'UrlUpload',
    element: 'imageServingPublishJob',
    detail: publish,
    locale: 'en-US',
    description: 'nightly',
  });
  assert.equal(specs.get(CO, 'no-detail'), undefined, 'a job without a detail element has no spec');
  specs.record([active('b', { uploadDirectoryJob: {} }), active('c', { uploadDirectoryJob: {} })]);
  specs.record([active('a', { imageServingPublishJob: publish })]); // seen again: most recent now
  specs.record([active('d', { uploadDirectoryJob: {} })]);
  assert.equal(specs.size, 3, 'bounded');
  assert.equal(specs.get(CO, 'b'), undefined, 'the least recently seen went');
  assert.ok(specs.get(CO, 'a') && specs.get(CO, 'c') && specs.get(CO, 'd'));
});

test('rerunRefusal: only a finished job with a known spec; pending, HTTP POST uploads and unknown details refused', () => {
  const done = { phase: 'finished' } as const;
  assert.equal(rerunRefusal(done, 'imageServingPublishJob'), undefined);
  assert.equal(rerunRefusal(done, 'uploadUrlsJob'), undefined, 'IPS fetches the URLs again');
  for (const phase of ['scheduled', 'queued', 'running', 'paused', 'stopping'] as const)
    assert.equal(rerunRefusal({ phase }, 'exportJob'), 'not-finished', phase);
  assert.equal(rerunRefusal({ ...done, pendingAction: 'starting' }, 'exportJob'), 'pending');
  assert.equal(rerunRefusal({ ...done, detailElement: 'uploadPostJob' }, undefined), 'upload-post');
  assert.equal(rerunRefusal(done, 'uploadPostJob'), 'upload-post');
  assert.equal(rerunRefusal(done, undefined), 'no-spec');
});

function rig() {
  const submitted: SubmitJobRequest[] = [];
  let fail: Error | undefined;
  const api = Object.assign(fakeApi(), {
    submitJob: async (q: SubmitJobRequest) => {
      submitted.push(q);
      if (fail) throw fail;
      return 'j|new|';
    },
  });
  const board = createBoard();
  const opts = { now: T0, finishWaitMs: 120_000, pendingTimeoutMs: 120_000 };
  const specs = createJobSpecs();
  const seen = [active('pub', { imageServingPublishJob: publish, locale: 'de-DE' }), active('post', { type: 'UploadPost', uploadPostJob: {} })];
  specs.record(seen);
  applySnapshot(board, { companyHandle: CO, active: seen, scheduled: [], logs: [] }, { ...opts, now: T0 - 60_000 });
  applySnapshot(board, { companyHandle: CO, active: [], scheduled: [], logs: [log('pub'), log('post'), log('old')] }, opts);
  const hand = handCycles();
  const actions = createJobActions({ api, board, specs, now: () => T0, publish: () => undefined, ...hand.deps });
  const pending = (h: string) => board.jobs.get(jobKey(CO, h))?.pendingAction;
  return { actions, submitted, polled: hand.polled, pending, cycle: hand.cycle, board, failWith: (e: Error) => (fail = e) };
}

test('rerun: submitJob with the same detail under a new unique name, starting until the next poll', async () => {
  const r = rig();
  assert.equal(r.board.jobs.get(jobKey(CO, 'pub'))?.phase, 'finished');
  const done = r.actions.rerun({ companyHandle: CO, jobHandle: 'pub' });
  assert.equal(r.pending('pub'), 'starting', 'marked before IPS answers');
  const res = await done;
  assert.ok(res.ok && res.value.jobHandle === 'j|new|', JSON.stringify(res));
  assert.equal(r.submitted.length, 1);
  const q = r.submitted[0]!;
  assert.deepEqual(q.imageServingPublishJob, publish, 'the same job detail');
  assert.equal(q.locale, 'de-DE');
  assert.match(q.jobName, /^job pub-20240502T091000Z-[0-9a-z]{4}$/, 'a new name from the original one');
  assert.ok(res.ok && res.value.jobName === q.jobName);
  assert.deepEqual(r.polled, [CO]);
  r.cycle();
  assert.equal(r.pending('pub'), undefined, 'the poll after the call ends starting');
});

test('rerun refused in words before IPS: unknown detail, an HTTP POST upload, an unknown job; a fault clears the mark', async () => {
  const r = rig();
  const message = async (h: string) => {
    const res = await r.actions.rerun({ companyHandle: CO, jobHandle: h });
    assert.ok(!res.ok && res.error.kind === 'usage', JSON.stringify(res));
    return res.error.message;
  };
  assert.match(await message('old'), /detail is not known here/);
  assert.match(await message('post'), /upload them again/);
  assert.match(await message('never-seen'), /detail is not known here/);
  assert.equal(r.submitted.length, 0, 'IPS was not called');
  r.failWith(new Error('socket hang up'));
  const res = await r.actions.rerun({ companyHandle: CO, jobHandle: 'pub' });
  assert.equal(res.ok, false);
  assert.equal(r.pending('pub'), undefined, 'no mark left after a failure');
});
