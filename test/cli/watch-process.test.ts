// `ips-jobs watch --json` as a process against `ips-jobs simulator --control` as another
// process: nothing in-process keeps watch alive, the way it runs against a real IPS account.
// A job that fails, an HTML 502 page for a while and the recovery, seen as a user's script
// would see them on stdout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { killAll, spawnCli, startSimulatorProcess, eventually, type CliProcess, type JsonEvent, type SimulatorProcess } from './process-helpers.ts';

let sim: SimulatorProcess;
let watch: CliProcess;

before(async () => {
  sim = await startSimulatorProcess();
  watch = spawnCli(['watch', '--json', '--interval', '1', ...sim.connectArgs], { env: sim.env });
});
after(async () => {
  await killAll();
});

const jobName = (e: JsonEvent) => (e.job as { name?: string } | undefined)?.name ?? '';
/** Wait until the simulator has received `more` calls beyond `from`, failing at once if watch ended. */
const polled = (from: number, more: number, what: string, timeoutMs = 10_000) =>
  eventually(
    async () => {
      watch.assertRunning('watch');
      return (await sim.totalCalls()) >= from + more;
    },
    what,
    timeoutMs,
  );
const connections = (from: number, to = Infinity) =>
  watch
    .json()
    .slice(from, to)
    .filter((e) => e.event === 'connection');

test('watch --json lives against a separate simulator process: a failed job, a 502 outage and the recovery', { timeout: 90_000 }, async () => {
  // Past the first poll (where it used to exit with 13): connected, and still polling after it.
  await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { what: 'the first successful poll', timeoutMs: 20_000 });
  const firstCalls = await sim.totalCalls();
  await polled(firstCalls, 6, 'watch polls again after its first poll');

  // A job that fails: exactly one job-finished, outcome error; the tray then shows the error.
  const name = `watch-test-failing-${process.pid}`;
  const job = await sim.control('job', { name, profile: 'error', files: 4, newMs: 0, waitMs: 0, runMs: 2500, companyHandle: 'c|15' });
  assert.equal(job.name, name);
  const fin = await watch.waitFor((e) => e.event === 'job-finished' && jobName(e) === name, { what: `job-finished of ${name}`, timeoutMs: 20_000 });
  assert.equal(fin.event.outcome, 'error');
  // Other demo jobs may still run: then the icon says both (running-error).
  const failedIcon = (icon: unknown): boolean => icon === 'error' || icon === 'running-error';
  await watch.waitFor((e) => e.event === 'tray' && failedIcon(e.icon), { from: fin.index, what: 'the error tray after the failure' });

  // An HTML 502 page on every call until cleared: one connection event, however many retries.
  const outageFrom = watch.json().length;
  await sim.control('fault', { kind: 'http', status: 502, count: 'all' });
  const lost = await watch.waitFor((e) => e.event === 'connection' && e.state !== 'ok', {
    from: outageFrom,
    what: 'the connection event of the outage',
    timeoutMs: 10_000,
  });
  // Both companies fail their first cycle at once; the first retry comes 4–6 s later (5 s ± 20 %).
  // Count the calls once the first cycles are over, then wait for the retries.
  await new Promise((r) => setTimeout(r, 3000));
  await polled(await sim.totalCalls(), 6, 'the engine retried during the outage', 20_000);
  assert.deepEqual(
    connections(outageFrom).map((e) => e.state),
    [lost.event.state],
    'one connection event for the whole outage, not one per retry',
  );
  const err = lost.event.error as { kind?: string; httpStatus?: number; message?: string } | undefined;
  assert.equal(err?.httpStatus, 502, JSON.stringify(err));
  assert.doesNotMatch(err?.message ?? '', /<html|<!doctype/i, 'the HTML page is summarized, not dumped');

  // Recovery: one more connection event, then the tray says error again (the failure is unacknowledged).
  await sim.control('clear');
  const back = await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { from: lost.index + 1, what: 'the recovery', timeoutMs: 25_000 });
  assert.deepEqual(
    connections(outageFrom, back.index + 1).map((e) => e.state),
    [lost.event.state, 'ok'],
  );
  const tray = await watch.waitFor((e) => e.event === 'tray', { from: back.index, what: 'a tray event after the recovery' });
  assert.ok(failedIcon(tray.event.icon), `${String(tray.event.icon)}: ${String(tray.event.tooltip)}`);
  assert.match(String(tray.event.tooltip), /\d+ jobs? failed/, 'error because of the unacknowledged failure, not the connection');

  // Still exactly one job-finished for the failed job, and watch is still running.
  const finishedOfJob = watch.json().filter((e) => e.event === 'job-finished' && jobName(e) === name);
  assert.equal(finishedOfJob.length, 1);
  await polled(await sim.totalCalls(), 3, 'watch polls after the recovery');

  // Ctrl+C: an orderly stop, exit 0, nothing on stderr (no "unsettled top-level await").
  const end = await watch.stop('SIGINT');
  assert.deepEqual(end, { code: 0, signal: null });
  assert.equal(watch.stderr(), '');
  await sim.close();
});
