// Faults, reconnects, sign-in failure, restart with persisted history, corrupt history file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fast, rig } from './engine-helpers.ts';
import { createFileHistoryStore } from '../../electron/core/history.ts';
import { tempDir } from '../helpers/tmp.ts';

test('network outage: backoff without a storm, one lost and one restored notification', async () => {
  const r = await rig({ settings: fast() });
  try {
    const before = r.api.calls.getActiveJobs ?? 0;
    r.network(false);
    await r.advance(30 * 60_000, 15_000); // half an hour offline
    const attempts = (r.api.calls.getActiveJobs ?? 0) - before;
    // Two companies; backoff 5 s doubling to a 300 s cap: about a dozen tries each, not one per 15 s step (120 each).
    assert.ok(attempts <= 2 * 16, `attempts in 30 min: ${attempts}`);
    assert.ok(attempts >= 4, `still retrying: ${attempts}`);
    assert.equal(r.engine.connection().state, 'offline');
    assert.ok(r.engine.connection().retryAt);
    assert.equal(r.engine.tray().icon, 'offline');
    r.network(true);
    await r.advance(6 * 60_000, 15_000);
    assert.equal(r.engine.connection().state, 'ok');
    const states = r.events.filter((e) => e.event === 'connection').map((e) => e.event === 'connection' && e.state);
    assert.deepEqual(states, ['ok', 'offline', 'ok'], 'one event per state change, not per retry');
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['connection-lost', 'connection-restored'],
    );
    assert.equal(r.api.calls.getCompanyMembership, 1);
  } finally {
    await r.close();
  }
});

/** The simulator's fault injection works (probe with one getUserInfo). */
async function faultsWork(r: Awaited<ReturnType<typeof rig>>): Promise<boolean> {
  r.sim.faults.httpError(503, { op: 'getUserInfo', count: 1 });
  try {
    await r.api.getUserInfo();
    return false;
  } catch {
    return true;
  } finally {
    r.sim.faults.clear();
  }
}

test('IPS answering 503 pages: backoff, error state, recovery', async () => {
  const r = await rig({ settings: fast() });
  try {
    assert.ok(await faultsWork(r), 'the simulator’s fault injection is active');
    const before = r.api.calls.getActiveJobs ?? 0;
    r.sim.faults.httpError(503, { count: Infinity });
    await r.advance(30 * 60_000, 15_000);
    const attempts = (r.api.calls.getActiveJobs ?? 0) - before;
    assert.ok(attempts <= 2 * 16 && attempts >= 4, `attempts in 30 min: ${attempts}`);
    assert.notEqual(r.engine.connection().state, 'ok');
    r.sim.faults.clear();
    await r.advance(6 * 60_000, 15_000);
    assert.equal(r.engine.connection().state, 'ok');
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['connection-lost', 'connection-restored'],
    );
  } finally {
    await r.close();
  }
});

test('dropped connections and malformed answers: offline/error states, never a crash', async () => {
  const r = await rig({ settings: fast() });
  try {
    assert.ok(await faultsWork(r), 'the simulator’s fault injection is active');
    r.sim.faults.drop({ op: 'getActiveJobs', count: 3 });
    r.sim.faults.malformed({ op: 'getJobLogs', count: 2 });
    r.engine.pollNow();
    await r.advance(10 * 60_000, 10_000);
    assert.equal(r.engine.connection().state, 'ok');
    assert.ok(r.notes.filter((n) => n.kind === 'connection-lost').length <= 1);
  } finally {
    await r.close();
  }
});

test('wrong password: auth-failed once, polling stops', async () => {
  const r = await rig({ password: 'wrong' });
  try {
    assert.equal(r.engine.connection().state, 'auth-failed');
    assert.equal(r.engine.tray().icon, 'auth');
    const calls = { ...r.api.calls };
    await r.advance(60 * 60_000, 60_000);
    assert.deepEqual(r.api.calls, calls, 'no calls after an auth failure');
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['auth-failed'],
    );
  } finally {
    await r.close();
  }
});

test('restart with persisted history: nothing repeats; a corrupt file is recovered', async () => {
  const dir = tempDir('engine-hist-');
  const path = join(dir, 'history.json');
  const r = await rig({ settings: fast(), historyStore: createFileHistoryStore(path) });
  try {
    r.sim.world.addJob({ name: 'before-restart', profile: 'error', files: 4, plan: { newMs: 1000, waitMs: 1000, runMs: 20_000 } });
    r.engine.pollNow();
    await r.advance(60_000, 5_000);
    assert.deepEqual(
      r.notes.map((n) => n.kind),
      ['finished-error'],
    );
    await r.engine.stop();

    // Restart: same server, history from the file.
    const notesBefore = r.notes.length;
    const finishedBefore = r.events.filter((e) => e.event === 'job-finished').length;
    r.newEngine({ historyStore: createFileHistoryStore(path) });
    r.engine.start();
    await r.idle();
    await r.advance(60_000, 15_000);
    assert.equal(r.notes.length, notesBefore, 'no repeated notifications');
    assert.equal(r.events.filter((e) => e.event === 'job-finished').length, finishedBefore, 'restored jobs are not finished again');
    assert.ok(r.engine.jobs().some((j) => j.name.startsWith('before-restart') && j.outcome === 'error'));
    await r.engine.stop();

    // Corrupt file: moved aside, the engine starts with an empty history and works.
    await writeFile(path, '{"version":1,"jobs":[{"key":');
    r.newEngine({ historyStore: createFileHistoryStore(path) });
    r.engine.start();
    // The history file is read before the first poll: wait for the poll, not just for quiet.
    await r.until(() => r.engine.connection().state !== 'connecting', 'the first poll after recovery');
    assert.equal(r.engine.connection().state, 'ok');
    assert.ok((await readdir(dir)).includes('history.json.corrupt'));
    assert.equal(r.notes.length, notesBefore, 'baseline after recovery: still no storm');
    await r.engine.stop();
    assert.ok((await readdir(dir)).includes('history.json'), 'saved again on stop');
  } finally {
    await r.close();
    await rm(dir, { recursive: true, force: true });
  }
});
