// Job actions in the wrong state are refused as IPS refuses them (ipsApiFault 30001 with a
// reason naming the job and its state), and a refused action changes nothing. Raw SOAP
// over loopback against the simulator, driven by a manual clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type ManualClock, type Simulator } from '../../electron/simulator/index.ts';
import { T0, faultOf, one, raw, x } from './simulator-helpers.ts';

let sim: Simulator;
let clock: ManualClock;

before(async () => {
  clock = createManualClock(T0);
  sim = await startSimulator({ clock, seed: 11, stopMs: 1500, doneLingerMs: 1000 });
});
after(async () => {
  await sim.close();
});

const CO = 'c|15';
type Action = 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob';

async function act(op: Action, jobHandle: string) {
  const r = await raw(sim, op, x({ companyHandle: CO, jobHandle }));
  return { status: r.status, fault: faultOf(r.text), text: r.text };
}

/** The action is refused with 30001 and a reason matching `why`. */
async function refused(op: Action, jobHandle: string, why: RegExp): Promise<void> {
  const r = await act(op, jobHandle);
  assert.equal(r.status, 500, `${op} ${jobHandle} should be refused: ${r.text.slice(0, 300)}`);
  assert.equal(r.fault?.element, 'ipsApiFault');
  assert.equal(r.fault?.code, 30001);
  assert.match(r.fault?.reason ?? '', why);
  assert.ok(r.fault?.reason.includes(jobHandle), 'the reason names the job');
}

async function accepted(op: Action, jobHandle: string): Promise<void> {
  const r = await act(op, jobHandle);
  assert.equal(r.status, 200, `${op} ${jobHandle}: ${r.text.slice(0, 300)}`);
  assert.match(r.text, new RegExp(`<${op}Return\\b`));
}

const running = (name: string, runMs = 60_000) => sim.world.addJob({ name, files: 10, plan: { newMs: 0, waitMs: 0, runMs } });

describe('stopJob', () => {
  it('a running or paused job stops; a stopping or finished one is refused', async () => {
    const a = running('stop-running');
    const b = running('stop-paused');
    sim.world.advance(5_000);
    await accepted('pauseJob', b.handle);
    await accepted('stopJob', a.handle);
    await accepted('stopJob', b.handle);
    assert.equal(sim.world.inspect(a.handle)?.state, 'Stopping');
    await refused('stopJob', a.handle, /already stopping/);
    sim.world.advance(5_000);
    assert.equal(sim.world.inspect(a.handle)?.finished, true);
    await refused('stopJob', a.handle, /already finished/);
  });

  it('a job that finished by itself cannot be stopped, and its log is untouched', async () => {
    const done = running('stop-done', 1_000);
    sim.world.advance(10_000);
    const before = sim.world.inspect(done.handle);
    assert.equal(before?.finished, true);
    await refused('stopJob', done.handle, /already finished: only a job in progress can be stopped/);
    const after = sim.world.inspect(done.handle);
    assert.equal(after?.stopped, false, 'not marked stopped');
    assert.deepEqual(after?.counts, before?.counts);
  });

  it('a schedule with no run in progress has nothing to stop', async () => {
    const s = sim.world.addScheduledJob({ name: 'stop-sched', execSchedule: '0 0 3 ? * SUN' });
    await refused('stopJob', s.handle, /scheduled job with no run in progress/);
  });
});

describe('pauseJob and resumeJob', () => {
  it('a running job pauses once; pausing again or resuming a running job is refused', async () => {
    const j = running('pause-run');
    sim.world.advance(2_000);
    await refused('resumeJob', j.handle, /is not paused: it is running/);
    await accepted('pauseJob', j.handle);
    await refused('pauseJob', j.handle, /already paused/);
    await accepted('resumeJob', j.handle);
    await refused('resumeJob', j.handle, /is not paused/);
    assert.equal(sim.world.inspect(j.handle)?.paused, false);
  });

  it('a finished job can be neither paused nor resumed', async () => {
    const j = running('pause-done', 500);
    sim.world.advance(10_000);
    await refused('pauseJob', j.handle, /already finished and cannot be paused/);
    await refused('resumeJob', j.handle, /already finished and cannot be resumed/);
  });

  it('a schedule: pause only when Normal, resume only when Paused', async () => {
    const s = sim.world.addScheduledJob({ name: 'pause-sched', execSchedule: '0 */5 * * * ?' });
    await refused('resumeJob', s.handle, /is not paused: its trigger state is Normal/);
    await accepted('pauseJob', s.handle);
    assert.equal(s.triggerState, 'Paused');
    await refused('pauseJob', s.handle, /already paused/);
    await accepted('resumeJob', s.handle);
    assert.equal(s.triggerState, 'Normal');
  });
});

describe('deleteJob', () => {
  it("an active job's handle is refused and the job keeps running", async () => {
    const j = running('delete-run');
    sim.world.advance(3_000);
    await refused('deleteJob', j.handle, /job in progress, not a scheduled job.*stopJob/);
    const still = await raw(sim, 'getActiveJobs', x({ companyHandle: CO, jobHandle: j.handle }));
    assert.equal(one(still.text, 'state'), 'Running');
    assert.equal(sim.world.inspect(j.handle)?.stopped, false);
  });

  it("a finished job's handle is refused; its log stays", async () => {
    const j = running('delete-done', 500);
    sim.world.advance(10_000);
    await refused('deleteJob', j.handle, /already finished and is not a scheduled job/);
    const log = await raw(sim, 'getJobLogs', x({ companyHandle: CO }));
    assert.ok(log.text.includes(j.handle));
  });

  it('a scheduled job is deleted; its run in progress keeps running', async () => {
    const s = sim.world.addScheduledJob({ name: 'delete-sched', execSchedule: '0 */5 * * * ?', plan: { newMs: 0, waitMs: 0, runMs: 600_000 } });
    const fired = sim.world.fireSchedule(s.handle);
    sim.world.advance(1_000);
    await accepted('deleteJob', s.handle);
    assert.equal(sim.world.scheduled.has(s.handle), false);
    assert.equal(sim.world.inspect(fired.handle)?.state, 'Running');
  });
});

describe('refusals on the wire', () => {
  it('honour faultHttpStatusCode and stay well formed SOAP 1.1 and 1.2 faults', async () => {
    const done = running('wire-done', 500);
    sim.world.advance(10_000);
    const inner = x({ companyHandle: CO, jobHandle: done.handle });
    const s11 = await raw(sim, 'stopJob', inner, { extraAuth: '<a:faultHttpStatusCode>200</a:faultHttpStatusCode>' });
    assert.equal(s11.status, 200);
    assert.equal(faultOf(s11.text)?.code, 30001);
    assert.match(s11.text, /<faultcode>soap:Client<\/faultcode><faultstring>IpsApiException<\/faultstring>/);
    const s12 = await raw(sim, 'stopJob', inner, { soap12: true });
    assert.equal(s12.status, 500);
    assert.match(s12.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    assert.match(s12.text, /xmlns:soap="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"/);
    assert.match(s12.text, /<soap:Code><soap:Value>soap:Sender<\/soap:Value><\/soap:Code>/);
    assert.equal(faultOf(s12.text)?.code, 30001);
  });
});
