import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '../../shared/domain.ts';
import { splitForSnapshot, splitWindowJobs, streamHistory } from '../../electron/core/snapshot-history.ts';

function job(i: number, finished: boolean): Job {
  const j = { key: `c:${i}`, phase: finished ? 'finished' : 'running' } as Job;
  if (finished) j.endDate = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return j;
}

test('the snapshot carries every unfinished job and only the newest finished ones; the rest stream newest first', async () => {
  const jobs: Job[] = [];
  for (let i = 0; i < 12_000; i++) jobs.push(job(i, i % 100 !== 0));
  const { head, rest } = splitForSnapshot(jobs, 1000);
  assert.equal(head.filter((j) => j.phase !== 'finished').length, 120);
  assert.equal(head.filter((j) => j.phase === 'finished').length, 1000);
  assert.equal(rest.length, 12_000 - 120 - 1000);
  const patches: Job[][] = [];
  let ticked = false;
  setImmediate(() => (ticked = true));
  await streamHistory(
    rest,
    (p) => {
      assert.equal(p.history, true);
      patches.push(p.upsert);
    },
    () => false,
    5000,
  );
  assert.ok(ticked, 'chunks yield to the event loop');
  assert.deepEqual(
    patches.map((p) => p.length),
    [5000, 5000, 880],
  );
  const streamed = patches.flat();
  const newestHead = Math.min(...head.filter((j) => j.phase === 'finished').map((j) => Date.parse(j.endDate!)));
  for (let i = 1; i < streamed.length; i++) assert.ok(Date.parse(streamed[i - 1]!.endDate!) > Date.parse(streamed[i]!.endDate!));
  assert.ok(Date.parse(streamed[0]!.endDate!) < newestHead);
  assert.equal(new Set([...head, ...streamed].map((j) => j.key)).size, 12_000);
});

test('a short history goes whole into the snapshot; a stale stream stops', async () => {
  const jobs = [job(1, true), job(2, false)];
  assert.deepEqual(splitForSnapshot(jobs, 1000), { head: jobs, rest: [] });
  let n = 0;
  await streamHistory(
    [job(3, true), job(4, true)],
    () => n++,
    () => true,
    1,
  );
  assert.equal(n, 0);
});

test('only the jobs being sent are materialized: the newest for the snapshot, then one chunk at a time', async () => {
  let loaded = 0;
  const finished = Array.from({ length: 5000 }, (_, i) => ({
    at: i,
    load: () => {
      loaded++;
      return job(i, true);
    },
  }));
  const { head, rest } = splitWindowJobs({ live: [job(-1, false)], finished }, 100);
  assert.equal(loaded, 100);
  assert.deepEqual(
    head.map((j) => j.key),
    ['c:-1', ...Array.from({ length: 100 }, (_, i) => `c:${4999 - i}`)],
  );
  const sizes: number[] = [];
  await streamHistory(
    rest,
    (p) => sizes.push(p.upsert.length, loaded),
    () => false,
    1000,
  );
  assert.deepEqual(sizes, [1000, 1100, 1000, 2100, 1000, 3100, 1000, 4100, 900, 5000]);
});
