// The failure notification's first error, asked of the simulator through the real SOAP client:
// the error-only filter and one row reach the server and bring back the job's first error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createIpsClient } from '../../electron/ips/client.ts';
import { createFirstErrors } from '../../electron/core/first-error.ts';
import { systemClock } from '../../electron/clock.ts';
import { createManualClock, DEMO_PASSWORD, DEMO_USER, startSimulator } from '../../electron/simulator/index.ts';
import { logTypeSeverity } from '../../electron/core/outcome.ts';
import type { AppNotification } from '../../shared/domain.ts';

test('the first error of a failed demo job, in one getJobLogDetails of one row', { timeout: 30_000 }, async (t) => {
  const sim = await startSimulator({ clock: createManualClock(), seed: 7, demo: true });
  t.after(() => sim.close());
  const api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, locale: 'en-US', timeoutMs: 3000 });
  const logs = [];
  for (const m of await api.getCompanyMembership()) logs.push(...(await api.getJobLogs({ companyHandle: m.company.companyHandle, numRows: 500 })));
  const failed = logs.find((l) => l.endDate && l.fileErrorCount > 0);
  assert.ok(failed, 'the demo world has a job that finished with errors');
  const co = failed.companyHandle;
  const ref = { companyHandle: co, jobHandle: failed.jobHandle };

  // What the job's full log says is its first error row, by date.
  const all = (await api.getJobLogDetails({ ...ref, recordsPerPage: 1000, resultsPage: 1, sortBy: 'Date', sortDirection: 'Ascending' }))[0]!;
  const first = all.detailArray!.find((r) => logTypeSeverity(r.logType) === 'error');
  assert.ok(first, 'its log has an error row');

  let calls = 0;
  const counted = {
    getJobLogDetails: (q: Parameters<typeof api.getJobLogDetails>[0]) => {
      calls++;
      return api.getJobLogDetails(q);
    },
  };
  const fe = createFirstErrors({ api: counted, clock: systemClock, timeoutMs: 5000 });
  const note: AppNotification = { id: 'fin:x', kind: 'finished-error', title: 'Job failed', body: 'x: errors.', jobKey: `${co}\u0000${failed.jobHandle}` };
  const out = await fe.enrich(note, 'en', ref);
  const expected = `${first.assetName ? `${first.assetName}: ` : ''}${first.logMessage.replace(/\s+/g, ' ').trim()}`;
  assert.equal(out.body, `x: errors.\nFirst error: ${expected.length > 200 ? `${expected.slice(0, 199)}…` : expected}`);
  assert.equal(calls, 1);
});
