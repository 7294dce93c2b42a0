// What the board keeps shares no memory with the response it was parsed from, and the board's
// field comparison answers like the JSON comparison it replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fresh, freshRecord, shared } from '../../electron/core/fresh.ts';
import { sameValue } from '../../electron/core/job-equal.ts';
import { createBoard, recentFinished, pruneFinished, applySnapshot } from '../../electron/core/board.ts';
import { jobKey } from '../../shared/domain.ts';
import { CO, log } from './core-fake.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth (bytes) from keeping what `keep` returns for 20 bodies of 2 MB each. */
function heapKept(keep: (body: string, i: number) => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    const body = `<soap:Envelope>${String(i).repeat(2_000_000 / String(i).length)}<jobHandle>c|1|j|${i}|ImageServingPublish|1714640360000</jobHandle></soap:Envelope>`;
    kept.push(keep(body, i));
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(kept.length, 20);
  return grown;
}

const handleOf = (body: string) => body.slice(body.indexOf('<jobHandle>') + 11, body.indexOf('</jobHandle>'));

test('a kept substring pins its body; a fresh copy does not', () => {
  const pinned = heapKept((b) => handleOf(b));
  const copied = heapKept((b) => fresh(handleOf(b)));
  const record = heapKept((b) => freshRecord({ companyHandle: CO, jobHandle: handleOf(b), log: { jobHandle: handleOf(b), logType: 'EndUpload' } }));
  console.log(
    `# kept: substrings ${(pinned / 1048576).toFixed(1)} MiB, fresh ${(copied / 1048576).toFixed(2)} MiB, records ${(record / 1048576).toFixed(2)} MiB`,
  );
  assert.ok(pinned > 20 * 1_500_000, `the control pins the bodies: ${(pinned / 1048576).toFixed(1)} MiB`);
  assert.ok(copied < 6_000_000, `fresh copies keep ${(copied / 1024).toFixed(0)} KiB`);
  assert.ok(record < 6_000_000, `fresh records keep ${(record / 1024).toFixed(0)} KiB`);
});

test('freshRecord copies values faithfully and shares repeated short ones', () => {
  const r = { key: 'k', companyHandle: 'c|1', n: 3, ok: false, list: [{ taskType: 'Upload', n: 1 }], nothing: undefined };
  const c = freshRecord(r);
  assert.deepEqual(c, { key: 'k', companyHandle: 'c|1', n: 3, ok: false, list: [{ taskType: 'Upload', n: 1 }] });
  assert.equal(shared('EndUpload'), shared('End' + 'Upload'));
});

test('the runs of a recurring job share one copy of its name', () => {
  // 50,000 runs of 5 schedules, each name cut out of its own response: copies would keep ~2.7 MiB of names.
  gc();
  const before = process.memoryUsage().heapUsed;
  const names: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    const body = `<item><name>nightly publish of the spring catalogue ${i % 5}</name><n>${i}</n></item>`;
    const r = freshRecord({ name: body.slice(12, body.indexOf('</name>')), log: { jobName: body.slice(12, body.indexOf('</name>')) } });
    names.push(r.name, r.log.jobName);
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(new Set(names).size, 5);
  // The array of 100,000 references alone is ~0.8 MiB.
  assert.ok(grown < 1_300_000, `names kept ${(grown / 1048576).toFixed(2)} MiB`);
});

test('the field comparison answers like JSON of both', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: [1, undefined] }, { a: [1, null] }],
    [{ a: NaN }, { a: null }],
    [{ a: { b: 'x' } }, { a: { b: 'y' } }],
    [{ a: [] }, { a: {} }],
    [{ a: 1 }, { a: '1' }],
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
  ];
  for (const [x, y] of cases) {
    const json =
      JSON.stringify(x) === JSON.stringify(y) || JSON.stringify(Object.entries(x as object).sort()) === JSON.stringify(Object.entries(y as object).sort());
    assert.equal(sameValue(x, y), json, `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  }
});

test("the board's index of recent finishes survives removals and prunes only what left the window", () => {
  const b = createBoard();
  const t = Date.parse('2024-05-02T09:00:00.000Z');
  const logs = Array.from({ length: 30 }, (_, i) =>
    log(`h${i}`, { startDate: new Date(t - (i + 2) * 86_400_000).toISOString(), endDate: new Date(t - (i + 1) * 86_400_000).toISOString() }),
  );
  applySnapshot(b, { companyHandle: CO, active: [], scheduled: [], logs }, { now: t, finishWaitMs: 60_000, pendingTimeoutMs: 60_000 });
  assert.deepEqual(
    recentFinished(b, 3).map((j) => j.jobHandle),
    ['h0', 'h1', 'h2'],
  );
  const none = pruneFinished(b, t, 40, 100);
  assert.equal(none.remove.length, 0);
  const gone = pruneFinished(b, t, 10, 5);
  assert.equal(b.jobs.size, 5);
  assert.equal(gone.remove.length, 25);
  assert.deepEqual(
    recentFinished(b, 10).map((j) => j.jobHandle),
    ['h0', 'h1', 'h2', 'h3', 'h4'],
  );
  // Removing the newest makes the next one the newest.
  pruneFinished(b, t, 10, 2);
  assert.deepEqual(
    recentFinished(b, 5).map((j) => j.jobHandle),
    ['h0', 'h1'],
  );
  assert.ok(b.jobs.has(jobKey(CO, 'h1')));
});
