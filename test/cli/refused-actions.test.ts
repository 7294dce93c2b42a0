// Actions IPS refuses for the job's state make `ips-jobs` exit 5 with IPS's reason on one
// stderr line, and nothing happens to the job. The CLI runs as a process against
// `ips-jobs simulator` started as a separate process (the demo world, real clock).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_SOURCE, baseEnv, runCli, stderrLines, type RunResult } from './helpers.ts';

type Rec = Record<string, unknown>;

let child: ChildProcess | undefined;
let url = '';

before(async () => {
  const proc = spawn(process.execPath, [CLI_SOURCE, 'simulator'], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL line within 20 s: ${out}`)), 20_000);
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    proc.on('error', reject);
  });
});
after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const closed = new Promise((r) => child?.once('close', r));
    child.kill('SIGTERM');
    await closed;
  }
});

const ips = (args: string[], env: Record<string, string> = {}): Promise<RunResult> =>
  runCli(['--service-url', url, ...args], { env: { IPS_USER: 'demo@example.com', IPS_PASSWORD: 'demo', ...env } });

async function list(args: string[]): Promise<Rec[]> {
  const r = await ips([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Rec[];
}

/** Exit 5, nothing on stdout, exactly one line on stderr carrying IPS's reason. */
function refusedWith(r: RunResult, reason: RegExp, jobHandle: string): void {
  assert.equal(r.code, 5, `exit code: ${r.stdout} ${r.stderr}`);
  assert.equal(r.stdout, '', 'no success message');
  const lines = stderrLines(r);
  assert.equal(lines.length, 1, `one stderr line: ${r.stderr}`);
  assert.match(lines[0]!, /^ips-jobs: /);
  assert.match(lines[0]!, reason);
  assert.ok(lines[0]!.includes(jobHandle), 'the line names the job');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('ips-jobs refuses what IPS refuses', { timeout: 120_000 }, () => {
  test('stop a finished job, resume a running one, delete a running one, pause a paused schedule or run', async () => {
    const [active, logs, scheduled] = await Promise.all([list(['active']), list(['logs', '--limit', '40']), list(['scheduled'])]);
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
    const after = await list(['active']);
    const still = after.find((j) => j.jobHandle === running.jobHandle);
    assert.equal(still?.state, 'Running', 'the refused delete did not delete the running job');
  });
});
