// History backfill: the first poll takes only the newest logs so the window fills fast;
// the engine then pages through the rest of the history window in the background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rig } from './engine-helpers.ts';
import { ENGINE_LIMITS } from '../../electron/core/engine.ts';
import type { JobLogsQuery } from '../../electron/ips/api.ts';
import { defaultSettings } from '../../shared/settings.ts';

test('the whole history window arrives behind the first poll, quietly, one getJobLogs at a time per company', async () => {
  const settings = defaultSettings();
  const r = await rig({ settings, sim: { historyRows: 6000 }, start: false });
  try {
    const inFlight = new Map<string, number>();
    let overlap = 0;
    const inner = r.api.getJobLogs.bind(r.api);
    r.api.getJobLogs = async (q: JobLogsQuery) => {
      const n = (inFlight.get(q.companyHandle) ?? 0) + 1;
      inFlight.set(q.companyHandle, n);
      if (n > 1) overlap++;
      try {
        return await inner(q);
      } finally {
        inFlight.set(q.companyHandle, (inFlight.get(q.companyHandle) ?? 1) - 1);
      }
    };
    r.engine.start();
    await r.idle();
    const firstPoll = r.engine.jobs().filter((j) => j.phase === 'finished').length;
    assert.ok(firstPoll <= 2 * ENGINE_LIMITS.firstLogRows + 20, `first poll is quick: ${firstPoll} finished jobs`);

    await r.advance(120_000, 1_000); // backfill pages, 250 ms apart, interleaved with polls
    const windowStart = new Date(r.clock.now() - settings.historyDays * 86_400_000).toISOString();
    let expected = 0;
    for (const c of r.engine.companies()) {
      expected += (await inner({ companyHandle: c.companyHandle, startDate: windowStart, numRows: 100_000 })).filter((l) => l.endDate).length;
    }
    const finished = r.engine.jobs().filter((j) => j.phase === 'finished').length;
    assert.ok(expected > 2 * ENGINE_LIMITS.firstLogRows, `the simulator holds more than the first poll takes (${expected})`);
    assert.ok(finished >= expected, `every finished log in the window is on the board: ${finished} of ${expected}`);
    assert.equal(overlap, 0, 'never two getJobLogs in flight for one company');
    assert.deepEqual(
      r.notes.filter((n) => n.kind.startsWith('finished') || n.kind === 'summary').map((n) => n.title),
      [],
      'history is not news',
    );
  } finally {
    await r.close();
  }
});

test('the backfill stops once the history is full and a page adds nothing: the newest jobs are kept, no more pages are read', async () => {
  const limits = { maxHistoryJobs: ENGINE_LIMITS.maxHistoryJobs, backfillRows: ENGINE_LIMITS.backfillRows };
  ENGINE_LIMITS.maxHistoryJobs = 1500;
  ENGINE_LIMITS.backfillRows = 500;
  const r = await rig({ settings: defaultSettings(), sim: { historyRows: 8000 }, start: false });
  try {
    const pages: string[] = [];
    const inner = r.api.getJobLogs.bind(r.api);
    r.api.getJobLogs = async (q: JobLogsQuery) => {
      if (q.numRows === 500 && q.endDate) pages.push(q.companyHandle);
      return inner(q);
    };
    r.engine.start();
    await r.idle();
    await r.advance(120_000, 1_000);
    const finished = r.engine.jobs().filter((j) => j.phase === 'finished');
    assert.equal(finished.length, 1500, 'the history is full');
    // The simulator holds 8,000 logs over its companies: reading all of them would take ~16 pages.
    const companies = r.engine.companies().length;
    assert.ok(pages.length <= 4 * companies, `${pages.length} backfill pages for ${companies} companies`);
    // What is kept is the newest history: nothing the server holds that ended later is missing.
    const oldestKept = Math.min(...finished.map((j) => Date.parse(j.endDate!)));
    let newerMissing = 0;
    const kept = new Set(finished.map((j) => `${j.companyHandle}/${j.jobHandle}`));
    for (const c of r.engine.companies()) {
      for (const l of await inner({ companyHandle: c.companyHandle, numRows: 100_000 })) {
        if (l.endDate && Date.parse(l.endDate) > oldestKept + 60_000 && !kept.has(`${c.companyHandle}/${l.jobHandle}`)) newerMissing++;
      }
    }
    assert.equal(newerMissing, 0);
  } finally {
    Object.assign(ENGINE_LIMITS, limits);
    await r.close();
  }
});
