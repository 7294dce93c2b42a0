// Actions IPS refuses for the job's state make `ips-jobs` exit 5 with IPS's reason on one
// stderr line, and nothing happens to the job. The CLI runs as a process against
// `ips-jobs simulator` started as a separate process (the demo world, real clock).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorSuite } from './process-helpers.ts';
import { refusedWith } from './helpers.ts';

type Rec = Record<string, unknown>;
const { ips, list } = simulatorSuite();

describe('ips-jobs refuses what IPS refuses', { timeout: 120_000 }, () => {
  test('stop a finished job, resume a running one, delete a running one, pause a paused schedule or run', async () => {
    const [active, logs, scheduled] = await Promise.all([list('active'), list('logs', '--limit', '40'), list('scheduled')]);
    // The demo's long publish (2 min, a quarter done at start) is running throughout this test.
    const running =
      active.find((j) => j.originalName === 'spring-catalog-publish' && j.state === 'Running') ??
      active.find((j) => j.state === 'Running' && j.progressMessage !== 'Paused' && Number(j.progress) < 50);
    const pausedRun = active.find((j) => j.progressMessage === 'Paused');
    const activeHandles = new Set(active.map((j) => j.jobHandle));
    const finished = logs.find((l) => l.endDate && !activeHandles.has(l.jobHandle));
    const pausedSchedule = scheduled.find((s) => s.triggerState === 'Paused');
    assert.ok(running && pausedRun && finished && pausedSchedule, 'the demo world has a running, a paused and a finished job and a paused schedule');
    const ref = (j: Rec) => [String(j.jobHandle), '--company', String(j.companyHandle)];

    const [stop, stopJson, resume, del, pauseSchedule, pauseRun, stopZh] = await Promise.all([
      ips(['stop', ...ref(finished)]),
      ips(['stop', ...ref(finished), '--json']),
      ips(['resume', ...ref(running)]),
      ips(['delete', ...ref(running)]),
      ips(['pause', ...ref(pausedSchedule)]),
      ips(['pause', ...ref(pausedRun)]),
      ips(['stop', ...ref(finished)], { LANG: 'zh_CN.UTF-8' }),
    ]);
    refusedWith(stop, /already finished: only a job in progress can be stopped \(30001\)/, String(finished.jobHandle));
    refusedWith(stopJson, /already finished/, String(finished.jobHandle));
    refusedWith(resume, /is not paused: it is running/, String(running.jobHandle));
    refusedWith(del, /deleteJob deletes scheduled jobs; stop it with stopJob/, String(running.jobHandle));
    refusedWith(pauseSchedule, /already paused/, String(pausedSchedule.jobHandle));
    refusedWith(pauseRun, /already paused/, String(pausedRun.jobHandle));
    refusedWith(stopZh, /already finished/, String(finished.jobHandle));
    assert.doesNotMatch(stopZh.stderr, /IPS reported an error/, 'the CLI part of the line is localized');

    // Nothing happened: the job the refused delete named is still running.
    const after = await list('active');
    const still = after.find((j) => j.jobHandle === running.jobHandle);
    assert.equal(still?.state, 'Running', 'the refused delete did not delete the running job');
  });
});
