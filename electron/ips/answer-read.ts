// Where an answer is read (./answer.ts): small ones at once on this thread (a few ms),
// large ones in a worker thread (./answer-pool.ts: one, reused) so the event loop stays
// free, under the call's deadline (the worker is ended when it passes), with a heap
// limit of its own.
//
// Measured (50 MB getActiveJobs, 59,511 jobs, this machine): soap's parse 3.8 s, normalize
// 0.6 s, structured clone of the result 0.3 s; per MB about 90 ms in all. The transport
// refuses answers over MAX_ANSWER_BYTES, so the worst read is about 3 s, off the main thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnswerPool, type AnswerPool } from './answer-pool.ts';
import { checkAnswer, readAnswer, type AnswerContext } from './answer.ts';
import type { AnswerJob } from './answer-worker.ts';
import { fromErrorInfo, IpsMalformedResponseError, IpsTimeoutError } from './errors.ts';
import type { EnvelopeParser } from './soap-wsdl.ts';
import { megabytes, type TransportResponse } from './transport.ts';

/** Answers up to this many characters are read on the calling thread (≈ 20 ms). */
export const INLINE_MAX_CHARS = 256 * 1024;
/**
 * Up to this size the cheap checks (./answer.ts checkAnswer, ≈ 15 ms a MB) run here first,
 * so a hostile answer (a DTD, a prototype key, 100,000 levels) is refused without a worker.
 */
export const CHECK_INLINE_MAX_CHARS = 4 * 1024 * 1024;

/** The bundled worker (dist/answer-worker.mjs) or, from source, answer-worker.ts. */
function workerFile(): string | undefined {
  for (const name of ['./answer-worker.mjs', './answer-worker.ts']) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

let workerBroken = false;
const pools = new Map<string, AnswerPool>();

export interface ReadOptions {
  /** Absolute deadline (Date.now() ms) of the whole call. */
  deadline: number;
  /** The call's timeout, for the message. */
  timeoutMs: number;
  /** Force the worker (tests) or the calling thread. */
  where?: 'inline' | 'worker';
  /** Another worker script (tests: one that cannot start). */
  workerFile?: string;
}

export async function readAnswerWithin(parse: EnvelopeParser, res: TransportResponse, ctx: AnswerContext, opts: ReadOptions): Promise<unknown> {
  const file = opts.workerFile ?? workerFile();
  const useWorker = opts.where === 'worker' || (opts.where !== 'inline' && res.data.length > INLINE_MAX_CHARS);
  if (!useWorker || !file || workerBroken) return readAnswer(parse, res, ctx);
  let checked = false;
  if (res.data.length <= CHECK_INLINE_MAX_CHARS) {
    const pre = checkAnswer(res, ctx);
    if (pre.settled) return pre.value;
    checked = true;
  }
  const op = ctx.operation;
  const size = megabytes(Buffer.byteLength(res.data, 'utf8'));
  let pool = pools.get(file);
  if (!pool) pools.set(file, (pool = createAnswerPool(file)));
  const job: AnswerJob = { res: { status: res.status, headers: { ...res.headers }, data: res.data }, ctx, checked };
  const done = await pool.run(job, opts.deadline);
  const extra = { operation: op, httpStatus: res.status };
  switch (done.end) {
    case 'reply':
      if (done.reply.ok) return done.reply.value;
      throw fromErrorInfo(done.reply.error);
    case 'timeout':
      throw new IpsTimeoutError(
        `IPS answered ${op} with ${size}, but reading the answer took longer than the ${Math.round(opts.timeoutMs / 100) / 10} s timeout`,
        extra,
      );
    case 'oom':
      throw new IpsMalformedResponseError(`IPS answered ${op} with ${size}, too large to read in the memory this app allows`, extra);
    case 'broken':
      // The worker cannot start here (a packaging that cannot load it): read on this thread,
      // and from now on always.
      if (opts.workerFile === undefined) workerBroken = true;
      return readAnswer(parse, res, ctx, checked);
    default:
      throw new IpsMalformedResponseError(`IPS sent an answer to ${op} that the client could not read`, extra);
  }
}
