// The detail dialog's whole-log export and "Copy all errors" read every page of a job log
// (renderer/src/lib/log-pages.ts) through the core's page reader (electron/core/job-details.ts)
// and the real client against the simulator: all rows of a three-page log, the log's own
// counts for warnings and duplicates, progress per page, and nothing handed on after a cancel
// or a failed page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import { fetchJobDetails } from '../../electron/core/job-details.ts';
import { createManualClock, DEMO_PASSWORD, DEMO_USER, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { LogPagesError, readAllPages } from '../../renderer/src/lib/log-pages.ts';
import { jobCounts } from '../../shared/counts.ts';
import { rowSeverity } from '../../shared/log-severity.ts';
import { toCsv } from '../../shared/csv.ts';
import { logCells, logHeader } from '../../shared/export-csv.ts';

describe('whole-log export against the simulator', () => {
  let sim: Simulator;
  let api: IpsClient;
  const clock = createManualClock();
  const C = 'c|15';
  let jobHandle = '';
  const FILES = 2400;

  before(async () => {
    sim = await startSimulator({ clock, seed: 11 });
    api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, locale: 'en-US', timeoutMs: 10_000 });
    const run = sim.world.addJob({ name: 'big-export', companyHandle: C, profile: 'warning', files: FILES, plan: { newMs: 100, waitMs: 100, runMs: 1000 } });
    jobHandle = run.handle;
    sim.world.advance(60_000);
  });
  after(() => sim.close());

  const reader = () => (page: number) => fetchJobDetails(api, { companyHandle: C, jobHandle, page });

  it('reads all three pages, in order, with progress after each', async () => {
    const progress: [number, number][] = [];
    const all = await readAllPages(reader(), { onProgress: (d, n) => progress.push([d, n]) });
    assert.ok(all.log?.endDate, 'the job finished');
    assert.ok(all.totalRows > 2000);
    assert.equal(all.details.length, all.totalRows);
    assert.deepEqual(
      progress.map(([d]) => d),
      [1000, 2000, all.totalRows],
    );
    // The rows count as the log's counts (shared/counts.ts): a duplicate is no warning.
    const c = jobCounts(all.log);
    assert.equal(c.total, FILES);
    const kinds = (k: string) => all.details.filter((d) => rowSeverity(d.logType) === k).length;
    assert.equal(kinds('warning'), c.warnings);
    assert.equal(kinds('duplicate'), c.duplicates);
    assert.ok(c.duplicates > 0 && c.warnings > 0);
    // As CSV: a header and one line per row, each naming the job.
    const csv = toCsv(
      logHeader('en'),
      all.details.map((d) => logCells('en', d, { jobName: all.log!.jobName, jobHandle })),
    );
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    assert.equal(rows.length, all.totalRows + 1);
    assert.ok(rows.slice(1).every((r) => r[7] === jobHandle));
  });

  it('a cancel between pages hands on nothing', async () => {
    const ac = new AbortController();
    await assert.rejects(
      readAllPages(reader(), { signal: ac.signal, onProgress: (d) => d >= 1000 && ac.abort() }),
      (e: unknown) => e instanceof LogPagesError && e.cancelled,
    );
  });

  it('a failed page is an error with the IPS reason, not a partial export', async () => {
    const progress: number[] = [];
    await assert.rejects(
      readAllPages(reader(), {
        onProgress: (d) => {
          progress.push(d);
          if (d === 1000) sim.faults.httpError(502, { op: 'getJobLogDetails', count: 1 });
        },
      }),
      (e: unknown) => e instanceof LogPagesError && !e.cancelled && e.info?.kind === 'network',
    );
    assert.deepEqual(progress, [1000]);
  });
});
