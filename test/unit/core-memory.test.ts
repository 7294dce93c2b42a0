// Memory given back after a big one-off load (electron/core/memory.ts): the engine asks V8
// once, after a backfill or restore of many rows has ended, never after small ones; the
// request works without --expose-gc and shrinks the young generation V8 grew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine } from '../../electron/core/engine.ts';
import { BULK_CHANGE_JOBS, BULK_LOAD_ROWS, RELEASE_DELAY_MS, RELEASE_INTERVAL_MS, createMemoryRelease, reduceMemory } from '../../electron/core/memory.ts';
import { createManualClock } from '../../electron/clock.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { fakeApi, log, settle } from './core-fake.ts';

test('one release, the delay after the last big load; none for small loads or after stop', () => {
  const clock = createManualClock();
  let released = 0;
  const m = createMemoryRelease(clock, () => released++);
  m.loaded(BULK_LOAD_ROWS - 1);
  clock.advance(RELEASE_DELAY_MS * 2);
  assert.equal(released, 0, 'a small load is not worth a full GC');
  m.loaded(BULK_LOAD_ROWS);
  clock.advance(RELEASE_DELAY_MS - 1);
  m.loaded(BULK_LOAD_ROWS * 3); // another company's backfill ends: one release for both
  clock.advance(RELEASE_DELAY_MS - 1);
  assert.equal(released, 0);
  clock.advance(1);
  assert.equal(released, 1);
  clock.advance(RELEASE_DELAY_MS * 5);
  assert.equal(released, 1, 'once');
  m.loaded(BULK_LOAD_ROWS);
  m.stop();
  clock.advance(RELEASE_DELAY_MS * 2);
  assert.equal(released, 1, 'stop cancels a pending release');
});

test('a poll that changes thousands of jobs is released too, at most once a minute; a big load does not wait for that', () => {
  const clock = createManualClock();
  const at: number[] = [];
  const m = createMemoryRelease(clock, () => at.push(clock.now()));
  m.changed(BULK_CHANGE_JOBS - 1);
  clock.advance(RELEASE_DELAY_MS * 2);
  assert.deepEqual(at, [], 'a few changes are not worth a full GC');
  const t0 = clock.now();
  m.changed(BULK_CHANGE_JOBS);
  clock.advance(RELEASE_DELAY_MS);
  assert.deepEqual(at, [t0 + RELEASE_DELAY_MS], 'the first burst: released after the quiet time');
  // The board stays busy: a burst every 5 s. The next release waits for the minute to pass.
  for (let i = 0; i < 30; i++) {
    m.changed(BULK_CHANGE_JOBS * 5);
    clock.advance(5000);
  }
  assert.equal(at.length, 3, `one a minute while busy: ${at.map((t) => t - t0).join(', ')}`);
  assert.ok(at[1]! - at[0]! >= RELEASE_INTERVAL_MS && at[2]! - at[1]! >= RELEASE_INTERVAL_MS);
  // A backfill that ends now is released after its quiet time, not a minute after the last release.
  const t1 = clock.now();
  m.changed(BULK_CHANGE_JOBS);
  m.loaded(BULK_LOAD_ROWS);
  clock.advance(RELEASE_DELAY_MS);
  assert.equal(at.at(-1), t1 + RELEASE_DELAY_MS);
  m.stop();
});

/** The engine on a fake API and a manual clock, its memory release counted by `releaseMemory`. */
function engineOn(api: ReturnType<typeof fakeApi>, clock: ReturnType<typeof createManualClock>, releaseMemory: () => unknown) {
  return createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5, releaseMemory });
}

async function releasesAfterBackfill(rows: number): Promise<number> {
  const clock = createManualClock(Date.parse('2024-05-02T09:30:00.000Z'));
  const api = fakeApi();
  const start = Date.parse('2024-05-02T09:00:00.000Z');
  api.logs = Array.from({ length: rows }, (_, i) =>
    log(`j|${i}`, { startDate: new Date(start - i * 1000).toISOString(), endDate: new Date(start - i * 1000 + 500).toISOString() }),
  );
  let released = 0;
  const engine = engineOn(api, clock, () => released++);
  engine.start();
  await settle(40);
  for (let i = 0; i < 10; i++) {
    clock.advance(1000);
    await settle(20);
  }
  assert.ok(api.logQueries.length >= 2, 'the backfill ran behind the first poll');
  await engine.stop();
  return released;
}

test('the engine asks once after a backfill of many rows, not after a small one', async () => {
  assert.equal(await releasesAfterBackfill(BULK_LOAD_ROWS + 500), 1);
  assert.equal(await releasesAfterBackfill(1500), 0);
});

test('the request works without --expose-gc and shrinks the young generation', () => {
  const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  const keep: unknown[][] = [];
  for (let r = 0; r < 12 && newSpace() <= 16 * 1048576; r++) {
    keep.push(Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` })));
    if (keep.length > 3) keep.shift();
  }
  const grown = newSpace();
  assert.ok(grown > 16 * 1048576, `the young generation grew: ${(grown / 1048576).toFixed(0)} MiB`);
  keep.length = 0;
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'this process has no gc of its own');
  assert.equal(reduceMemory(), true);
  assert.ok(newSpace() < grown / 2, `young generation ${(grown / 1048576).toFixed(0)} → ${(newSpace() / 1048576).toFixed(0)} MiB`);
});

test('a page of logs is not kept once the engine has merged it', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const clock = createManualClock(Date.parse('2024-05-02T09:30:00.000Z'));
  const api = fakeApi();
  const start = Date.parse('2024-05-02T09:00:00.000Z');
  const pages: WeakRef<object>[] = [];
  api.getJobLogs = async (q) => {
    api.logQueries.push(q);
    // A new array of new records per answer, as a parse makes them.
    const page = Array.from({ length: 50 }, (_, i) => log(`j|${api.logQueries.length}|${i}`, { startDate: new Date(start - i * 1000).toISOString() }));
    pages.push(new WeakRef(page));
    return page;
  };
  const engine = engineOn(api, clock, () => 0);
  engine.start();
  await settle(40);
  assert.ok(pages.length >= 1 && engine.jobs().length >= 50, 'the logs were read and merged');
  gc();
  await settle(2);
  gc();
  assert.deepEqual(
    pages.map((p) => p.deref() === undefined),
    pages.map(() => true),
    'every page was collected',
  );
  await engine.stop();
});
