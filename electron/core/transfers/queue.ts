// The transfer queue (electron-free): uploads and downloads with a concurrency limit, pause,
// resume, cancel, automatic retry with backoff and then Failed with Retry. Every record is
// persisted after each change that matters (state, job handle, each accepted file), so a
// quit or crash loses none. On start, what was running waits again and resumes where the
// protocol allows: uploads continue their IPS job (by jobHandle) while it still waits for
// files (30 minutes after the last POST), sending only unfinished files; downloads continue
// their .part file with Range. An upload whose job is gone shows as interrupted, with Retry.
import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../../../shared/domain.ts';
import { IpsError, toErrorInfo } from '../../ips/errors.ts';
import type { UploadJobSpec } from '../../ips/upload.ts';
import { backoffDelay } from '../backoff.ts';
import { createEmitter } from '../../../shared/emitter.ts';
import { systemClock, type Clock } from '../../clock.ts';
import type { DownloadTransfer, Downloader, ResendRecord, Transfer, TransferStore, UploadExtras, UploadTransfer, Uploader } from './types.ts';

/** An upload job waits this long for the next POST (documented). */
export const UPLOAD_JOB_IDLE_MS = 30 * 60_000;

export interface TransferQueueOptions {
  store: TransferStore;
  uploader: Uploader;
  downloader: Downloader;
  clock?: Clock;
  random?: () => number;
  /** Transfers at a time (default 2). */
  concurrency?: number;
  /** Failed attempts before Failed (default 4). */
  maxAttempts?: number;
  backoff?: { baseMs: number; maxMs: number };
}

export interface TransferQueue {
  /** Loads the saved queue and recovers what was interrupted; then runs. */
  start(): Promise<void>;
  addUpload(spec: UploadJobSpec, extras?: UploadExtras): Promise<string>;
  /** Records that an upload's failed files were re-sent (persisted). */
  markResent(id: string, resent: ResendRecord): Promise<void>;
  addDownload(input: { url: string; dir: string; fileName?: string }): Promise<string>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Failed or interrupted → waiting, attempts reset. */
  retry(id: string): Promise<void>;
  /** Drops finished and cancelled records. */
  clearFinished(): Promise<void>;
  list(): Transfer[];
  get(id: string): Transfer | undefined;
  onChange(listener: (t: Transfer) => void): () => void;
  /** Stops running transfers (they stay recorded as they were, to resume after start()). */
  stop(): Promise<void>;
  /** Resolves when nothing is running or waiting to start now (tests). */
  idle(): Promise<void>;
}

const RETRYABLE_KINDS = new Set(['network', 'timeout']);

function retryable(err: unknown): boolean {
  if (!(err instanceof IpsError)) return false;
  return RETRYABLE_KINDS.has(err.kind) && (err.httpStatus === undefined || err.httpStatus >= 500 || err.httpStatus === 429 || err.httpStatus === 408);
}

/** The upload job no longer takes files (ended, timed out): continuing it is impossible. */
function jobGone(err: unknown): boolean {
  return (
    err instanceof IpsError &&
    err.kind === 'fault' &&
    err.code === 30001 &&
    /no longer accepting|Unknown upload job/i.test(`${err.message} ${err.reason ?? ''}`)
  );
}

export function createTransferQueue(o: TransferQueueOptions): TransferQueue {
  const clock = o.clock ?? systemClock;
  const random = o.random ?? Math.random;
  const concurrency = Math.max(1, o.concurrency ?? 2);
  const maxAttempts = Math.max(1, o.maxAttempts ?? 4);
  const backoff = o.backoff ?? { baseMs: 2000, maxMs: 120_000 };
  const items = new Map<string, Transfer>();
  const running = new Map<string, { abort: AbortController; done: Promise<void>; why?: 'pause' | 'cancel' | 'stop' }>();
  const timers = new Map<string, unknown>();
  /** Each listener gets its own copy (a listener that throws does not stop the queue). */
  const changes = createEmitter<Transfer>();
  let stopped = false;
  let idleWaiters: Array<() => void> = [];

  const snapshot = (): Transfer[] => [...items.values()].map((t) => structuredClone(t));
  const persist = (): Promise<void> => o.store.save({ version: 1, transfers: snapshot() });
  const emit = (t: Transfer): void => changes.emit(t);
  const change = async (t: Transfer, patch: Partial<Transfer>, save = true): Promise<void> => {
    Object.assign(t, patch, { updatedAt: clock.now() });
    if (patch.error === undefined && 'error' in patch) delete t.error;
    emit(t);
    if (save) await persist();
  };

  const checkIdle = (): void => {
    const busy = running.size > 0 || [...items.values()].some((t) => t.state === 'waiting');
    if (!busy) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const r of w) r();
    }
  };

  const pump = (): void => {
    if (stopped) return;
    for (const t of items.values()) {
      if (running.size >= concurrency) break;
      if (t.state === 'waiting' && !running.has(t.id)) run(t);
    }
    checkIdle();
  };

  const schedule = (t: Transfer, at: number): void => {
    const prev = timers.get(t.id);
    if (prev !== undefined) clock.clearTimeout(prev);
    timers.set(
      t.id,
      clock.setTimeout(
        () => {
          timers.delete(t.id);
          if (t.state === 'retrying' && !stopped) void change(t, { state: 'waiting' }).then(pump);
        },
        Math.max(0, at - clock.now()),
      ),
    );
  };

  function run(t: Transfer): void {
    const abort = new AbortController();
    const entry: { abort: AbortController; done: Promise<void>; why?: 'pause' | 'cancel' | 'stop' } = { abort, done: Promise.resolve() };
    running.set(t.id, entry);
    entry.done = (async () => {
      await change(t, { state: 'running', nextAttemptAt: undefined } as Partial<Transfer>);
      try {
        if (t.kind === 'upload') await runUpload(t, abort.signal);
        else await runDownload(t, abort.signal);
        await change(t, { state: 'done', attempts: 0, error: undefined } as Partial<Transfer>);
      } catch (err) {
        await settleFailure(t, err, entry.why);
      } finally {
        running.delete(t.id);
        pump();
      }
    })();
  }

  async function settleFailure(t: Transfer, err: unknown, why: 'pause' | 'cancel' | 'stop' | undefined): Promise<void> {
    if (why === 'pause') return change(t, { state: 'paused' });
    if (why === 'cancel') return change(t, { state: 'cancelled' });
    if (why === 'stop') return persist(); // stays 'running' on disk: recovered on the next start
    const error: ErrorInfo = toErrorInfo(err);
    if (t.kind === 'upload' && t.jobHandle && jobGone(err)) {
      return change(t, { state: 'interrupted', error });
    }
    const attempts = t.attempts + 1;
    if (retryable(err) && attempts < maxAttempts) {
      const at = clock.now() + backoffDelay(attempts, { ...backoff, random });
      await change(t, { state: 'retrying', attempts, nextAttemptAt: at, error });
      schedule(t, at);
      return;
    }
    return change(t, { state: 'failed', attempts, error });
  }

  async function runUpload(t: UploadTransfer, signal: AbortSignal): Promise<void> {
    const done = new Set(t.doneFiles);
    await o.uploader(t, {
      signal,
      ...(t.jobHandle ? { jobHandle: t.jobHandle } : {}),
      done,
      onProgress: (p) => void change(t, { sent: p.sent, total: p.total }, false),
      onJobHandle: (h) => change(t, { jobHandle: h, lastPostAt: clock.now() }),
      onFileDone: (i) => {
        if (!t.doneFiles.includes(i)) t.doneFiles.push(i);
        return change(t, { doneFiles: t.doneFiles, lastPostAt: clock.now() });
      },
    });
  }

  async function runDownload(t: DownloadTransfer, signal: AbortSignal): Promise<void> {
    const result = await o.downloader(t, {
      signal,
      onProgress: (p) => void change(t, { received: p.received, ...(p.total !== undefined ? { total: p.total } : {}) }, false),
    });
    t.result = result;
    t.received = result.bytes;
    t.total = result.bytes;
  }

  /** After a restart: what can continue waits; an upload whose job has expired is interrupted. */
  function recover(t: Transfer): void {
    if (t.state !== 'running' && t.state !== 'retrying' && t.state !== 'waiting') return;
    if (t.kind === 'upload' && t.jobHandle) {
      const last = t.lastPostAt ?? t.updatedAt;
      if (clock.now() - last >= UPLOAD_JOB_IDLE_MS) {
        t.state = 'interrupted';
        t.error = {
          kind: 'internal',
          message: `The upload job ${t.jobHandle} ended while the app was not running; ${t.spec.files.length - t.doneFiles.length} files were not sent`,
        };
        return;
      }
    }
    t.state = 'waiting';
    delete t.nextAttemptAt;
  }

  /** Queues a new transfer (waiting, never tried), saves and announces it; its id. */
  const add = async <T extends Transfer>(fields: Omit<T, 'id' | 'state' | 'createdAt' | 'updatedAt' | 'attempts'>): Promise<string> => {
    const now = clock.now();
    const t = { id: randomUUID(), state: 'waiting', createdAt: now, updatedAt: now, attempts: 0, ...fields } as T;
    items.set(t.id, t);
    await persist();
    emit(t);
    pump();
    return t.id;
  };

  const find = (id: string): Transfer => {
    const t = items.get(id);
    if (!t) throw new IpsError('usage', `No transfer ${id}`);
    return t;
  };

  const stopRun = async (id: string, why: 'pause' | 'cancel' | 'stop'): Promise<void> => {
    const r = running.get(id);
    if (!r) return;
    r.why = why;
    r.abort.abort();
    await r.done;
  };

  return {
    async start() {
      stopped = false;
      const saved = await o.store.load();
      for (const t of saved?.transfers ?? []) {
        recover(t);
        items.set(t.id, t);
      }
      await persist();
      pump();
    },
    addUpload: (spec, extras) =>
      add<UploadTransfer>({
        kind: 'upload',
        spec: structuredClone(spec),
        doneFiles: [],
        sent: 0,
        total: spec.files.reduce((n, f) => n + f.size, 0),
        ...(extras?.accountId ? { accountId: extras.accountId } : {}),
        ...(extras?.resendOf ? { resendOf: extras.resendOf } : {}),
      }),
    async markResent(id, resent) {
      const t = find(id);
      if (t.kind === 'upload') await change(t, { resent: structuredClone(resent) } as Partial<Transfer>);
    },
    addDownload: (input) =>
      add<DownloadTransfer>({ kind: 'download', url: input.url, dir: input.dir, ...(input.fileName ? { fileName: input.fileName } : {}), received: 0 }),
    async pause(id) {
      const t = find(id);
      if (running.has(id)) return stopRun(id, 'pause');
      if (t.state === 'waiting' || t.state === 'retrying') await change(t, { state: 'paused' });
    },
    async resume(id) {
      const t = find(id);
      if (t.state !== 'paused') return;
      await change(t, { state: 'waiting' });
      pump();
    },
    async cancel(id) {
      const t = find(id);
      if (running.has(id)) return stopRun(id, 'cancel');
      if (t.state !== 'done') await change(t, { state: 'cancelled' });
    },
    async retry(id) {
      const t = find(id);
      if (t.state !== 'failed' && t.state !== 'interrupted') return;
      const patch: Partial<Transfer> = { state: 'waiting', attempts: 0, error: undefined };
      // The old job is gone: the unfinished files go to a new one.
      if (t.kind === 'upload' && t.state === 'interrupted') Object.assign(patch, { jobHandle: undefined });
      await change(t, patch);
      if (t.kind === 'upload' && t.jobHandle === undefined) delete (t as Partial<UploadTransfer>).jobHandle;
      pump();
    },
    async clearFinished() {
      for (const [id, t] of items) if (t.state === 'done' || t.state === 'cancelled') items.delete(id);
      await persist();
    },
    list: snapshot,
    get: (id) => (items.has(id) ? structuredClone(items.get(id) as Transfer) : undefined),
    onChange: (l) => changes.on((t) => l(structuredClone(t))),
    async stop() {
      stopped = true;
      for (const h of timers.values()) clock.clearTimeout(h);
      timers.clear();
      await Promise.all([...running.keys()].map((id) => stopRun(id, 'stop')));
      await persist();
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
  };
}
