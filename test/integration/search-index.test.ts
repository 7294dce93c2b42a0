// History search against the simulator through the app core (real engine, SOAP client and
// simulator on loopback): opening a failed job's details indexes its error texts, the
// `search-index` event and `getSearchIndex` carry them, and the window's matching (shared) finds
// the job by an error text its own fields do not hold. The backfill indexes failed jobs by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCore } from '../helpers/core.ts';
import { INDEX_TEXT_MAX, matchesQuery, normalizeQuery, ownSearchText } from '../../shared/history-search.ts';
import type { Events } from '../../shared/ipc.ts';
import { until } from '../helpers/until.ts';

test('a job is found by an error text of its log details once they were opened or backfilled', { timeout: 90_000 }, async (t) => {
  const core = testCore();
  const events: Events['search-index'][] = [];
  core.on('search-index', (p) => events.push(p));
  t.after(() => core.stop());
  await core.start();

  const failed = await until('a failed job on the board', () =>
    core.snapshot().jobs.find((j) => j.phase === 'finished' && j.outcome === 'error' && (j.log?.fileErrorCount ?? 0) > 0),
  );
  const res = await core.handle('getJobDetails', { companyHandle: failed.companyHandle, jobHandle: failed.jobHandle, page: 1 });
  assert.ok(res.ok, JSON.stringify(res));
  const errRow = res.value.details.find((d) => /error/i.test(d.logType) && d.logMessage);
  assert.ok(errRow, 'the failed job has an error row');

  const entry = await until('its index entry', () => events.flatMap((e) => e.entries).find((e) => e.key === failed.key));
  assert.ok(entry.text.length <= INDEX_TEXT_MAX);
  const q = normalizeQuery(errRow.logMessage);
  const own = ownSearchText({ name: failed.name, originalName: failed.originalName, submitter: failed.submitUserEmail, destination: failed.destination });
  assert.ok(!matchesQuery(own, undefined, q), 'the job’s own fields do not hold the error text');
  assert.ok(matchesQuery(own, entry.text, q), 'its index does');

  const all = await core.handle('getSearchIndex', undefined);
  assert.ok(all.ok && all.value.entries.some((e) => e.key === failed.key && e.text === entry.text));

  // The backfill indexes other failed or warned jobs without anyone opening them.
  await until('a backfilled entry', () => events.some((e) => e.entries.some((x) => x.key !== failed.key)), 30_000);
});
