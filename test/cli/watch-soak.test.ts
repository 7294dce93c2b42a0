// `ips-jobs watch --json` keeps running against a separate simulator process, through an
// outage of dropped connections. Short by default (about 25 s); IPS_WATCH_SOAK_SECONDS=300
// makes it a five-minute soak. Checks every few seconds that watch is alive and still polling.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { killAll, spawnCli, startSimulatorProcess, eventually } from './process-helpers.ts';

const SOAK_MS = Math.max(20, Number(process.env.IPS_WATCH_SOAK_SECONDS) || 25) * 1000;

after(async () => {
  await killAll();
});

test(
  `watch keeps running for ${SOAK_MS / 1000} s; dropped connections give one connection event, recovery one more`,
  { timeout: SOAK_MS + 60_000 },
  async () => {
    const sim = await startSimulatorProcess();
    const watch = spawnCli(['watch', '--json', '--interval', '1', ...sim.connectArgs], { env: sim.env });
    const started = Date.now();
    await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { what: 'the first successful poll', timeoutMs: 20_000 });

    /** Calls grow while watch runs; fails at once if watch ended. */
    const stillPolling = async (what: string) => {
      const from = await sim.totalCalls();
      await eventually(
        async () => {
          watch.assertRunning('watch');
          return (await sim.totalCalls()) > from;
        },
        what,
        10_000,
      );
    };
    const connections = (from: number) =>
      watch
        .json()
        .slice(from)
        .filter((e) => e.event === 'connection')
        .map((e) => e.state);

    // The outage, a few seconds in: every connection dropped without an answer, until cleared.
    await stillPolling('polls before the outage');
    const outageFrom = watch.json().length;
    await sim.control('fault', { kind: 'drop', count: 'all' });
    const lost = await watch.waitFor((e) => e.event === 'connection' && e.state !== 'ok', { from: outageFrom, what: 'the outage', timeoutMs: 10_000 });
    assert.equal(lost.event.state, 'offline');
    // First cycles fail at once; retries come 4–6 s later (5 s ± 20 %): count after the first, wait for the retries.
    await new Promise((r) => setTimeout(r, 3000));
    const settled = await sim.totalCalls();
    await eventually(
      async () => {
        watch.assertRunning('watch');
        return (await sim.totalCalls()) >= settled + 6;
      },
      'retries during the outage',
      20_000,
    );
    assert.deepEqual(connections(outageFrom), ['offline'], 'one connection event, not one per retry');
    await sim.control('clear');
    const back = await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { from: lost.index + 1, what: 'the recovery', timeoutMs: 25_000 });
    assert.deepEqual(connections(outageFrom), ['offline', 'ok']);

    // The rest of the soak: alive and polling in every window.
    while (Date.now() - started < SOAK_MS) await stillPolling(`polls at ${Math.round((Date.now() - started) / 1000)} s`);
    assert.deepEqual(connections(back.index + 1), [], 'no connection changes after the recovery');

    const end = await watch.stop('SIGINT');
    assert.deepEqual(end, { code: 0, signal: null });
    assert.equal(watch.stderr(), '');
    await sim.close();
    assert.deepEqual(sim.proc.exit(), { code: 0, signal: null });
  },
);
