// The board's indexes, kept as jobs are stored and removed, so that each poll costs what
// changed rather than what the board holds (100,000 finished jobs):
// - `live`: jobs that are not finished (or carry a pending action) — what polling, stall
//   detection, busy checks and the tray's running part look at;
// - `finishedAt`: every finished job's end (ms; else its last change) — what pruning reads,
//   with `oldestFinished` a lower bound so a poll inside the window and bound prunes nothing;
// - `recent`: the newest finishes, newest first, for the tray's "recent" menu; rebuilt by one
//   linear scan only after one of them left the board.
import type { Job } from '../../shared/domain.ts';
import { ms } from './outcome.ts';
import type { FinishedIndex, JobMap } from './job-store.ts';
import type { WindowJobs } from './snapshot-history.ts';

export interface BoardIndex {
  jobs: JobMap;
  live: Map<string, Job>;
  finishedAt: FinishedIndex;
  oldestFinished: number;
  recent: { key: string; at: number }[];
  recentStale: boolean;
}

/** How many of the newest finishes the index keeps (the tray shows five). */
export const RECENT_KEEP = 16;

function isLive(j: Job): boolean {
  return j.phase !== 'finished' || !!j.pendingAction;
}

function finishedAtOf(j: Job): number {
  return ms(j.endDate) ?? ms(j.updatedAt) ?? 0;
}

function dropRecent(b: BoardIndex, key: string): void {
  const i = b.recent.findIndex((r) => r.key === key);
  if (i >= 0) {
    b.recent.splice(i, 1);
    // Something older than the kept ones may belong in the list now.
    if (b.finishedAt.size > b.recent.length) b.recentStale = true;
  }
}

function insertRecent(b: BoardIndex, key: string, at: number): void {
  const r = b.recent;
  if (r.length >= RECENT_KEEP && at <= r[r.length - 1]!.at) return;
  let i = 0;
  while (i < r.length && r[i]!.at >= at) i++;
  r.splice(i, 0, { key, at });
  if (r.length > RECENT_KEEP) r.pop();
}

/** Store a job (new or changed) and keep the indexes. */
export function setJob(b: BoardIndex, key: string, job: Job): void {
  b.jobs.set(key, job);
  if (isLive(job)) b.live.set(key, job);
  else b.live.delete(key);
  if (job.phase === 'finished') {
    const at = finishedAtOf(job);
    const before = b.finishedAt.get(key);
    b.finishedAt.set(key, at);
    if (at < b.oldestFinished) b.oldestFinished = at;
    if (before !== at) {
      if (before !== undefined) dropRecent(b, key);
      if (!b.recentStale) insertRecent(b, key, at);
    } else if (!b.recent.some((x) => x.key === key) && !b.recentStale) insertRecent(b, key, at);
  } else if (b.finishedAt.delete(key)) dropRecent(b, key);
}

/** Remove a job and its index entries. */
export function deleteJob(b: BoardIndex, key: string): void {
  const wasFinished = b.finishedAt.delete(key);
  b.jobs.delete(key);
  b.live.delete(key);
  if (wasFinished) dropRecent(b, key);
}

/** The `n` (≤ RECENT_KEEP) most recently finished jobs, newest first. */
export function recentFinished(b: BoardIndex, n: number): Job[] {
  if (b.recentStale || (b.recent.length < Math.min(n, RECENT_KEEP) && b.finishedAt.size > b.recent.length)) {
    b.recent = [];
    b.recentStale = false;
    for (const [key, at] of b.finishedAt) insertRecent(b, key, at);
  }
  const out: Job[] = [];
  for (const r of b.recent) {
    if (out.length >= n) break;
    const j = b.jobs.get(r.key);
    if (j) out.push(j);
  }
  return out;
}

/** Every job (materialized), and the view a window's snapshot is built from: the unfinished
 * jobs, and the finished ones through the finish-time index, each loaded only when sent. */
export function boardViews(b: BoardIndex): { jobs(): Job[]; windowJobs(): WindowJobs } {
  return {
    jobs: () => [...b.jobs.values()],
    windowJobs: () => {
      const live: Job[] = [];
      for (const j of b.live.values()) if (j.phase !== 'finished') live.push(j);
      const keys: string[] = [];
      const at: number[] = [];
      for (const [key, t] of b.finishedAt) {
        keys.push(key);
        at.push(t);
      }
      return { live, finished: [{ keys, at, load: (key) => b.jobs.get(key) }] };
    },
  };
}
