// The first error's reason in a failure notification: one bounded request, cached, and a
// notification that goes out without the reason when the answer is late or fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFirstErrors, ERROR_LOG_TYPES } from '../../electron/core/first-error.ts';
import { createManualClock } from '../../electron/clock.ts';
import type { AppNotification, JobLog } from '../../shared/domain.ts';
import type { JobLogDetailsQuery } from '../../electron/ips/api.ts';
import { log } from './core-fake.ts';

const REF = { companyHandle: 'c|1', jobHandle: 'j|1' };
const NOTE: AppNotification = { id: 'fin:x', kind: 'finished-error', title: 'Job failed', body: 'spring: 2 errors.', jobKey: 'c|1\u0000j|1' };

function fakeApi(answer: (q: JobLogDetailsQuery) => Promise<JobLog[]>) {
  const calls: JobLogDetailsQuery[] = [];
  return {
    calls,
    api: {
      getJobLogDetails: (q: JobLogDetailsQuery) => {
        calls.push(q);
        return answer(q);
      },
    },
  };
}
const withRow = (logMessage: string, assetName?: string): JobLog[] => [
  { ...log('j|1'), detailArray: [{ logMessage, logType: 'UploadError', ...(assetName ? { assetName } : {}) }] },
];

test('one request for one error row, oldest first; the reason is added to the body and cached', async () => {
  const { api, calls } = fakeApi(async () => withRow('File  is\nnot an image', 'shoe.psd'));
  const clock = createManualClock();
  const fe = createFirstErrors({ api, clock });
  const out = await fe.enrich(NOTE, 'en', REF);
  assert.equal(out.body, 'spring: 2 errors.\nFirst error: shoe.psd: File is not an image');
  assert.equal(calls.length, 1);
  assert.deepEqual(
    { ...calls[0], logTypeArray: undefined },
    { ...REF, logTypeArray: undefined, recordsPerPage: 1, resultsPage: 1, sortBy: 'Date', sortDirection: 'Ascending' },
  );
  assert.ok(calls[0]!.logTypeArray!.includes('FatalError') && calls[0]!.logTypeArray === ERROR_LOG_TYPES);
  const zh = await fe.enrich(NOTE, 'zh-CN', REF);
  assert.match(zh.body, /第一个错误：shoe\.psd: File is not an image$/);
  assert.equal(calls.length, 1, 'the second notification of the same job asks nothing');
  assert.equal(clock.pending(), 0, 'no timer left behind');
});

test('an answer later than the deadline: the notification goes out without the reason', async () => {
  let answer!: (v: JobLog[]) => void;
  const { api, calls } = fakeApi(() => new Promise((r) => (answer = r)));
  const clock = createManualClock();
  const fe = createFirstErrors({ api, clock, timeoutMs: 2500 });
  const pending = fe.enrich(NOTE, 'en', REF);
  clock.advance(2499);
  let done = false;
  void pending.then(() => (done = true));
  await Promise.resolve();
  assert.equal(done, false, 'still waiting before the deadline');
  clock.advance(1);
  assert.deepEqual(await pending, NOTE);
  // The late answer is kept: the next one has it at once, without a new request.
  answer(withRow('Disk full'));
  await new Promise((r) => setImmediate(r));
  assert.match((await fe.enrich(NOTE, 'en', REF)).body, /First error: Disk full$/);
  assert.equal(calls.length, 1);
});

test('a failing request or a job without error rows: no reason, no rejection; a failure is asked again later', async () => {
  let fail = true;
  const { api, calls } = fakeApi(async () => {
    if (fail) throw new Error('ECONNRESET');
    return [{ ...log('j|1'), detailArray: [] }];
  });
  const fe = createFirstErrors({ api, clock: createManualClock() });
  assert.deepEqual(await fe.enrich(NOTE, 'en', REF), NOTE);
  fail = false;
  assert.deepEqual(await fe.enrich(NOTE, 'en', REF), NOTE);
  assert.equal(calls.length, 2);
});

test('only failure notifications of a job wait; a long reason is cut; the cache is bounded', async () => {
  const { api, calls } = fakeApi(async (q) => withRow('x'.repeat(500) + q.jobHandle));
  const fe = createFirstErrors({ api, clock: createManualClock(), cacheSize: 2 });
  const ok: AppNotification = { ...NOTE, kind: 'finished-success' };
  assert.equal(await fe.enrich(ok, 'en', REF), ok);
  assert.equal(await fe.enrich(NOTE, 'en', undefined), NOTE);
  assert.equal(calls.length, 0);
  const r = await fe.reason(REF);
  assert.equal(r!.length, 200);
  assert.ok(r!.endsWith('…'));
  await fe.reason({ ...REF, jobHandle: 'j|2' });
  await fe.reason({ ...REF, jobHandle: 'j|3' }); // pushes j|1 out
  await fe.reason(REF);
  assert.equal(calls.length, 4);
});
