// core/transfers/queue.ts with an injected uploader/downloader and a manual clock: limit,
// pause / resume / cancel, retry with backoff then Failed and Retry, and what a restart finds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createManualClock } from '../../electron/clock.ts';
import { createTransferQueue, UPLOAD_JOB_IDLE_MS } from '../../electron/core/transfers/queue.ts';
import { createFileTransferStore, createMemoryTransferStore } from '../../electron/core/transfers/store.ts';
import type { Downloader, Uploader } from '../../electron/core/transfers/types.ts';
import { IpsAuthenticationError, IpsFaultError, IpsNetworkError } from '../../electron/ips/errors.ts';
import { TransferCancelledError } from '../../electron/ips/servlet.ts';
import { tempDir } from './helpers.ts';

const spec = (n: number) => ({
  companyHandle: 'c|15',
  destFolder: 'A/',
  jobName: 'q',
  files: Array.from({ length: n }, (_, i) => ({ path: `/x/${i}`, size: 10, target: `${i}.jpg` })),
});
const noDownload: Downloader = async () => ({ path: '/x', bytes: 0, sha256: '', resumed: false });
const tick = () => new Promise((r) => setImmediate(r));
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
}

/** An uploader whose calls the test finishes by hand. */
function manualUploader() {
  const calls: Array<{
    id: string;
    done: number[];
    jobHandle?: string;
    resolve(): void;
    reject(e: unknown): void;
    fileDone(i: number): Promise<void>;
    signal: AbortSignal;
  }> = [];
  const up: Uploader = (t, ctx) =>
    new Promise((resolve, reject) => {
      const call = {
        id: t.id,
        done: [...ctx.done],
        ...(ctx.jobHandle ? { jobHandle: ctx.jobHandle } : {}),
        signal: ctx.signal,
        resolve: () => resolve({ jobHandle: ctx.jobHandle ?? 'j|15||q|1' }),
        reject,
        fileDone: async (i: number) => {
          if (!ctx.jobHandle) await ctx.onJobHandle('j|15||q|1');
          await ctx.onFileDone(i);
        },
      };
      ctx.signal.addEventListener('abort', () => reject(new TransferCancelledError()), { once: true });
      calls.push(call);
    });
  return { up, calls };
}

describe('transfer queue', () => {
  it('runs at most `concurrency` at a time; pause, resume and cancel', async () => {
    const { up, calls } = manualUploader();
    const q = createTransferQueue({ store: createMemoryTransferStore(), uploader: up, downloader: noDownload, clock: createManualClock(0), concurrency: 2 });
    await q.start();
    const ids = [await q.addUpload(spec(1)), await q.addUpload(spec(1)), await q.addUpload(spec(1))];
    await tick();
    assert.deepEqual(
      q.list().map((t) => t.state),
      ['running', 'running', 'waiting'],
    );
    await q.pause(ids[0]!);
    await tick();
    assert.equal(q.get(ids[0]!)?.state, 'paused');
    assert.equal(q.get(ids[2]!)?.state, 'running', 'the freed slot is used');
    await q.cancel(ids[1]!);
    assert.equal(q.get(ids[1]!)?.state, 'cancelled');
    await q.resume(ids[0]!);
    await tick();
    assert.equal(q.get(ids[0]!)?.state, 'running');
    for (const c of calls.slice(-2)) c.resolve();
    await q.idle();
    assert.deepEqual(
      q.list().map((t) => t.state),
      ['done', 'cancelled', 'done'],
    );
  });

  it('network failures retry with backoff, then Failed; Retry starts again; sign-in failures fail at once', async () => {
    const clock = createManualClock(0);
    let n = 0;
    const up: Uploader = async () => {
      n++;
      throw new IpsNetworkError('Could not reach IPS for UploadFile: the connection was dropped');
    };
    const q = createTransferQueue({
      store: createMemoryTransferStore(),
      uploader: up,
      downloader: noDownload,
      clock,
      maxAttempts: 3,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 10_000 },
    });
    await q.start();
    const id = await q.addUpload(spec(1));
    await tick();
    await tick();
    assert.equal(q.get(id)?.state, 'retrying');
    assert.equal(q.get(id)?.nextAttemptAt, 1000);
    clock.advance(1000);
    await tick();
    await tick();
    await tick();
    assert.equal(q.get(id)?.nextAttemptAt, 2000 + 1000, 'the second delay doubles');
    clock.advance(2000);
    for (let i = 0; i < 4; i++) await tick();
    assert.equal(q.get(id)?.state, 'failed');
    assert.equal(n, 3);
    assert.match(q.get(id)?.error?.message ?? '', /dropped/);
    await q.retry(id);
    for (let i = 0; i < 4; i++) await tick();
    assert.equal(n, 4);
    const q2 = createTransferQueue({
      store: createMemoryTransferStore(),
      uploader: async () => Promise.reject(new IpsAuthenticationError('IPS rejected the user name or password (10001)')),
      downloader: noDownload,
      clock,
    });
    await q2.start();
    const id2 = await q2.addUpload(spec(1));
    await q2.idle();
    assert.equal(q2.get(id2)?.state, 'failed');
    assert.equal(q2.get(id2)?.error?.kind, 'authentication');
  });

  it('a quit mid-upload loses nothing: after restart the upload continues its job with the unfinished files', async () => {
    const tmp = await tempDir();
    after(() => tmp.remove());
    const path = join(tmp.dir, 'transfers.json');
    const clock = createManualClock(0);
    const a = manualUploader();
    const q1 = createTransferQueue({ store: createFileTransferStore(path), uploader: a.up, downloader: noDownload, clock });
    await q1.start();
    const id = await q1.addUpload(spec(3));
    await until(() => a.calls.length > 0);
    await a.calls[0]!.fileDone(0);
    await q1.stop(); // quit
    clock.advance(10 * 60_000);
    const b = manualUploader();
    const q2 = createTransferQueue({ store: createFileTransferStore(path), uploader: b.up, downloader: noDownload, clock });
    await q2.start();
    await until(() => b.calls.length > 0);
    assert.equal(b.calls.length, 1);
    assert.deepEqual(b.calls[0]!.done, [0], 'file 0 is not sent again');
    assert.equal(b.calls[0]!.jobHandle, 'j|15||q|1', 'to the same job');
    b.calls[0]!.resolve();
    await q2.idle();
    assert.equal(q2.get(id)?.state, 'done');
    await q2.stop();
  });

  it('after 30 minutes the job is gone: interrupted, and Retry sends the rest to a new job', async () => {
    const store = createMemoryTransferStore();
    const clock = createManualClock(0);
    const a = manualUploader();
    const q1 = createTransferQueue({ store, uploader: a.up, downloader: noDownload, clock });
    await q1.start();
    const id = await q1.addUpload(spec(2));
    await tick();
    await a.calls[0]!.fileDone(0);
    await q1.stop();
    clock.advance(UPLOAD_JOB_IDLE_MS + 1);
    const b = manualUploader();
    const q2 = createTransferQueue({ store, uploader: b.up, downloader: noDownload, clock });
    await q2.start();
    assert.equal(q2.get(id)?.state, 'interrupted');
    assert.match(q2.get(id)?.error?.message ?? '', /1 files were not sent/);
    await q2.retry(id);
    await tick();
    assert.equal(b.calls[0]?.jobHandle, undefined, 'a new job');
    assert.deepEqual(b.calls[0]?.done, [0]);
    // A job that refuses further files while running also ends as interrupted.
    b.calls[0]!.reject(new IpsFaultError('IPS could not run UploadFile', { code: 30001, reason: "Upload job 'j' is no longer accepting files" }));
    await q2.idle();
    assert.equal(q2.get(id)?.state, 'failed', 'without a job handle yet, it is a plain failure');
  });
});
