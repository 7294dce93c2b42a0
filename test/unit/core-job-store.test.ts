// The board's store: finished jobs kept as compact rows come back as the same Job (minus
// their last active and scheduled records), whatever odd values they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobStore } from '../../electron/core/job-store.ts';
import { HistoryTable } from '../../electron/core/history-table.ts';
import { jobKey, type Job } from '../../shared/domain.ts';
import { CO, log } from './core-fake.ts';

function finished(i: number, extra: Partial<Job> = {}): Job {
  const l = log(`h${i}`, { jobName: `job-${i}`, endDate: '2024-05-02T06:01:00.000Z', fileSuccessCount: i });
  return {
    key: jobKey(CO, `h${i}`),
    companyHandle: CO,
    jobHandle: `h${i}`,
    name: `job-${i}`,
    originalName: `job-${i}`,
    type: 'ImageServingPublish',
    submitUserEmail: 'me@example.com',
    phase: 'finished',
    outcome: 'success',
    startDate: l.startDate!,
    endDate: '2024-05-02T06:01:00.000Z',
    log: l,
    firstSeen: '2024-05-02T06:00:00.000Z',
    updatedAt: '2024-05-02T06:01:00.000Z',
    ...extra,
  };
}

test('a finished job comes back equal, without its last active and scheduled records', () => {
  const s = new JobStore();
  const j = finished(1, {
    active: { companyHandle: CO, jobHandle: 'h1', name: 'job-1', originalName: 'job-1', type: 'x', state: 'Done', taskProgressArray: [] },
  });
  s.set(j.key, j);
  const { active: _a, ...rest } = j;
  assert.deepEqual(s.get(j.key), rest);
  assert.equal(s.size, 1);
  assert.deepEqual([...s.keys()], [j.key]);
  assert.equal(s.keyOf(jobKey(CO, 'h1')), j.key);
});

test('odd values are kept as they came: dates that are not canonical, big or fractional counts, fields other modules add', () => {
  const s = new JobStore();
  const j = finished(2, {
    startDate: '2024-05-02T06:00:00Z',
    originalName: 'other name',
    detailElement: 'uploadUrlsJob',
    ...({ destination: 'folder/a', account: 'Prod' } as object),
  });
  j.log = { ...j.log!, fileSuccessCount: 70_000, fileErrorCount: 1.5, totalFileCount: -1, fatalError: true, description: 'd', jobHandle: 'other|handle' };
  s.set(j.key, j);
  assert.deepEqual(s.get(j.key), j);
});

test('rows are reused after delete; a job that leaves the finished phase is an object again', () => {
  const s = new JobStore();
  for (let i = 0; i < 3000; i++) s.set(finished(i).key, finished(i));
  for (let i = 0; i < 1000; i++) assert.ok(s.delete(finished(i).key));
  for (let i = 3000; i < 4000; i++) s.set(finished(i).key, finished(i));
  assert.equal(s.size, 3000);
  assert.equal(s.get(finished(10).key), undefined);
  assert.deepEqual(s.get(finished(3500).key), finished(3500));
  assert.deepEqual(s.get(finished(1500).key), finished(1500));
  const pending = { ...finished(1500), pendingAction: 'deleting' as const };
  s.set(pending.key, pending);
  assert.equal(s.get(pending.key), pending);
  assert.equal(s.size, 3000);
  assert.equal([...s.values()].length, 3000);
});

test('a column that turns odd after thousands of alike rows keeps the rows before it, across chunks', () => {
  const s = new JobStore();
  const jobs: Job[] = [];
  for (let i = 0; i < 9000; i++) {
    // Rows 0–4999 alike (originalName = name, no destination); then every other row differs.
    const odd = i >= 5000 && i % 2 === 0;
    const j = finished(i, odd ? { originalName: `renamed-${i}`, ...({ destination: `folder/${i}` } as object) } : {});
    if (i === 8000) j.log = { ...j.log!, fileSuccessCount: 70_000, jobName: 'another name' };
    jobs.push(j);
    s.set(j.key, j);
  }
  for (const j of jobs) assert.deepEqual(s.get(j.key), j);
});

test('trimming after a large prune keeps every row readable, and the room follows the rows held', () => {
  const t = new HistoryTable();
  const jobs = Array.from({ length: 20_000 }, (_, i) => finished(i));
  for (const j of jobs) {
    t.set(j.key, j);
    t.setAt(j.key, Date.parse(j.endDate!) + jobs.indexOf(j));
  }
  assert.ok(t.capacity >= 20_000 && t.capacity < 20_000 + 4096, `room for ${t.capacity} rows`);
  // The newest 15,000 go (they sat in the highest rows), and a few old ones in between.
  for (const j of jobs.slice(5000)) t.delete(j.key);
  for (let i = 0; i < 5000; i += 10) t.delete(jobs[i]!.key);
  t.trim();
  assert.ok(t.capacity <= 5000 + 4096, `room for ${t.capacity} rows after the trim`);
  const kept = jobs.slice(0, 5000).filter((_, i) => i % 10 !== 0);
  assert.equal(t.size, kept.length);
  for (const j of kept) {
    const { active: _a, ...rest } = j;
    assert.deepEqual(t.get(j.key), rest);
    assert.equal(t.atOf(j.key), Date.parse(j.endDate!) + jobs.indexOf(j));
  }
  // New rows fill the freed rows first, then grow again, all readable.
  const more = Array.from({ length: 3000 }, (_, i) => finished(30_000 + i));
  for (const j of more) t.set(j.key, j);
  for (const j of [...kept, ...more]) assert.deepEqual(t.get(j.key), j);
  assert.equal(t.atOf(more[0]!.key), undefined);
  assert.equal(t.size, kept.length + more.length);
});

test('a job’s notified marks follow it into its history row and out again, and stay when it leaves the board', () => {
  const s = new JobStore();
  const { outcome: _o, endDate: _e, ...rest } = finished(7);
  const running: Job = { ...rest, phase: 'running' };
  s.set(running.key, running);
  s.marks.set(running.key, 2);
  s.marks.set('not on the board', 1);
  const done = finished(7);
  s.set(done.key, done); // into the table
  assert.equal(s.marks.get(done.key), 2);
  s.marks.set(done.key, 3);
  s.set(done.key, finished(7)); // the row replaced: the marks stay
  assert.equal(s.marks.get(done.key), 3);
  const pending = { ...finished(7), pendingAction: 'deleting' as const };
  s.set(pending.key, pending); // out of the table
  assert.equal(s.marks.get(done.key), 3);
  s.set(done.key, finished(7)); // back in
  assert.deepEqual(
    new Map(s.marks.entries()),
    new Map([
      [done.key, 3],
      ['not on the board', 1],
    ]),
  );
  // A freed row does not pass its marks on; the job that left keeps them until dropped.
  assert.ok(s.delete(done.key));
  const next = finished(8);
  s.set(next.key, next);
  assert.equal(s.marks.get(next.key), undefined);
  assert.equal(s.marks.get(done.key), 3);
  assert.ok(s.marks.delete(done.key));
  assert.equal(s.marks.get(done.key), undefined);
  assert.deepEqual([...s.marks.entries()], [['not on the board', 1]]);
});
