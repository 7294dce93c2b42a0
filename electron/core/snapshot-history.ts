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

/** A finished job on the board: its finish time (ms) and how to get the whole Job. */
export interface FinishedRef {
  at: number;
  load(): Job | undefined;
}

/** What a window's snapshot is built from. */
export interface WindowJobs {
  /** The unfinished jobs. */
  live: Job[];
  /** Every finished job, in any order. */
  finished: FinishedRef[];
}

export interface SplitJobs {
  /** The unfinished jobs and the newest `limit` finished ones. */
  head: Job[];
  /** The other finished jobs, newest first (not yet loaded). */
  rest: FinishedRef[];
}

function endMs(j: Job): number {
  const t = j.endDate ? Date.parse(j.endDate) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** The same view over a plain list of jobs (an engine without an index of its own). */
export function windowJobsOf(jobs: readonly Job[]): WindowJobs {
  const live: Job[] = [];
  const finished: FinishedRef[] = [];
  for (const j of jobs) {
    if (j.phase === 'finished') finished.push({ at: endMs(j), load: () => j });
    else live.push(j);
  }
  return { live, finished };
}

/** Split into what a snapshot carries and what follows. */
export function splitWindowJobs(w: WindowJobs, limit = SNAPSHOT_FINISHED): SplitJobs {
  const head = w.live.slice();
  const finished = w.finished.slice().sort((a, b) => b.at - a.at);
  const n = Math.min(limit, finished.length);
  for (let i = 0; i < n; i++) {
    const j = finished[i]!.load();
    if (j) head.push(j);
  }
  return { head, rest: finished.slice(n) };
}

/** splitWindowJobs over a plain list: the rest loaded (for tests and simple callers). */
export function splitForSnapshot(jobs: Job[], limit = SNAPSHOT_FINISHED): { head: Job[]; rest: Job[] } {
  const { head, rest } = splitWindowJobs(windowJobsOf(jobs), limit);
  if (rest.length === 0) return { head: jobs, rest: [] };
  return { head, rest: rest.map((r) => r.load()!) };
}

/** One page of older history: the jobs, newest first, and how many are still to come. */
export interface HistoryPage {
  jobs: Job[];
  remaining: number;
}

export interface HistoryCursors {
  /** Keep `rest` for pulling; returns the cursor to hand the window. `owner` is the engine it came from. */
  open(rest: readonly FinishedRef[], owner: unknown): string;
  /**
   * The next page of at most `max` jobs, each loaded now (a job gone from the board since is
   * skipped). An unknown, finished or stale cursor (its engine is no longer `owner`: the account
   * changed) gives an empty page with nothing remaining: the window then has all there is.
   */
  next(cursor: string, max: number, owner: unknown): HistoryPage;
  /** Cursors held (for tests). */
  size(): number;
}

export function createHistoryCursors(limit = HISTORY_CURSORS): HistoryCursors {
  const cursors = new Map<string, { rest: readonly FinishedRef[]; at: number; owner: unknown }>();
  let counter = 0;
  return {
    open(rest, owner) {
      const id = `h${++counter}`;
      cursors.set(id, { rest, at: 0, owner });
      while (cursors.size > limit) cursors.delete(cursors.keys().next().value!);
      return id;
    },
    next(cursor, max, owner) {
      const c = cursors.get(cursor);
      if (!c || c.owner !== owner) {
        cursors.delete(cursor);
        return { jobs: [], remaining: 0 };
      }
      const jobs: Job[] = [];
      const end = Math.min(c.rest.length, c.at + Math.max(1, Math.min(max, HISTORY_PAGE_MAX)));
      for (let i = c.at; i < end; i++) {
        const j = c.rest[i]!.load();
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
