// The simulator's run timeline is a pure function of (run, now): snapshot() and inspect()
// read a run and never write it; the world writes a run only when it ticks (or acts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock } from '../../electron/clock.ts';
import { seedDefaultWorld } from '../../electron/simulator/demo.ts';
import { UPLOAD_IDLE_MS, runSnapshot } from '../../electron/simulator/timeline.ts';
import { World, type Run } from '../../electron/simulator/world.ts';

const T0 = Date.parse('2024-05-02T16:00:00Z');

function world(): World {
  const w = new World({ clock: createManualClock(T0), seed: 3 });
  seedDefaultWorld(w, []);
  return w;
}

/** Everything about a run that can change, as plain data. */
const state = (r: Run) => JSON.stringify({ plan: r.plan, pauses: r.pauses, stopAt: r.stopAt, deleted: r.deleted, upload: r.upload, final: r.final });

test('snapshot and inspect of a finished, a stopped and an idle upload run write nothing', () => {
  const w = world();
  const done = w.addJob({ name: 'done', files: 10, profile: 'warning', plan: { newMs: 0, waitMs: 0, runMs: 1000 } });
  const stopped = w.addJob({ name: 'stopped', files: 10, plan: { newMs: 0, waitMs: 0, runMs: 100_000 } });
  const upload = w.createUploadRun({ company: w.companies.get('c|15')!, name: 'idle', submitUserEmail: 'demo@example.com', locale: 'en-US', ip: '127.0.0.1' });
  w.addUploadFiles(upload, ['a.jpg', 'b-warn.jpg']);
  w.stopJob('c|15', stopped.handle);
  const clock = w.clock as ReturnType<typeof createManualClock>;
  clock.advance(UPLOAD_IDLE_MS + 60_000); // past the end of each, without a tick
  const before = [done, stopped, upload].map(state);
  const snaps = [done, stopped, upload].map((r) => w.snapshot(r));
  const seen = [done, stopped, upload].map((r) => w.inspect(r.handle));
  assert.deepEqual([done, stopped, upload].map(state), before, 'no run was written');
  assert.equal(done.final, undefined);
  assert.equal(upload.upload?.waiting, true, 'the idle end is computed, not applied');
  // What a read sees is what the world settles to.
  assert.deepEqual(
    snaps.map((s) => [s.state, s.finished, s.counts.totalFileCount]),
    [
      ['Done', true, 10],
      ['Done', true, 10],
      ['Done', true, 2],
    ],
  );
  assert.deepEqual(
    seen.map((s) => s?.state),
    ['Done', 'Done', 'Done'],
  );
  w.tick();
  assert.ok(done.final && stopped.final && upload.final, 'a tick fixes each finished run');
  assert.equal(upload.upload?.waiting, false, 'and ends the idle upload');
  for (const [i, r] of [done, stopped, upload].entries()) assert.deepEqual(runSnapshot(r, w.now(), w), snaps[i], `${r.name}: the same state after settling`);
});
