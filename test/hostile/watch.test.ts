// `ips-jobs watch --json` as a process while its IPS goes good → hostile → good (issue #13
// §9): the answers that used to poison the process for good (id="__proto__"), exhaust it
// (a 1 GiB gzip bomb, 50 MB) or overflow it (100,000 levels) come in turn, one per
// request. watch stays alive, reports the loss once and the recovery once, and never
// prints the password or a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, killAll, spawnCli, type CliProcess } from '../cli/process-helpers.ts';
import { COMPANY, SENTINEL, USER, startRig, type Rig } from './setup.ts';

const HOSTILE = ['proto-id', 'gzip-bomb-1gib', 'deep-100k', 'billion-laughs', 'answer-50mb-chunked', 'return-in-header'];

let rig: Rig;
let watch: CliProcess;

before(async () => {
  rig = await startRig(5000);
  watch = spawnCli(['watch', '--json', '--interval', '1', '--service-url', rig.server.url('switch'), '--user', USER, '--company', COMPANY, '--timeout', '5'], {
    env: { IPS_PASSWORD: SENTINEL },
  });
});
after(async () => {
  await killAll();
  await rig?.close();
});

test('watch survives hostile answers: one loss, one recovery, still alive', { timeout: 100_000 }, async () => {
  await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { what: 'the first good poll', timeoutMs: 30_000 });
  const from = watch.json().length;

  rig.server.mode = HOSTILE.join(',');
  const lost = await watch.waitFor((e) => e.event === 'connection' && e.state !== 'ok', { from, what: 'the loss', timeoutMs: 20_000 });
  // Every hostile case was served at least once (a cycle makes several calls; retries back off from 5 s).
  await eventually(
    () => {
      watch.assertRunning('watch during the hostile answers');
      return rig.server.hostileServed >= HOSTILE.length;
    },
    `${HOSTILE.length} hostile answers served`,
    40_000,
  );
  assert.equal(lost.event.state, 'error');
  const err = lost.event.error as { kind?: string; message?: string } | undefined;
  assert.equal(err?.kind, 'malformed', JSON.stringify(err));

  rig.server.mode = 'good';
  const back = await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { from: lost.index + 1, what: 'the recovery', timeoutMs: 40_000 });
  // One more good cycle after the recovery: no further connection event.
  const served = rig.server.counts.get('switch') ?? 0;
  await eventually(() => (rig.server.counts.get('switch') ?? 0) >= served + 3, 'a good poll after the recovery', 20_000);
  watch.assertRunning('watch after the recovery');

  const states = watch
    .json()
    .slice(from)
    .filter((e) => e.event === 'connection')
    .map((e) => e.state);
  assert.deepEqual(states, ['error', 'ok'], 'the loss reported once and the recovery once');
  assert.ok(back.index > lost.index);
  const out = watch.lines.join('\n') + watch.stderr();
  assert.ok(!out.includes(SENTINEL), 'the password never appears');
  assert.ok(!/^\s+at /m.test(out), 'no stack trace');
  assert.equal(rig.canary.hits(), 0);

  const exit = await watch.stop('SIGINT');
  assert.ok(exit.code === 0 || exit.code === 130, `watch ended with ${JSON.stringify(exit)}\n${watch.stderr()}`);
});
