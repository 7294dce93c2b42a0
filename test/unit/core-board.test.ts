import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySnapshot, createBoard, setPending, stalledJobs, pruneFinished, restoreJobs, type CompanySnapshot } from '../../electron/core/board.ts';
import { jobKey, type ActiveJob, type JobLog, type ScheduledJob } from '../../shared/domain.ts';
import { active, log, scheduled, CO } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');
const opts = (now: number) => ({ now, finishWaitMs: 120_000, pendingTimeoutMs: 120_000 });
const snap = (a: ActiveJob[] = [], s: ScheduledJob[] = [], l: JobLog[] = []): CompanySnapshot => ({ companyHandle: CO, active: a, scheduled: s, logs: l });
const names = (d: { events: { event: string }[] }) => d.events.map((e) => e.event);

test('a job lives scheduled → queued → running → finished with one event per change', () => {
  const b = createBoard();
  let d = applySnapshot(b, snap([], [scheduled('s1')]), opts(T0));
  assert.deepEqual(names(d), ['job-scheduled']);
  assert.equal(d.upsert[0]!.phase, 'scheduled');
  // The one-off trigger fires: scheduled entry gone, run with another handle queued.
  d = applySnapshot(b, snap([active('r1', { state: 'WaitingCoordinator', progress: 0 })]), opts(T0 + 10_000));
  assert.deepEqual(names(d).sort(), ['job-removed', 'job-updated']);
  assert.equal(b.jobs.get(jobKey(CO, 'r1'))!.phase, 'queued');
  d = applySnapshot(b, snap([active('r1', { progress: 20 })]), opts(T0 + 20_000));
  assert.deepEqual(names(d), ['job-started']);
  d = applySnapshot(b, snap([active('r1', { progress: 40, lastProgressUpdate: '2024-05-02T09:00:25.000Z' })]), opts(T0 + 30_000));
  assert.deepEqual(names(d), ['job-progress']);
  assert.equal(d.upsert[0]!.progress, 40);
  d = applySnapshot(b, snap([active('r1', { progress: 40, lastProgressUpdate: '2024-05-02T09:00:25.000Z' })]), opts(T0 + 40_000));
  assert.deepEqual(names(d), [], 'no change, no event, no patch');
  assert.deepEqual(d.upsert, []);
  d = applySnapshot(b, snap([], [], [log('r1', { fileWarningCount: 2 })]), opts(T0 + 50_000));
  assert.deepEqual(names(d), ['job-finished']);
  assert.equal(d.events[0]!.event === 'job-finished' && d.events[0]!.outcome, 'warning');
  const j = b.jobs.get(jobKey(CO, 'r1'))!;
  assert.equal(j.phase, 'finished');
  assert.equal(j.endDate, '2024-05-02T09:01:00.000Z');
  assert.equal(j.progress, undefined);
  // The same log again: nothing.
  assert.deepEqual(names(applySnapshot(b, snap([], [], [log('r1', { fileWarningCount: 2 })]), opts(T0 + 60_000))), []);
});

test('each outcome', () => {
  const cases: [Partial<JobLog>, string][] = [
    [{}, 'success'],
    [{ fileWarningCount: 1 }, 'warning'],
    [{ fileErrorCount: 1 }, 'error'],
    [{ fatalError: true }, 'error'],
  ];
  for (const [over, want] of cases) {
    const b = createBoard();
    applySnapshot(b, snap([active('r')]), opts(T0));
    const d = applySnapshot(b, snap([], [], [log('r', over)]), opts(T0 + 1000));
    assert.equal(d.events[0]!.event === 'job-finished' && d.events[0]!.outcome, want);
  }
  // Stopping seen → stopped.
  const b = createBoard();
  applySnapshot(b, snap([active('r', { state: 'Stopping' })]), opts(T0));
  const d = applySnapshot(b, snap([], [], [log('r', { fileErrorCount: 1 })]), opts(T0 + 1000));
  assert.equal(d.events[0]!.event === 'job-finished' && d.events[0]!.outcome, 'stopped');
});

test('a job that leaves the active list before its log ends waits as finishing, then finishes from what is known', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('r', { progress: 90 })], [], [log('r', { endDate: undefined, fileErrorCount: 1 })]), opts(T0));
  let d = applySnapshot(b, snap([], [], [log('r', { endDate: undefined, fileErrorCount: 1 })]), opts(T0 + 10_000));
  assert.deepEqual(names(d), ['job-updated']);
  const j = b.jobs.get(jobKey(CO, 'r'))!;
  assert.equal(j.phase, 'running');
  assert.equal(j.finishingSince, '2024-05-02T09:00:10.000Z');
  d = applySnapshot(b, snap([], [], []), opts(T0 + 60_000));
  assert.deepEqual(names(d), []);
  d = applySnapshot(b, snap([], [], []), opts(T0 + 130_001));
  assert.deepEqual(names(d), ['job-finished']);
  assert.equal(d.events[0]!.event === 'job-finished' && d.events[0]!.outcome, 'error', 'from the counts known so far');
  // The late log still arrives: updated, not finished twice.
  d = applySnapshot(b, snap([], [], [log('r', { fileErrorCount: 1 })]), opts(T0 + 140_000));
  assert.deepEqual(names(d), ['job-updated']);
});

test('the log arrives while finishing: finished at once', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('r')]), opts(T0));
  applySnapshot(b, snap([]), opts(T0 + 10_000));
  const d = applySnapshot(b, snap([], [], [log('r')]), opts(T0 + 20_000));
  assert.deepEqual(names(d), ['job-finished']);
  assert.equal(d.upsert[0]!.finishingSince, undefined);
});

test('a log for a job never seen active is finished directly; an unfinished one is ignored', () => {
  const b = createBoard();
  const d = applySnapshot(b, snap([], [], [log('x'), log('y', { endDate: undefined })]), opts(T0));
  assert.deepEqual(names(d), ['job-finished']);
  assert.equal(b.jobs.size, 1);
});

test('Done state with a finished log finishes; Done without a log is finishing', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('r')]), opts(T0));
  applySnapshot(b, snap([active('r', { state: 'Done' })]), opts(T0 + 5000));
  assert.equal(b.jobs.get(jobKey(CO, 'r'))!.phase, 'running');
  assert.ok(b.jobs.get(jobKey(CO, 'r'))!.finishingSince);
  const d = applySnapshot(b, snap([active('r', { state: 'Done' })], [], [log('r')]), opts(T0 + 10_000));
  assert.deepEqual(names(d), ['job-finished']);
});

test('a log under another handle matches the run by original name and start', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('run-1', { originalName: 'nightly' })]), opts(T0));
  applySnapshot(b, snap([]), opts(T0 + 5000));
  const d = applySnapshot(b, snap([], [], [log('log-1', { originalJobName: 'nightly', startDate: '2024-05-02T08:59:30.000Z' })]), opts(T0 + 10_000));
  assert.deepEqual(names(d), ['job-finished']);
  assert.equal(d.upsert[0]!.key, jobKey(CO, 'run-1'));
  assert.equal(b.jobs.size, 1);
});

test('paused: scheduled trigger Paused and an active job whose message says Paused', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('r')], [scheduled('s')]), opts(T0));
  const d = applySnapshot(b, snap([active('r', { progressMessage: 'Paused' })], [scheduled('s', { triggerState: 'Paused' })]), opts(T0 + 1000));
  assert.deepEqual(names(d), ['job-updated', 'job-updated']);
  assert.equal(b.jobs.get(jobKey(CO, 's'))!.phase, 'paused');
  assert.equal(b.jobs.get(jobKey(CO, 'r'))!.phase, 'paused');
});

test('pending action shows at once and clears when IPS shows the effect (or times out)', () => {
  const b = createBoard();
  applySnapshot(b, snap([active('r')], [scheduled('s')]), opts(T0));
  const p = setPending(b, jobKey(CO, 'r'), 'stopping', T0 + 1)!;
  assert.equal(p.upsert[0]!.pendingAction, 'stopping');
  applySnapshot(b, snap([active('r')], [scheduled('s')]), opts(T0 + 5000));
  assert.equal(b.jobs.get(jobKey(CO, 'r'))!.pendingAction, 'stopping', 'not yet visible');
  let d = applySnapshot(b, snap([active('r', { state: 'Stopping' })], [scheduled('s')]), opts(T0 + 10_000));
  assert.equal(d.upsert[0]!.pendingAction, undefined);
  assert.equal(d.upsert[0]!.phase, 'stopping');
  setPending(b, jobKey(CO, 's'), 'pausing', T0 + 10_000);
  applySnapshot(b, snap([active('r', { state: 'Stopping' })], [scheduled('s')]), opts(T0 + 200_000));
  assert.equal(b.jobs.get(jobKey(CO, 's'))!.pendingAction, undefined, 'timed out');
  // A user stop makes the outcome "stopped".
  d = applySnapshot(b, snap([], [scheduled('s')], [log('r', { fileErrorCount: 2 })]), opts(T0 + 210_000));
  assert.equal(
    d.events.find((e) => e.event === 'job-finished')?.event === 'job-finished' &&
      (d.events.find((e) => e.event === 'job-finished') as { outcome: string }).outcome,
    'stopped',
  );
  assert.equal(setPending(b, jobKey(CO, 'nope'), 'stopping', T0), undefined);
});

test('deleting a scheduled job: removed when IPS drops it', () => {
  const b = createBoard();
  applySnapshot(b, snap([], [scheduled('s')]), opts(T0));
  setPending(b, jobKey(CO, 's'), 'deleting', T0);
  const d = applySnapshot(b, snap([], []), opts(T0 + 1000));
  assert.deepEqual(names(d), ['job-removed']);
  assert.deepEqual(d.remove, [jobKey(CO, 's')]);
});

test('stall is measured on server timestamps; clock skew does not matter', () => {
  for (const skewMs of [0, 3 * 3600_000, -3 * 3600_000]) {
    const b = createBoard();
    const srv = (ms: number) => new Date(T0 + skewMs + ms).toISOString();
    // Job A progressed 20 minutes ago (server time), job B just now.
    const a = active('a', { startDate: srv(-30 * 60_000), lastProgressUpdate: srv(-20 * 60_000) });
    const bb = active('b', { startDate: srv(-30 * 60_000), lastProgressUpdate: srv(-1000), progress: 50 });
    applySnapshot(b, snap([a, bb]), opts(T0));
    const stalled = stalledJobs(b, T0, 15 * 60_000).map((j) => j.jobHandle);
    assert.deepEqual(stalled, ['a'], `skew ${skewMs}`);
  }
  // A single running job seen for the first time: no stall until we observe none for 15 min.
  const b = createBoard();
  applySnapshot(b, snap([active('a', { lastProgressUpdate: '2020-01-01T00:00:00.000Z', startDate: '2020-01-01T00:00:00.000Z' })]), opts(T0));
  assert.equal(stalledJobs(b, T0, 15 * 60_000).length, 0, 'server reference equals its own timestamp');
  applySnapshot(b, snap([active('a', { lastProgressUpdate: '2020-01-01T00:00:00.000Z', startDate: '2020-01-01T00:00:00.000Z' })]), opts(T0 + 16 * 60_000));
  assert.equal(stalledJobs(b, T0 + 16 * 60_000, 15 * 60_000).length, 1);
});

test('history: restore finished jobs only; prune by age and count', () => {
  const b = createBoard();
  applySnapshot(b, snap([], [], [log('old', { endDate: '2024-03-01T00:00:00.000Z' }), log('new')]), opts(T0));
  const restored = restoreJobs(createBoard(), [...b.jobs.values(), { ...b.jobs.get(jobKey(CO, 'new'))!, key: 'x', phase: 'running' }]);
  assert.equal(restored.length, 2);
  const d = pruneFinished(b, T0, 30, 10);
  assert.deepEqual(d.remove, [jobKey(CO, 'old')]);
  assert.deepEqual(names(d), ['job-removed']);
});

test('a queued job that waits is announced once, however often its queue state, message or timestamp moves', () => {
  const b = createBoard();
  const queued = (state: string, msg: string, lpu: string) => active('q', { state, progress: 0, progressMessage: msg, lastProgressUpdate: lpu });
  const inLog = log('q', { endDate: undefined, fileSuccessCount: 0 });
  let d = applySnapshot(b, snap([queued('New', 'Queued', '2024-05-02T09:00:00.000Z')], [], [inLog]), opts(T0));
  assert.deepEqual(names(d), ['job-updated']);
  assert.equal(d.upsert[0]!.phase, 'queued');
  // Poll after poll: New → WaitingCoordinator, a new message, lastProgressUpdate touched each time.
  for (let i = 1; i <= 5; i++) {
    const at = new Date(T0 + i * 10_000).toISOString();
    d = applySnapshot(
      b,
      snap([queued(i < 3 ? 'New' : 'WaitingCoordinator', i < 3 ? 'Queued' : 'Waiting for coordinator', at)], [], [inLog]),
      opts(T0 + i * 10_000),
    );
    assert.deepEqual(names(d), [], `poll ${i}: nothing a user sees changed`);
    // The record itself stays current (the window shows what IPS says).
    assert.deepEqual(
      d.upsert.map((j) => j.active?.lastProgressUpdate),
      [at],
    );
  }
  assert.equal(b.jobs.get(jobKey(CO, 'q'))!.active?.state, 'WaitingCoordinator');
  // The identical record again: no event and no patch.
  const same = queued('WaitingCoordinator', 'Waiting for coordinator', new Date(T0 + 50_000).toISOString());
  d = applySnapshot(b, snap([same], [], [inLog]), opts(T0 + 60_000));
  assert.deepEqual(names(d), []);
  assert.deepEqual(d.upsert, []);
  // What a user does see still counts: a pending action, then the start.
  assert.deepEqual(names(setPending(b, jobKey(CO, 'q'), 'pausing', T0 + 61_000)!), ['job-updated']);
  setPending(b, jobKey(CO, 'q'), undefined, T0 + 62_000);
  d = applySnapshot(b, snap([active('q', { progress: 5 })], [], [inLog]), opts(T0 + 70_000));
  assert.deepEqual(names(d), ['job-started']);
});
