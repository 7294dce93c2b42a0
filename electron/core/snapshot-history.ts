// A window's first snapshot carries the unfinished jobs and only the newest finished ones, so
// it opens at once on a long history. The older finished jobs are pulled by the window, page
// by page, once it has painted (`getOlderHistory` with the snapshot's `historyCursor`): the
// window sets the pace, so a 100,000-job history never competes with its first screen or
// with a keystroke, and nothing is broadcast to the other windows.
//
// The engine hands out its finished jobs as references (key, finish time, a loader), not as
// Jobs: the history table keeps 100,000s of compact rows, and only the newest `limit` are
// materialized for the snapshot, the others one page at a time as they are asked for.
import type { Job } from '../../shared/domain.ts';

/** Finished jobs the snapshot itself carries (the newest). */
export const SNAPSHOT_FINISHED = 1000;
/** Finished jobs per page when the window does not say (~1 MB of JSON: one short task to send and to read). */
export const HISTORY_PAGE = 1000;
/** The largest page a window may ask for. */
export const HISTORY_PAGE_MAX = 5000;
/** Cursors kept at once (one per window that opened lately); the oldest is dropped first. */
export const HISTORY_CURSORS = 8;
/** A cursor not pulled from for this long is dropped (its window closed half-way). */
export const HISTORY_CURSOR_IDLE_MS = 5 * 60_000;

/**
 * One engine's finished jobs: their keys and finish times (ms) at the same index, in any
 * order, and how to get a whole Job by key. Plain arrays, no object per job: a cursor keeps
 * 100,000 of them while a window pulls.
 */
export interface FinishedList {
  keys: readonly string[];
  at: ArrayLike<number>;
  load(key: string): Job | undefined;
}

/** What a window's snapshot is built from. */
export interface WindowJobs {
  /** The unfinished jobs. */
  live: Job[];
  /** Every finished job, one list per engine. */
  finished: FinishedList[];
}

/** Finished jobs in an order (newest first), not yet loaded. */
export interface FinishedOrder {
  readonly length: number;
  load(i: number): Job | undefined;
}

export interface SplitJobs {
  /** The unfinished jobs and the newest `limit` finished ones. */
  head: Job[];
  /** The other finished jobs, newest first. */
  rest: FinishedOrder;
}

function endMs(j: Job): number {
  const t = j.endDate ? Date.parse(j.endDate) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** The same view over a plain list of jobs (an engine without an index of its own). */
export function windowJobsOf(jobs: readonly Job[]): WindowJobs {
  const live: Job[] = [];
  const keys: string[] = [];
  const at: number[] = [];
  const byKey = new Map<string, Job>();
  for (const j of jobs) {
    if (j.phase !== 'finished') live.push(j);
    else {
      keys.push(j.key);
      at.push(endMs(j));
      byKey.set(j.key, j);
    }
  }
  return { live, finished: [{ keys, at, load: (k) => byKey.get(k) }] };
}

/** Split into what a snapshot carries and what follows: one sort of numbers, the newest `limit` loaded. */
export function splitWindowJobs(w: WindowJobs, limit = SNAPSHOT_FINISHED): SplitJobs {
  const lists = w.finished;
  let n = 0;
  for (const l of lists) n += l.keys.length;
  const at = new Float64Array(n);
  const from = new Uint16Array(n); // which list (one per engine)
  const pos = new Uint32Array(n);
  let k = 0;
  for (let li = 0; li < lists.length; li++) {
    const l = lists[li]!;
    for (let i = 0; i < l.keys.length; i++, k++) {
      at[k] = l.at[i]!;
      from[k] = li;
      pos[k] = i;
    }
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => at[b]! - at[a]! || a - b);
  const load = (i: number): Job | undefined => {
    const o = order[i]!;
    const l = lists[from[o]!]!;
    return l.load(l.keys[pos[o]!]!);
  };
  const head = w.live.slice();
  const m = Math.min(limit, n);
  for (let i = 0; i < m; i++) {
    const j = load(i);
    if (j) head.push(j);
  }
  return { head, rest: { length: n - m, load: (i) => load(i + m) } };
}

/** splitWindowJobs over a plain list: the rest loaded (for tests and simple callers). */
export function splitForSnapshot(jobs: Job[], limit = SNAPSHOT_FINISHED): { head: Job[]; rest: Job[] } {
  const { head, rest } = splitWindowJobs(windowJobsOf(jobs), limit);
  if (rest.length === 0) return { head: jobs, rest: [] };
  return { head, rest: Array.from({ length: rest.length }, (_, i) => rest.load(i)!) };
}

/** One page of older history: the jobs, newest first, and how many are still to come. */
export interface HistoryPage {
  jobs: Job[];
  remaining: number;
}

export interface HistoryCursors {
  /** Keep `rest` for pulling; returns the cursor to hand the window. `owner` is the engine it came from. */
  open(rest: FinishedOrder, owner: unknown): string;
  /**
   * The next page of at most `max` jobs, each loaded now (a job gone from the board since is
   * skipped). An unknown, finished or stale cursor (its engine is no longer `owner`: the account
   * changed) gives an empty page with nothing remaining: the window then has all there is.
   */
  next(cursor: string, max: number, owner: unknown): HistoryPage;
  /** Cursors held (for tests). */
  size(): number;
}

export function createHistoryCursors(limit = HISTORY_CURSORS, now: () => number = Date.now): HistoryCursors {
  const cursors = new Map<string, { rest: FinishedOrder; at: number; owner: unknown; used: number }>();
  let counter = 0;
  function sweep(): void {
    const old = now() - HISTORY_CURSOR_IDLE_MS;
    for (const [id, c] of cursors) if (c.used < old) cursors.delete(id);
  }
  return {
    open(rest, owner) {
      sweep();
      const id = `h${++counter}`;
      cursors.set(id, { rest, at: 0, owner, used: now() });
      while (cursors.size > limit) cursors.delete(cursors.keys().next().value!);
      return id;
    },
    next(cursor, max, owner) {
      sweep();
      const c = cursors.get(cursor);
      if (c) c.used = now();
      if (!c || c.owner !== owner) {
        cursors.delete(cursor);
        return { jobs: [], remaining: 0 };
      }
      const jobs: Job[] = [];
      const end = Math.min(c.rest.length, c.at + Math.max(1, Math.min(max, HISTORY_PAGE_MAX)));
      for (let i = c.at; i < end; i++) {
        const j = c.rest.load(i);
        if (j) jobs.push(j);
      }
      c.at = end;
      const remaining = c.rest.length - end;
      if (remaining === 0) cursors.delete(cursor);
      return { jobs, remaining };
    },
    size: () => cursors.size,
  };
}
