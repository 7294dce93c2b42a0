// What `ips-jobs watch` prints: the status line follows the summary (not only the icon), a
// queued job is printed once while it waits, and `--once` reports a failure as one stderr
// line with its exit code and no promise of retries. The real client against the simulator:
// in-process on a manual clock for the long watch, as processes for --once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { runWatch } from '../../electron/cli/watch.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { startSimulator, createManualClock, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { counting, T0 } from '../integration/engine-helpers.ts';
import { runCli, stderrLines } from './helpers.ts';

test('text mode: the status line follows the summary; a queued job is printed once while it waits', async (t) => {
  const clock = createManualClock(T0);
  const sim = await startSimulator({ clock, seed: 11 });
  t.after(() => sim.close());
  const api = counting(await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, timeoutMs: 5000 }));
  const idle = async () => {
    for (let quiet = 0, i = 0; quiet < 5 && i < 2000; i++) {
      await new Promise<void>((r) => setTimeout(r, api.inFlight() ? 2 : 0));
      quiet = api.inFlight() ? 0 : quiet + 1;
    }
  };
  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= 5000) {
      clock.advance(Math.min(5000, left));
      await idle();
    }
  };
  const job = (name: string, plan: { newMs: number; waitMs: number; runMs: number }) =>
    sim.world.addJob({ name, companyHandle: 'c|15', files: 50, profile: 'success', plan });
  for (const n of ['one', 'two', 'three']) job(`run-${n}`, { newMs: 0, waitMs: 0, runMs: 3_600_000 });

  const lines: string[] = [];
  const ac = new AbortController();
  const settings = defaultSettings();
  const done = runWatch({
    api,
    settings,
    locale: 'en',
    userEmail: DEMO_USER,
    json: false,
    once: false,
    intervalSeconds: 5,
    write: (l) => lines.push(l),
    signal: ac.signal,
    clock,
  });
  await idle();
  const status = () => lines.filter((l) => l.includes('Status: '));
  assert.match(status().at(-1) ?? '', /Status: 3 jobs running \(\d+%\)$/, lines.join('\n'));

  // A fourth job: the icon stays "running", the summary changes, so the status is printed.
  job('run-four', { newMs: 0, waitMs: 0, runMs: 3_600_000 });
  await advance(5000);
  assert.match(status().at(-1) ?? '', /Status: 4 jobs running \(\d+%\)$/, lines.join('\n'));

  // Only the average percent moves: no new status line (each job's progress has its own lines).
  const count = status().length;
  await advance(60_000);
  assert.equal(status().length, count, status().join('\n'));

  // A job queued for 50 s (New, then WaitingCoordinator): one "queued" line, then its start.
  job('waiting-job', { newMs: 20_000, waitMs: 30_000, runMs: 3_600_000 });
  await advance(45_000);
  assert.deepEqual(
    lines.filter((l) => l.includes('waiting-job')).map((l) => l.replace(/^\[[^\]]*\] /, '')),
    ['waiting-job: queued'],
  );
  assert.match(status().at(-1) ?? '', /4 jobs running \(\d+%\) · 1 job queued$/);
  await advance(10_000);
  assert.deepEqual(
    lines
      .filter((l) => l.includes('waiting-job'))
      .map((l) => l.replace(/^\[[^\]]*\] /, ''))
      .slice(0, 2),
    ['waiting-job: queued', 'Started: waiting-job'],
  );
  assert.match(status().at(-1) ?? '', /5 jobs running \(\d+%\)$/);

  ac.abort();
  assert.equal(await done, 0);
});

// --once against servers that fail: a closed port (network) and a wrong password (sign-in).
let closedUrl: string;
let sim: Simulator;
before(async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  closedUrl = `http://127.0.0.1:${port}/scene7/services/IpsApiService`;
  sim = await startSimulator({ seed: 5 });
});
after(() => sim.close());

const RETRY = /retr|background|Next try|重试|重試|后台|背景|下次/i;

for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) {
  test(`watch --once (${locale}) that cannot reach IPS: exit 4, one line on stderr, no promise of retries`, async () => {
    for (const json of [false, true]) {
      const r = await runCli(['watch', '--once', ...(json ? ['--json'] : []), '--locale', locale, '--service-url', closedUrl, '--user', DEMO_USER], {
        env: { IPS_PASSWORD: 'x' },
      });
      assert.equal(r.code, 4, r.stderr);
      const err = stderrLines(r);
      assert.equal(err.length, 1, r.stderr);
      assert.match(err[0]!, /^ips-jobs: watch --once /);
      assert.doesNotMatch(r.stdout + r.stderr, RETRY, `${json ? 'json' : 'text'}: ${r.stdout}${r.stderr}`);
      if (json) {
        const events = r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { event: string; state?: string; retryAt?: string; kind?: string });
        const conn = events.filter((e) => e.event === 'connection');
        assert.deepEqual(
          conn.map((e) => [e.state, e.retryAt]),
          [['offline', undefined]],
        );
        assert.ok(!events.some((e) => e.event === 'notification' && e.kind === 'connection-lost'));
      } else {
        assert.doesNotMatch(r.stdout, /Connection: |连接：|連線：/, 'the failure is on stderr, not stdout');
      }
    }
  });
}

test('watch --once with a wrong password: exit 3 and one stderr line; a working --once writes nothing to stderr', async () => {
  const bad = await runCli(['watch', '--once', '--service-url', sim.url, '--user', DEMO_USER], { env: { IPS_PASSWORD: 'not-the-password' } });
  assert.equal(bad.code, 3, bad.stderr);
  assert.equal(stderrLines(bad).length, 1, bad.stderr);
  assert.match(bad.stderr, /^ips-jobs: watch --once could not check IPS: /);
  assert.doesNotMatch(bad.stdout + bad.stderr, RETRY);
  const good = await runCli(['watch', '--once', '--service-url', sim.url, '--user', DEMO_USER], { env: { IPS_PASSWORD: DEMO_PASSWORD } });
  assert.equal(good.code, 0, good.stderr);
  assert.equal(good.stderr, '');
  assert.match(good.stdout, /Status: /);
});
