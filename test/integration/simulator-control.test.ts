// The simulator's test control (/__sim/, control.ts): off unless enabled; jobs and faults
// it adds reach the real client; bad requests get a clear 4xx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { isLoopback } from '../../electron/simulator/control.ts';
import { createIpsClient } from '../../electron/ips/client.ts';

let sim: Simulator;
let off: Simulator;
before(async () => {
  sim = await startSimulator({ seed: 4, control: true });
  off = await startSimulator({ seed: 4 });
});
after(async () => {
  await sim.close();
  await off.close();
});

const post = (s: Simulator, command: string, body: unknown, contentType = 'application/json') =>
  fetch(new URL(`/__sim/${command}`, s.url), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('a job added through the control runs and fails as asked; a fault reaches the client until cleared', async () => {
  const client = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, timeoutMs: 5000 });
  const r = await post(sim, 'job', { name: 'ctl-job', profile: 'error', files: 3, newMs: 0, waitMs: 0, runMs: 60_000 });
  assert.equal(r.status, 200);
  const job = (await r.json()) as { jobHandle: string; companyHandle: string };
  assert.equal(job.companyHandle, 'c|15');
  const active = await client.getActiveJobs({ companyHandle: 'c|15' });
  assert.ok(active.some((a) => a.jobHandle === job.jobHandle && a.name === 'ctl-job'));
  assert.equal(sim.world.runByHandle(job.jobHandle)?.plan.profile, 'error');

  assert.equal((await post(sim, 'fault', { kind: 'http', status: 502, count: 'all', op: 'getActiveJobs' })).status, 200);
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      client.getActiveJobs({ companyHandle: 'c|15' }),
      (e: { kind?: string; httpStatus?: number }) => e.kind === 'network' && e.httpStatus === 502,
    );
  }
  const state = (await (await fetch(new URL('/__sim/state', sim.url))).json()) as { calls: Record<string, number>; pending: number };
  assert.equal(state.pending, 1);
  assert.ok((state.calls.getActiveJobs ?? 0) >= 3);
  assert.deepEqual(await (await post(sim, 'clear', {})).json(), { pending: 0 });
  assert.ok(Array.isArray(await client.getActiveJobs({ companyHandle: 'c|15' })));
});

test('bad control requests: 4xx with a reason; without control: not there at all', async () => {
  const cases: Array<[Promise<Response>, number, RegExp]> = [
    [post(sim, 'fault', { kind: 'nope' }), 400, /kind/],
    [post(sim, 'fault', { kind: 'http', status: 42 }), 400, /status/],
    [post(sim, 'fault', { kind: 'soapFault' }), 400, /code/],
    [post(sim, 'job', {}), 400, /name/],
    [post(sim, 'job', { name: 'x', profile: 'great' }), 400, /profile/],
    [post(sim, 'job', { name: 'x', companyHandle: 'c|999' }), 400, /unknown company/],
    [post(sim, 'job', '{not json'), 400, /JSON/],
    [post(sim, 'job', '[1]'), 400, /object/],
    [post(sim, 'job', { name: 'x' }, 'text/plain'), 415, /application\/json/],
    [post(sim, 'reset', {}), 404, /no control command/],
    [fetch(new URL('/__sim/job', sim.url)), 405, /POST/],
  ];
  for (const [p, status, reason] of cases) {
    const r = await p;
    const body = (await r.json()) as { error?: string };
    assert.equal(r.status, status, JSON.stringify(body));
    assert.match(body.error ?? '', reason);
  }
  const r = await post(off, 'clear', {});
  assert.equal(r.status, 404);
  assert.match(await r.text(), /Not Found/);
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('::ffff:127.0.0.1'));
  assert.ok(!isLoopback('192.168.1.2') && !isLoopback('::ffff:10.0.0.1') && !isLoopback(undefined));
});
