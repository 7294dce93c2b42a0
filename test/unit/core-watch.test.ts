import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWatch, watchExitCode } from '../../electron/cli/watch.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { IpsAuthenticationError, IpsNetworkError, IpsFaultError } from '../../electron/ips/errors.ts';
import { createManualClock } from '../../electron/clock.ts';
import { fakeApi, active, log, settle } from './core-fake.ts';

const ctx = (over: Partial<Parameters<typeof runWatch>[0]> = {}) => {
  const lines: string[] = [];
  return {
    lines,
    ctx: {
      api: fakeApi(),
      settings: defaultSettings(),
      locale: 'en' as const,
      userEmail: 'me@example.com',
      json: true,
      once: true,
      write: (l: string) => lines.push(l),
      signal: new AbortController().signal,
      clock: createManualClock(Date.parse('2024-05-02T09:00:00.000Z')),
      ...over,
    },
  };
};

test('--json --once: one JSON object per line with an event key, exit 0', async () => {
  const api = fakeApi();
  api.active = [active('r')];
  api.logs = [log('done', { fileErrorCount: 1 })];
  const { lines, ctx: c } = ctx({ api });
  assert.equal(await runWatch(c), 0);
  const objs = lines.map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
  assert.ok(objs.every((o) => typeof o.event === 'string'));
  const kinds = objs.map((o) => o.event);
  assert.ok(kinds.includes('job-started'));
  assert.ok(kinds.includes('connection'));
  const fin = objs.find((o) => o.event === 'job-finished')!;
  assert.equal(fin.outcome, 'error');
  const trays = objs.filter((o) => o.event === 'tray');
  assert.equal(trays.at(-1)!.icon, 'running');
  assert.ok(Array.isArray(trays.at(-1)!.menu));
});

test('--once exit codes: 3 auth, 4 network, 5 other', async () => {
  for (const [err, code] of [
    [new IpsAuthenticationError('bad'), 3],
    [new IpsNetworkError('down'), 4],
    [new IpsFaultError('boom', { code: 30000 }), 5],
  ] as const) {
    const api = fakeApi();
    api.fail = err;
    const { lines, ctx: c } = ctx({ api });
    assert.equal(await runWatch(c), code, err.message);
    const conn = lines.map((l) => JSON.parse(l)).find((o) => o.event === 'connection');
    assert.ok(conn, 'the connection state is printed');
  }
  assert.equal(watchExitCode('timeout'), 4);
  assert.equal(watchExitCode('authorization'), 3);
  assert.equal(watchExitCode('malformed'), 5);
});

test('readable localized lines; runs until aborted; intervalSeconds sets the active interval', async () => {
  const api = fakeApi();
  api.active = [active('r')];
  const ac = new AbortController();
  const clock = createManualClock(Date.parse('2024-05-02T09:00:00.000Z'));
  const { lines, ctx: c } = ctx({ api, json: false, once: false, locale: 'zh-TW', signal: ac.signal, intervalSeconds: 7, clock });
  const done = runWatch(c);
  await settle();
  const n = api.calls.filter((x) => x === 'getActiveJobs').length;
  clock.advance(7000);
  await settle();
  assert.equal(api.calls.filter((x) => x === 'getActiveJobs').length, n + 1);
  ac.abort();
  assert.equal(await done, 0);
  assert.ok(
    lines.some((l) => l.includes('已開始：job r')),
    lines.join('\n'),
  );
  assert.ok(lines.every((l) => !l.startsWith('{')));
});
