// Idle requests: one per idle cycle (≤ 60 an hour per company at the default 60 s), a job that
// ran and finished between two polls still noticed within 2 minutes, schedules read again right
// after a known fire time, and everything read after pollNow or an action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../electron/core/engine.ts';
import { createManualClock } from '../../electron/clock.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { EngineEvent } from '../../shared/domain.ts';
import { fakeApi, log, scheduled, settle, CO } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');
const POLLS = ['getActiveJobs', 'getScheduledJobs', 'getJobLogs'];

function setup() {
  const clock = createManualClock(T0);
  const api = fakeApi();
  const engine = createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5 });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const polls = () => api.calls.filter((c) => POLLS.includes(c)).length;
  /** The lists read since call number `n`, sorted. */
  const readsSince = (n: number) =>
    api.calls
      .slice(n)
      .filter((c) => POLLS.includes(c))
      .sort();
  const step = async (ms: number) => {
    for (let left = ms; left > 0; left -= 1000) {
      clock.advance(Math.min(1000, left));
      await settle(4);
    }
  };
  /** Start the engine and let its first poll settle. */
  const start = async () => {
    engine.start();
    await settle();
  };
  return { clock, api, engine, events, polls, readsSince, step, start };
}

test('idle: at most 60 requests an hour per company (180 before)', async () => {
  const h = setup();
  h.api.scheduled = [scheduled('s', { nextFireTime: '2024-05-03T09:00:00.000Z' })];
  await h.start();
  await h.step(3600_000); // the first hour settles after start
  const before = h.polls();
  await h.step(3600_000);
  const perHour = h.polls() - before;
  assert.ok(perHour <= 60, `${perHour} requests in an idle hour`);
  assert.ok(perHour >= 55, `still polling: ${perHour}`);
  const sched = h.api.calls.slice(-perHour).filter((c) => c === 'getScheduledJobs').length;
  assert.ok(sched >= 1 && sched <= 3, `schedules re-read now and then (${sched} in the hour)`);
  await h.engine.stop();
});

test('idle: a job that ran and finished between two polls is noticed within 2 minutes', async () => {
  for (const offset of [0, 30_000, 61_000, 119_000]) {
    const h = setup();
    await h.start();
    await h.step(10 * 60_000 + offset);
    const endedAt = h.clock.now();
    h.api.logs = [log('quick', { startDate: new Date(endedAt - 20_000).toISOString(), endDate: new Date(endedAt).toISOString() })];
    let noticed: number | undefined;
    h.engine.onEvent((e) => {
      if (e.event === 'job-finished' && e.job.jobHandle === 'quick') noticed ??= h.clock.now();
    });
    await h.step(150_000);
    assert.ok(noticed !== undefined, 'noticed');
    assert.ok(noticed - endedAt <= 120_000, `noticed after ${(noticed - endedAt) / 1000} s`);
    await h.engine.stop();
  }
});

test("idle: schedules, logs and the active list are read right after a schedule's fire time", async () => {
  const h = setup();
  const fire = T0 + 7 * 60_000 + 30_000;
  h.api.scheduled = [scheduled('s', { nextFireTime: new Date(fire).toISOString() })];
  await h.start();
  await h.step(fire - T0 - 1000);
  const n = h.api.calls.length;
  await h.step(10_000);
  const after = h.api.calls.slice(n);
  for (const op of POLLS) assert.ok(after.includes(op), `${op} after the fire time: ${after.join(', ')}`);
  // The same fire time does not trigger again (a server clock behind ours cannot make it loop).
  const m = h.api.calls.length;
  await h.step(5 * 60_000);
  assert.ok(h.api.calls.length - m <= 6, `${h.api.calls.length - m} requests in 5 idle minutes`);
  await h.engine.stop();
});

test('pollNow and actions read every list, idle or not', async () => {
  const h = setup();
  await h.start();
  await h.step(10 * 60_000);
  let n = h.api.calls.length;
  h.engine.pollNow();
  await settle();
  assert.deepEqual(h.readsSince(n), [...POLLS].sort());
  h.api.scheduled = [scheduled('s')];
  h.engine.pollNow();
  await settle();
  n = h.api.calls.length;
  await h.engine.pauseJob({ companyHandle: CO, jobHandle: 's' });
  await settle();
  assert.deepEqual(h.readsSince(n), [...POLLS].sort());
  await h.engine.stop();
});
