import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '../../shared/domain.ts';
import {
  createHistoryCursors,
  HISTORY_CURSOR_IDLE_MS,
  HISTORY_PAGE_MAX,
  splitForSnapshot,
  splitWindowJobs,
  windowJobsOf,
  type HistoryPage,
} from '../../electron/core/snapshot-history.ts';

function job(i: number, finished: boolean): Job {
  const j = { key: `c:${i}`, phase: finished ? 'finished' : 'running' } as Job;
  if (finished) j.endDate = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return j;
}

test('the snapshot carries every unfinished job and only the newest finished ones; the rest is pulled newest first', () => {
  const jobs: Job[] = [];
  for (let i = 0; i < 12_000; i++) jobs.push(job(i, i % 100 !== 0));
  const { head, rest } = splitWindowJobs(windowJobsOf(jobs), 1000);
  assert.equal(head.filter((j) => j.phase !== 'finished').length, 120);
  assert.equal(head.filter((j) => j.phase === 'finished').length, 1000);
  assert.equal(rest.length, 12_000 - 120 - 1000);
  const cursors = createHistoryCursors();
  const owner = {};
  const cursor = cursors.open(rest, owner);
  const pages: HistoryPage[] = [];
  for (let p = cursors.next(cursor, 5000, owner); ; p = cursors.next(cursor, 5000, owner)) {
    pages.push(p);
    if (p.remaining === 0) break;
  }
  assert.deepEqual(
    pages.map((p) => [p.jobs.length, p.remaining]),
    [
      [5000, 5880],
      [5000, 880],
      [880, 0],
    ],
  );
  const pulled = pages.flatMap((p) => p.jobs);
  const oldestHead = Math.min(...head.filter((j) => j.phase === 'finished').map((j) => Date.parse(j.endDate!)));
  for (let i = 1; i < pulled.length; i++) assert.ok(Date.parse(pulled[i - 1]!.endDate!) > Date.parse(pulled[i]!.endDate!));
  assert.ok(Date.parse(pulled[0]!.endDate!) < oldestHead);
  assert.equal(new Set([...head, ...pulled].map((j) => j.key)).size, 12_000);
  assert.equal(cursors.size(), 0, 'a cursor pulled to its end is let go');
  assert.deepEqual(cursors.next(cursor, 5000, owner), { jobs: [], remaining: 0 });
});

test('a short history goes whole into the snapshot; a cursor of another engine or an unknown one gives nothing', () => {
  const jobs = [job(1, true), job(2, false)];
  assert.deepEqual(splitForSnapshot(jobs, 1000), { head: jobs, rest: [] });
  const cursors = createHistoryCursors();
  const before = {};
  const cursor = cursors.open(splitWindowJobs(windowJobsOf([job(3, true), job(4, true)]), 0).rest, before);
  // The account changed: the new engine is not the one the cursor came from.
  assert.deepEqual(cursors.next(cursor, 10, {}), { jobs: [], remaining: 0 });
  assert.deepEqual(cursors.next(cursor, 10, before), { jobs: [], remaining: 0 }, 'and the cursor is gone');
  assert.deepEqual(cursors.next('h999', 10, before), { jobs: [], remaining: 0 });
});

test('a page skips jobs gone from the board, keeps its place, and is never larger than the largest page', () => {
  const gone = new Set(['c:1']);
  const keys = Array.from({ length: 7000 }, (_, i) => `c:${i}`);
  const list = { keys, at: keys.map((_, i) => -i), load: (k: string) => (gone.has(k) ? undefined : job(Number(k.slice(2)), true)) };
  const cursors = createHistoryCursors();
  const cursor = cursors.open(splitWindowJobs({ live: [], finished: [list] }, 0).rest, null);
  const first = cursors.next(cursor, 3, null);
  assert.deepEqual(
    first.jobs.map((j) => j.key),
    ['c:0', 'c:2'],
  );
  assert.equal(first.remaining, 6997);
  const big = cursors.next(cursor, 1_000_000, null);
  assert.equal(big.jobs.length, HISTORY_PAGE_MAX);
  assert.equal(big.jobs[0]!.key, 'c:3');
});

test('finished jobs of several engines come newest first across them, each loaded from its own engine', () => {
  const list = (name: string, at: number[]) => ({ keys: at.map((_, i) => `${name}:${i}`), at, load: (k: string) => ({ key: `${name}/${k}` }) as Job });
  const { head, rest } = splitWindowJobs({ live: [], finished: [list('a', [5, 1, 9]), list('b', [7, 3])] }, 2);
  assert.deepEqual(
    head.map((j) => j.key),
    ['a/a:2', 'b/b:0'],
  );
  assert.deepEqual(
    Array.from({ length: rest.length }, (_, i) => rest.load(i)!.key),
    ['a/a:0', 'b/b:1', 'a/a:1'],
  );
});

test('a cursor not pulled from for five minutes is let go (its window closed half-way)', () => {
  let t = 0;
  const cursors = createHistoryCursors(8, () => t);
  const rest = () => splitWindowJobs(windowJobsOf([job(1, true), job(2, true)]), 0).rest;
  const kept = cursors.open(rest(), null);
  const left = cursors.open(rest(), null);
  assert.equal(cursors.next(kept, 1, null).remaining, 1);
  t += HISTORY_CURSOR_IDLE_MS - 1;
  assert.equal(cursors.next(kept, 1, null).jobs.length, 1, 'pulled from in time');
  t += 2;
  assert.deepEqual(cursors.next(left, 1, null), { jobs: [], remaining: 0 });
  assert.equal(cursors.size(), 0);
});

test('only the newest cursors are kept: a window that opened long ago and never pulled lets its go', () => {
  const cursors = createHistoryCursors(2);
  const refs = splitWindowJobs(windowJobsOf([job(1, true)]), 0).rest;
  const a = cursors.open(refs, null);
  const b = cursors.open(refs, null);
  const c = cursors.open(refs, null);
  assert.equal(cursors.size(), 2);
  assert.equal(cursors.next(a, 10, null).jobs.length, 0);
  assert.equal(cursors.next(b, 10, null).jobs.length, 1);
  assert.equal(cursors.next(c, 10, null).jobs.length, 1);
});

test('only the jobs being sent are materialized: the newest for the snapshot, then one page at a time', () => {
  let loaded = 0;
  const keys = Array.from({ length: 5000 }, (_, i) => `c:${i}`);
  const finished = {
    keys,
    at: keys.map((_, i) => i),
    load: (k: string) => {
      loaded++;
      return job(Number(k.slice(2)), true);
    },
  };
  const { head, rest } = splitWindowJobs({ live: [job(-1, false)], finished: [finished] }, 100);
  assert.equal(loaded, 100);
  assert.deepEqual(
    head.map((j) => j.key),
    ['c:-1', ...Array.from({ length: 100 }, (_, i) => `c:${4999 - i}`)],
  );
  const cursors = createHistoryCursors();
  const cursor = cursors.open(rest, null);
  assert.equal(loaded, 100, 'opening a cursor loads nothing');
  const sizes: number[] = [];
  for (let remaining = 1; remaining > 0;) {
    const p = cursors.next(cursor, 1000, null);
    sizes.push(p.jobs.length, loaded);
    remaining = p.remaining;
  }
  assert.deepEqual(sizes, [1000, 1100, 1000, 2100, 1000, 3100, 1000, 4100, 900, 5000]);
});
