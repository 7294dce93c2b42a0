// A window's first snapshot carries the unfinished jobs and only the newest finished ones, so
// it opens at once on a long history; the older finished jobs follow as ordinary `jobs-patch`
// events in chunks, newest first, one chunk per turn of the event loop (polls and commands
// still run in between). The patches carry `history: true` so a window can batch its History
// re-sort while they stream.
//
// The engine hands out its finished jobs as references (key, finish time, a loader), not as
// Jobs: the history table keeps 100,000s of compact rows, and only the newest `limit` are
// materialized for the snapshot, the others one chunk at a time as they are sent.
import type { Job } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';

/** Finished jobs the snapshot itself carries (the newest). */
export const SNAPSHOT_FINISHED = 1000;
/** Finished jobs per streamed patch (~1 MB of JSON: one short task to send and to read). */
export const HISTORY_CHUNK = 1000;

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

/**
 * Send `rest` as `jobs-patch` events of `chunk` jobs, each loaded just before it is sent, the
 * first after the current turn (so the snapshot's answer goes out first). Stops when
 * `stale()` turns true (the engine changed); a job gone from the board meanwhile is skipped.
 */
export function streamHistory(
  rest: readonly (FinishedRef | Job)[],
  emit: (p: Events['jobs-patch']) => void,
  stale: () => boolean,
  chunk = HISTORY_CHUNK,
): Promise<void> {
  return new Promise((resolve) => {
    let i = 0;
    const step = (): void => {
      if (stale() || i >= rest.length) return resolve();
      const upsert: Job[] = [];
      for (const r of rest.slice(i, i + chunk)) {
        const j = 'load' in r ? r.load() : r;
        if (j) upsert.push(j);
      }
      if (upsert.length) emit({ upsert, remove: [], history: true });
      i += chunk;
      setImmediate(step);
    };
    setImmediate(step);
  });
}
