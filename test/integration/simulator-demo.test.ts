// Demo mode (jobs in every phase, a steady stream across every job type, deterministic
// per seed) and historyRows at the scale the window must handle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../../electron/simulator/catalog.ts';
import { DEMO_PASSWORD, DEMO_USER, createManualClock, startSimulator, type ManualClock, type Simulator } from '../../electron/simulator/index.ts';
import { T0, client, list, raw, x, type Client } from './simulator-helpers.ts';

describe('demo world', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let c: Client;
  before(async () => {
    clock = createManualClock(T0);
    sim = await startSimulator({ demo: true, clock, seed: 42 });
    c = await client(sim, DEMO_USER, DEMO_PASSWORD);
  });
  after(async () => {
    await sim.close();
  });

  it('has two companies, the demo user in both', async () => {
    const [m] = await c.getCompanyMembershipAsync({});
    assert.deepEqual(
      list(m.membershipArray).map((i) => i.company.name),
      ['Example Co', '示例公司'],
    );
  });

  it('starts with jobs in every phase', async () => {
    const [a] = await c.getActiveJobsAsync({});
    const act = list(a.jobArray);
    const states = new Set(act.map((j) => j.state));
    for (const s of ['New', 'WaitingCoordinator', 'Running']) assert.ok(states.has(s), `an active job in ${s}`);
    assert.ok(
      act.some((j) => j.state === 'Running' && j.progress > 0 && /\d+ of \d+/.test(j.progressMessage)),
      'running with progress',
    );
    assert.ok(
      act.some((j) => j.progressMessage === 'Paused'),
      'a paused running job',
    );
    assert.ok(
      act.some((j) => list(j.taskProgressArray).length > 0 && list(list(j.taskProgressArray)[0].taskItemProgressArray).length > 0),
      'video task progress',
    );
    assert.ok(new Set(act.map((j) => j.companyHandle)).size === 2, 'both companies busy');

    const triggerStates = new Set<string>();
    for (const co of ['c|15', 'c|2101']) {
      const [s] = await c.getScheduledJobsAsync({ companyHandle: co });
      for (const j of list(s.jobArray)) triggerStates.add(j.triggerState);
    }
    assert.deepEqual([...triggerStates].sort(), ['Normal', 'Paused']);

    const [l] = await c.getJobLogsAsync({ sortBy: 'StartDate', sortDirection: 'Descending' });
    const done = list(l.jobLogArray).filter((j) => j.endDate);
    const count = (j: any): number => j.fileSuccessCount + j.fileUpdateCount + j.fileWarningCount + j.fileErrorCount + j.fileDuplicateCount;
    assert.ok(
      done.some((j) => !j.fatalError && j.fileErrorCount === 0 && j.fileWarningCount === 0 && count(j) === j.totalFileCount),
      'a clean success',
    );
    assert.ok(
      done.some((j) => !j.fatalError && j.fileErrorCount === 0 && j.fileWarningCount > 0),
      'finished with warnings',
    );
    assert.ok(
      done.some((j) => !j.fatalError && j.fileErrorCount > 0),
      'finished with errors',
    );
    assert.ok(
      done.some((j) => j.fatalError),
      'a fatal one',
    );
    assert.ok(
      done.some((j) => !j.fatalError && count(j) < j.totalFileCount),
      'a stopped one (partial counts)',
    );
    assert.ok(
      list(l.jobLogArray).some((j) => !j.endDate),
      'logs of running jobs, without endDate',
    );
  });

  it('keeps a steady stream of new jobs across every job type, in English and Chinese', async () => {
    let minActive = Infinity;
    for (let t = 0; t < 4 * 3600; t += 60) {
      sim.world.advance(60_000);
      if (t > 300) minActive = Math.min(minActive, sim.world.activeRuns().length);
    }
    assert.ok(minActive >= 1, `always something running (min ${minActive})`);
    const [l] = await c.getJobLogsAsync({ startDate: new Date(T0).toISOString() });
    const logs = list(l.jobLogArray);
    assert.ok(logs.length > 200, `a job every 20–60 s (${logs.length} in 4 h)`);
    const types = new Set(logs.map((j) => sim.world.runs.get(j.jobHandle)?.type));
    for (const k of JOB_KINDS) assert.ok(types.has(k.type), `type ${k.type} appears`);
    assert.ok(
      logs.some((j) => /[\u4e00-\u9fff]/.test(j.jobName)),
      'Chinese job names',
    );
    assert.ok(
      logs.some((j) => /^[\x20-\x7e]+$/.test(j.jobName)),
      'English job names',
    );
    assert.ok(new Set(logs.map((j) => j.submitUserEmail)).size >= 3, 'several submitters');
    const durations = logs.filter((j) => j.endDate && !j.fatalError).map((j) => new Date(j.endDate).getTime() - new Date(j.startDate).getTime());
    assert.ok(durations.some((d) => d < 90_000) && durations.some((d) => d > 120_000), 'runs of 30 s to 3 min');
    // Recurring demo schedules fired too.
    assert.ok(logs.some((j) => j.originalJobName === 'metadata-sync' && j.jobName !== j.originalJobName));
  });

  it('is deterministic for a seed', async () => {
    const a = await startSimulator({ demo: true, clock: createManualClock(T0), seed: 99 });
    const b = await startSimulator({ demo: true, clock: createManualClock(T0), seed: 99 });
    try {
      a.world.advance(600_000);
      b.world.advance(600_000);
      const ra = await raw(a, 'getJobLogs', x({ numRows: 500 }));
      const rb = await raw(b, 'getJobLogs', x({ numRows: 500 }));
      assert.equal(ra.text, rb.text);
      const aa = await raw(a, 'getActiveJobs', '');
      const ab = await raw(b, 'getActiveJobs', '');
      assert.equal(aa.text, ab.text);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('historyRows at scale', () => {
  it('seeds 50 000 finished logs fast and answers getJobLogs quickly with numRows', async () => {
    const t0 = performance.now();
    const sim = await startSimulator({ clock: createManualClock(T0), historyRows: 50_000, seed: 5 });
    const built = performance.now() - t0;
    try {
      assert.equal(sim.world.runsById.size, 50_000);
      const t1 = performance.now();
      const r = await raw(sim, 'getJobLogs', x({ companyHandle: 'c|15', sortBy: 'StartDate', sortDirection: 'Descending', numRows: 200 }));
      const q1 = performance.now() - t1;
      const starts = [...r.text.matchAll(/<startDate>([^<]+)<\/startDate>/g)].map((m) => Date.parse(m[1] as string));
      assert.equal(starts.length, 200, 'numRows honoured');
      assert.ok(
        starts.every((s, i) => i === 0 || s <= (starts[i - 1] as number)),
        'descending',
      );
      assert.ok(
        starts.every((s) => s >= T0 - 30 * 86_400_000 && s <= T0),
        'within the past 30 days',
      );
      assert.equal((r.text.match(/<endDate>/g) ?? []).length, 200, 'all finished');
      const t2 = performance.now();
      const many = await raw(sim, 'getJobLogs', x({ sortBy: 'StartDate', sortDirection: 'Ascending', numRows: 5000 }));
      const q2 = performance.now() - t2;
      assert.equal((many.text.match(/<jobHandle>/g) ?? []).length, 5000, 'across both companies');
      const t3 = performance.now();
      const byErr = await raw(sim, 'getJobLogs', x({ companyHandle: 'c|15', sortBy: 'FileErrorCount', sortDirection: 'Descending', numRows: 10 }));
      const q3 = performance.now() - t3;
      assert.equal((byErr.text.match(/<jobHandle>/g) ?? []).length, 10);
      console.log(
        `historyRows 50000: built in ${built.toFixed(0)} ms; getJobLogs numRows=200 ${q1.toFixed(0)} ms; 5000 rows of both companies ${q2.toFixed(0)} ms (${(many.text.length / 1e6).toFixed(1)} MB); sorted by FileErrorCount ${q3.toFixed(0)} ms`,
      );
    } finally {
      await sim.close();
    }
  });
});

describe('demo with the real clock', () => {
  it('starts, answers, and closes promptly', async () => {
    const sim = await startSimulator({ demo: true, port: 0 });
    try {
      const r = await raw(sim, 'getActiveJobs', '');
      assert.equal(r.status, 200);
      assert.ok((r.text.match(/<jobHandle>/g) ?? []).length >= 5);
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/scene7\/services\/IpsApiService$/);
    } finally {
      await sim.close();
    }
  });
});
