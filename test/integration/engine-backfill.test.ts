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
