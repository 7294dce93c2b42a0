// `ips-jobs run-now`: a scheduled job runs now (IPS executeJob) and its run shows in
// `ips-jobs active`; the schedule stays. The CLI runs as a process against `ips-jobs simulator`
// started as its own process; exit codes as for stop and pause.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorSuite } from './process-helpers.ts';
import { refusedWith } from './helpers.ts';

const { ips, list } = simulatorSuite();

describe('ips-jobs run-now', { timeout: 120_000 }, () => {
  test('a scheduled job runs now: one sentence, a new run in active, the schedule unchanged', async () => {
    const before = await list('scheduled');
    const nightly = before.find((s) => s.originalName === 'nightly-publish')!;
    assert.ok(nightly, 'the demo world schedules nightly-publish');
    const runsBefore = (await list('active')).filter((j) => j.originalName === 'nightly-publish').length;

    const r = await ips(['run-now', String(nightly.jobHandle), '--company', String(nightly.companyHandle)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Job j\|15\|nightly-publish\| in company c\|15 runs now \(its schedule is unchanged\); see it with ips-jobs active\.\n$/);

    const runs = (await list('active')).filter((j) => j.originalName === 'nightly-publish');
    assert.equal(runs.length, runsBefore + 1, 'one new run of nightly-publish is active');
    assert.notEqual(runs[0]!.jobHandle, nightly.jobHandle, 'the run has its own handle');
    const still = (await list('scheduled')).find((s) => s.jobHandle === nightly.jobHandle);
    assert.equal(still?.nextFireTime, nightly.nextFireTime, 'the schedule is unchanged');
    assert.equal(still?.triggerState, 'Normal');
  });

  test('--json, Chinese, a paused schedule; an unknown handle exits 5, a missing handle exits 2', async () => {
    const weekly = (await list('scheduled')).find((s) => s.originalName === 'weekly-video-publish')!;
    assert.equal(weekly.triggerState, 'Paused');
    const ref = [String(weekly.jobHandle), '--company', String(weekly.companyHandle)];
    const [json, zh, unknown, missing] = await Promise.all([
      ips(['run-now', ...ref, '--json']),
      ips(['run-now', ...ref], { LANG: 'zh_CN.UTF-8' }),
      ips(['run-now', 'j|15|no-such-schedule|', '--company', 'c|15']),
      ips(['run-now', '--company', 'c|15']),
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { ok: true, action: 'run-now', companyHandle: 'c|15', jobHandle: weekly.jobHandle });
    assert.equal(zh.code, 0, zh.stderr);
    assert.match(zh.stdout, /已立即运行/);
    refusedWith(unknown, /^ips-jobs: .*j\|15\|no-such-schedule\|/, 'j|15|no-such-schedule|');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /run-now/);
    const runs = (await list('active')).filter((j) => j.originalName === 'weekly-video-publish');
    assert.equal(runs.length, 2, 'two runs of the paused schedule');
    assert.equal((await list('scheduled')).find((s) => s.jobHandle === weekly.jobHandle)?.triggerState, 'Paused', 'its trigger stays paused');
  });
});
