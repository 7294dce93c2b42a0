// One long-lived answer worker (./answer-worker.ts) per worker script, reused across
// calls: starting one costs more than reading a 300 KB answer, and the app reads large
// answers at every poll. Jobs run one at a time, in order. A job whose deadline passes
// while it runs ends the worker (a parse cannot be interrupted otherwise); the next job
// starts a fresh one. An idle worker does not keep the process alive and ends after a
// while, so its heap goes back to the system.
import { Worker } from 'node:worker_threads';
import type { AnswerJob } from './answer-worker.ts';
import type { ErrorInfo } from '../../shared/domain.ts';

export type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

/** How one job ended. */
export type JobEnd =
  | { end: 'reply'; reply: Reply }
  /** The deadline passed (queued or running). */
  | { end: 'timeout' }
  /** The worker ran out of its heap on this job. */
  | { end: 'oom' }
  /** The worker cannot start here (a packaging that cannot load it). */
  | { end: 'broken' }
  /** The worker ended without a reply. */
  | { end: 'exit' };

const HEAP_MB = 1024;
const IDLE_MS = 30_000;

interface Pending {
  job: AnswerJob;
  done: (e: JobEnd) => void;
  timer: NodeJS.Timeout;
}

export interface AnswerPool {
  run(job: AnswerJob, deadline: number): Promise<JobEnd>;
}

export function createAnswerPool(file: string): AnswerPool {
  let worker: Worker | undefined;
  /** Whether the current worker has answered once (so it could start). */
  let started = false;
  let current: Pending | undefined;
  const queue: Pending[] = [];
  let idle: NodeJS.Timeout | undefined;

  const settle = (p: Pending, e: JobEnd): void => {
    clearTimeout(p.timer);
    p.done(e);
  };

  const stop = (): void => {
    const w = worker;
    worker = undefined;
    started = false;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => undefined);
      void w.terminate();
    }
  };

  const spawn = (): Worker => {
    const w = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    w.on('message', (reply: Reply) => {
      const p = current;
      current = undefined;
      started = true;
      if (p) settle(p, { end: 'reply', reply });
      pump();
    });
    w.on('error', (err: NodeJS.ErrnoException) => {
      const p = current;
      current = undefined;
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const broken = !oom && !started;
      stop();
      if (p) settle(p, { end: oom ? 'oom' : broken ? 'broken' : 'exit' });
      if (broken) for (const q of queue.splice(0)) settle(q, { end: 'broken' });
      else pump();
    });
    w.on('exit', () => {
      if (worker !== w) return;
      const p = current;
      current = undefined;
      worker = undefined;
      started = false;
      if (p) settle(p, { end: 'exit' });
      pump();
    });
    return w;
  };

  const pump = (): void => {
    if (current) return;
    const next = queue.shift();
    if (!next) {
      // Idle: let the process end, and end the worker after a while.
      worker?.unref();
      clearTimeout(idle);
      idle = setTimeout(stop, IDLE_MS);
      idle.unref();
      return;
    }
    clearTimeout(idle);
    current = next;
    worker ??= spawn();
    worker.ref();
    worker.postMessage(next.job);
  };

  return {
    run(job, deadline) {
      return new Promise<JobEnd>((resolve) => {
        const p: Pending = {
          job,
          done: resolve,
          timer: setTimeout(
            () => {
              if (current === p) {
                // A parse cannot be interrupted: end this worker; the next job gets a new one.
                current = undefined;
                stop();
                resolve({ end: 'timeout' });
                pump();
              } else {
                const i = queue.indexOf(p);
                if (i >= 0) queue.splice(i, 1);
                resolve({ end: 'timeout' });
              }
            },
            Math.max(1, deadline - Date.now()),
          ),
        };
        queue.push(p);
        pump();
      });
    },
  };
}
