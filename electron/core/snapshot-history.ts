// A window's first snapshot carries the unfinished jobs and only the newest finished ones, so
// it opens at once on a long history; the older finished jobs follow as ordinary `jobs-patch`
// events in chunks, newest first, one chunk per turn of the event loop (polls and commands
// still run in between). The patches carry `history: true` so a window can batch its History
// re-sort while they stream.
import type { Job } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';

/** Finished jobs the snapshot itself carries (the newest). */
export const SNAPSHOT_FINISHED = 1000;
/** Finished jobs per streamed patch. */
export const HISTORY_CHUNK = 5000;

export interface SplitJobs {
  /** The unfinished jobs and the newest `limit` finished ones. */
  head: Job[];
  /** The other finished jobs, newest first. */
  rest: Job[];
}

function endMs(j: Job): number {
  const t = j.endDate ? Date.parse(j.endDate) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Split `jobs` into what a snapshot carries and what follows. */
export function splitForSnapshot(jobs: Job[], limit = SNAPSHOT_FINISHED): SplitJobs {
  const head: Job[] = [];
  const finished: { j: Job; t: number }[] = [];
  for (const j of jobs) {
    if (j.phase === 'finished') finished.push({ j, t: endMs(j) });
    else head.push(j);
  }
  if (finished.length <= limit) return { head: jobs, rest: [] };
  finished.sort((a, b) => b.t - a.t);
  for (let i = 0; i < limit; i++) head.push(finished[i]!.j);
  const rest: Job[] = new Array(finished.length - limit);
  for (let i = limit; i < finished.length; i++) rest[i - limit] = finished[i]!.j;
  return { head, rest };
}

/**
 * Send `rest` as `jobs-patch` events of `chunk` jobs, the first after the current turn (so the
 * snapshot's answer goes out first). Stops when `stale()` turns true (the engine changed).
 */
export function streamHistory(rest: Job[], emit: (p: Events['jobs-patch']) => void, stale: () => boolean, chunk = HISTORY_CHUNK): Promise<void> {
  return new Promise((resolve) => {
    let i = 0;
    const step = (): void => {
      if (stale() || i >= rest.length) return resolve();
      emit({ upsert: rest.slice(i, i + chunk), remove: [], history: true });
      i += chunk;
      setImmediate(step);
    };
    setImmediate(step);
  });
}
