// The job board: one Job per run handle, merged from getScheduledJobs, getActiveJobs and
// getJobLogs, and the diff between polls as engine events and renderer patches.
// No I/O and no timers: the engine feeds it one company snapshot at a time with `now`.
import {
  detailElementOf,
  jobTypeOfLog,
  jobKey,
  type ActiveJob,
  type EngineEvent,
  type Job,
  type JobLog,
  type Outcome,
  type PendingAction,
  type Phase,
  type ScheduledJob,
} from '../../shared/domain.ts';
import { destinationOf } from '../../shared/history-search.ts';
import { clampPercent, isDone, ms, outcomeOf, phaseOfActive, phaseOfScheduled } from './outcome.ts';
import { deleteJob, setJob, type BoardIndex } from './board-index.ts';
import { sameJob } from './job-equal.ts';
import { fresh, freshRecord } from './fresh.ts';
import { JobStore } from './job-store.ts';

export { boardViews, recentFinished } from './board-index.ts';

/** What the board remembers about a job beyond the Job record (not sent to the renderer). */
interface Meta {
  /** Seen in getActiveJobs at least once. */
  seenActive: boolean;
  /** job-started was emitted for this run. */
  started: boolean;
  /** The user stopped/deleted it here, or IPS showed it Stopping. */
  stopped: boolean;
  /** Machine ms when it left the active list without a finished log. */
  finishingSince?: number | undefined;
  /** Machine ms when the pending action was set. */
  pendingSince?: number | undefined;
  /** Progress signature and when (machine ms) it was first seen, plus stall time already elapsed then (server ms). */
  progressSig?: string | undefined;
  progressSeenAt?: number | undefined;
  stallBaseMs?: number | undefined;
}

/**
 * Every job by key, plus indexes kept by setJob/deleteJob (board-index.ts) so that a poll costs
 * what changed, not what is held: `live` (unfinished jobs), `finishedAt` (finished job → end
 * ms), `recent` (the newest finishes).
 */
export interface Board extends BoardIndex {
  meta: Map<string, Meta>;
  /**
   * Destination folder of each schedule seen, by `jobKey(company, originalName)`: a run of a recurring
   * job carries the schedule's originalName (docs/ips-api/jobs-lifecycle.md), and its log no folder.
   */
  scheduleDest?: Map<string, string>;
}

export function createBoard(): Board {
  const jobs = new JobStore();
  return { jobs, meta: new Map(), live: new Map(), finishedAt: jobs.finishedAt, oldestFinished: Infinity, recent: [], recentStale: false };
}

/** One company's lists from one poll. `active` and `scheduled` are complete; `logs` may be a window. */
export interface CompanySnapshot {
  companyHandle: string;
  active: ActiveJob[];
  scheduled: ScheduledJob[];
  logs: JobLog[];
}

export interface ApplyOptions {
  /** Machine time of the poll (ms). */
  now: number;
  /** How long a job that left the active list waits for its finished log before it is finished from what is known. */
  finishWaitMs: number;
  /** A pending action with no visible effect after this long is dropped. */
  pendingTimeoutMs: number;
  /**
   * The snapshot carries only older logs (a history backfill page): add the finished
   * runs the board does not know yet and leave every other job alone, since the
   * empty active and scheduled lists say nothing about them.
   */
  logsOnly?: boolean;
}

export interface BoardDiff {
  events: EngineEvent[];
  upsert: Job[];
  remove: string[];
}

function emptyDiff(): BoardDiff {
  return { events: [], upsert: [], remove: [] };
}

function metaOf(board: Board, key: string): Meta {
  let m = board.meta.get(key);
  if (!m) {
    // Finished jobs keep no meta (100,000 of them would cost ~130 B each); one that comes back had started.
    m = { seenActive: false, started: board.jobs.get(key)?.phase === 'finished', stopped: false };
    board.meta.set(key, m);
  }
  return m;
}

/** ISO text of a machine time; the last one is reused (a poll stamps every job it stores with one time). */
let lastIso: { t: number; s: string } = { t: NaN, s: '' };
const iso = (t: number): string => (t === lastIso.t ? lastIso.s : (lastIso = { t, s: new Date(t).toISOString() }).s);

/** Newest server timestamp in a snapshot: a lower bound of the server's clock at poll time. */
export function serverReference(snap: CompanySnapshot): number | undefined {
  let best: number | undefined;
  const take = (d: string | undefined) => {
    const v = ms(d);
    if (v !== undefined && (best === undefined || v > best)) best = v;
  };
  for (const a of snap.active) {
    take(a.lastProgressUpdate);
    take(a.startDate);
    for (const t of a.taskProgressArray ?? []) take(t.lastProgressUpdate);
  }
  for (const l of snap.logs) {
    take(l.startDate);
    take(l.endDate);
  }
  return best;
}

function logIsNewer(a: JobLog, b: JobLog): boolean {
  // Prefer the one with an endDate, then the larger counts.
  if (!!a.endDate !== !!b.endDate) return !!a.endDate;
  return (a.totalFileCount ?? 0) + (a.fileSuccessCount ?? 0) >= (b.totalFileCount ?? 0) + (b.fileSuccessCount ?? 0);
}

/** Merge one company snapshot into the board; returns what changed. */
export function applySnapshot(board: Board, snap: CompanySnapshot, opts: ApplyOptions): BoardDiff {
  const { now } = opts;
  const co = snap.companyHandle;
  const diff = emptyDiff();
  const serverRef = serverReference(snap);

  const activeBy = new Map<string, ActiveJob>();
  for (const a of snap.active) if (a.jobHandle) activeBy.set(jobKey(co, a.jobHandle), a);
  const schedBy = new Map<string, ScheduledJob>();
  for (const s of snap.scheduled) {
    const dest = s.originalName ? destinationOf(s) : undefined;
    if (dest) (board.scheduleDest ??= new Map()).set(fresh(jobKey(co, s.originalName)), fresh(dest));
    if (!s.jobHandle || phaseOfScheduled(s) === undefined) continue;
    schedBy.set(jobKey(co, s.jobHandle), s);
  }
  const logBy = new Map<string, JobLog>();
  for (const l of snap.logs) {
    if (!l.jobHandle) continue;
    let key = jobKey(co, l.jobHandle);
    if (!opts.logsOnly && !board.jobs.has(key) && !activeBy.has(key)) key = matchLogByName(board, co, l) ?? key;
    const prev = logBy.get(key);
    if (!prev || logIsNewer(l, prev)) logBy.set(key, l);
  }

  const keys = new Set<string>([...activeBy.keys(), ...schedBy.keys()]);
  if (opts.logsOnly) {
    for (const [k, l] of logBy) if (l.endDate && !board.jobs.has(k)) keys.add(k);
  } else {
    for (const [k, l] of logBy) if (l.endDate || board.jobs.has(k)) keys.add(k);
    for (const [k, j] of board.live) if (j.companyHandle === co && j.phase !== 'finished') keys.add(k);
  }

  for (const k0 of keys) {
    const prev = board.jobs.get(k0);
    // The board's own key string (one per job: the map, the indexes, the Job and the notified
    // marks share it); a new key is copied, since one made from a parsed handle points into the response.
    const key = prev ? prev.key : fresh(k0);
    const m = metaOf(board, key);
    const a = activeBy.get(key);
    const s = a ? undefined : schedBy.get(key);
    const log = logBy.get(key) ?? prev?.log;

    let phase: Phase | undefined;
    let outcome: Outcome | undefined;
    let finishingSince: number | undefined;

    if (a) {
      m.seenActive = true;
      m.finishingSince = undefined;
      if (isDone(a)) {
        if (log?.endDate) {
          phase = 'finished';
        } else {
          phase = prev && prev.phase !== 'finished' && prev.phase !== 'scheduled' ? prev.phase : 'running';
          m.finishingSince = now;
          finishingSince = now;
        }
      } else {
        phase = phaseOfActive(a);
        if (phase === 'stopping') m.stopped = true;
      }
    } else if (s) {
      phase = phaseOfScheduled(s);
    } else if (prev?.phase === 'finished') {
      phase = 'finished';
    } else if (log?.endDate) {
      phase = 'finished';
    } else if (prev && m.seenActive) {
      // Left the active list before its log shows an end: finishing, for a bounded time.
      m.finishingSince ??= now;
      if (now - m.finishingSince >= opts.finishWaitMs) phase = 'finished';
      else {
        phase = prev.phase;
        finishingSince = m.finishingSince;
      }
    } else {
      phase = undefined; // a scheduled entry that is gone, or an unfinished log of a job never seen active
    }

    if (phase === undefined) {
      if (prev) removeJob(board, key, diff);
      else board.meta.delete(key);
      continue;
    }

    if (phase === 'finished') {
      if (prev?.phase === 'finished' && prev.outcome)
        outcome = log && log !== prev.log ? outcomeOf(log, { stopped: prev.outcome === 'stopped' }) : prev.outcome;
      else outcome = outcomeOf(log, { stopped: m.stopped || prev?.pendingAction === 'stopping' || prev?.pendingAction === 'deleting' });
    }

    const rec = a ?? s;
    const next: Job = {
      key,
      companyHandle: co,
      jobHandle: prev?.jobHandle ?? rec?.jobHandle ?? log?.jobHandle ?? '',
      name: rec?.name ?? log?.jobName ?? prev?.name ?? '',
      originalName: rec?.originalName ?? log?.originalJobName ?? prev?.originalName ?? '',
      type: rec?.type ?? prev?.type ?? typeFromLog(log),
      phase,
      firstSeen: prev?.firstSeen ?? iso(now),
      updatedAt: prev?.updatedAt ?? iso(now),
    };
    const detail = (rec && detailElementOf(rec)) ?? prev?.detailElement;
    if (detail) next.detailElement = detail;
    const email = rec?.submitUserEmail ?? log?.submitUserEmail ?? prev?.submitUserEmail;
    if (email) next.submitUserEmail = email;
    const dest = (rec && destinationOf(rec)) ?? prev?.destination ?? board.scheduleDest?.get(jobKey(co, next.originalName));
    if (dest) next.destination = dest;
    if (outcome) next.outcome = outcome;
    const start = a?.startDate ?? log?.startDate ?? prev?.startDate;
    if (start && phase !== 'scheduled' && !(s && !prev?.active)) next.startDate = start;
    if (phase === 'finished' && log?.endDate) next.endDate = log.endDate;
    const active = a ?? prev?.active;
    if (phase !== 'finished' && phase !== 'scheduled' && active) {
      const p = clampPercent(active.progress);
      if (p !== undefined) next.progress = p;
    }
    if (s) next.scheduled = s;
    if (active) next.active = active;
    if (log) next.log = log;
    if (finishingSince !== undefined) next.finishingSince = iso(finishingSince);

    // Pending action: keep until IPS shows its effect, or until it times out.
    const pending = prev?.pendingAction;
    if (pending && !pendingDone(pending, next, finishingSince !== undefined) && now - (m.pendingSince ?? now) < opts.pendingTimeoutMs) {
      next.pendingAction = pending;
    } else m.pendingSince = undefined;

    // Progress signature for stall detection (server timestamps compared with server timestamps).
    if (a && phase === 'running') {
      const sig = `${a.progress ?? ''}|${a.lastProgressUpdate ?? ''}|${a.progressMessage ?? ''}`;
      if (sig !== m.progressSig) {
        m.progressSig = fresh(sig);
        m.progressSeenAt = now;
        const lpu = ms(a.lastProgressUpdate) ?? ms(a.startDate);
        m.stallBaseMs = lpu !== undefined && serverRef !== undefined ? Math.max(0, serverRef - lpu) : 0;
      }
    } else {
      m.progressSig = undefined;
      m.progressSeenAt = undefined;
      m.stallBaseMs = undefined;
    }

    const ev = classify(prev, next, m);
    if (phase === 'finished') board.meta.delete(key);
    if (ev === undefined) continue;
    next.updatedAt = iso(now);
    // The one choke point where records enter the board: nothing kept points into a response.
    const kept = freshRecord(next);
    kept.key = key;
    setJob(board, key, kept);
    diff.upsert.push(kept);
    if (ev !== null) diff.events.push({ ...ev, job: kept } as EngineEvent);
  }
  return diff;
}

function typeFromLog(log: JobLog | undefined): string {
  return jobTypeOfLog(log?.logType);
}

function pendingDone(p: PendingAction, j: Job, finishing: boolean): boolean {
  if (j.phase === 'finished' || finishing) return true;
  switch (p) {
    case 'stopping':
      return j.phase === 'stopping';
    case 'pausing':
      return j.phase === 'paused';
    case 'resuming':
      return j.phase !== 'paused';
    case 'deleting':
    case 'starting':
      // The schedule itself shows nothing: the engine clears `starting` after the poll that follows executeJob.
      return false;
  }
}

/** A log whose handle is unknown: the run of a job we saw active under another handle (same original name, start within 2 min). */
function matchLogByName(board: Board, co: string, l: JobLog): string | undefined {
  const start = ms(l.startDate);
  for (const [k, j] of board.live) {
    if (j.companyHandle !== co || j.phase === 'finished' || j.log || !board.meta.get(k)?.seenActive) continue;
    if (!l.originalJobName || j.originalName !== l.originalJobName) continue;
    const js = ms(j.startDate);
    if (start === undefined || js === undefined || Math.abs(start - js) <= 120_000) return k;
  }
  return undefined;
}

/**
 * The event a change of the job is, undefined when nothing changed, or null when the record
 * changed but the user would see no difference (kept, patched, not announced): a job still
 * waiting in the queue whose queue state, message, timestamps or counts moved. IPS and the
 * simulator move a queued job New → WaitingCoordinator, and a server may touch
 * lastProgressUpdate on every poll; none of it is news while the job waits.
 */
function classify(prev: Job | undefined, next: Job, m: Meta): EngineEvent | null | undefined {
  const pastQueue = next.phase === 'running' || next.phase === 'paused' || next.phase === 'stopping';
  if (!prev) {
    if (next.phase === 'finished') return { event: 'job-finished', outcome: next.outcome ?? 'success', job: next };
    if (next.scheduled && !next.active) return { event: 'job-scheduled', job: next };
    if (pastQueue) {
      m.started = true;
      return { event: 'job-started', job: next };
    }
    return { event: 'job-updated', job: next };
  }
  if (sameJob(prev, next, 'all')) return undefined;
  if (next.phase === 'finished' && prev.phase !== 'finished') return { event: 'job-finished', outcome: next.outcome ?? 'success', job: next };
  if (pastQueue && next.active && !m.started) {
    m.started = true;
    return { event: 'job-started', job: next };
  }
  if (prev.phase === 'queued' && next.phase === 'queued' && sameJob(prev, next, 'queue')) return null;
  if (sameJob(prev, next, 'progress')) return { event: 'job-progress', job: next };
  return { event: 'job-updated', job: next };
}

function removeJob(board: Board, key: string, diff: BoardDiff): void {
  const prev = board.jobs.get(key);
  deleteJob(board, key);
  board.meta.delete(key);
  if (prev) {
    diff.remove.push(key);
    diff.events.push({ event: 'job-removed', job: prev });
  }
}

/** Mark an action the user asked for; returns the diff (one job-updated) or undefined for an unknown job. */
export function setPending(board: Board, key: string, action: PendingAction | undefined, now: number): BoardDiff | undefined {
  const prev = board.jobs.get(key);
  if (!prev) return undefined;
  const m = metaOf(board, key);
  if (action === 'stopping' || action === 'deleting') {
    if (prev.active) m.stopped = true;
  }
  if (prev.pendingAction === action) return emptyDiff();
  const next: Job = { ...prev, updatedAt: iso(now) };
  if (action) {
    next.pendingAction = action;
    m.pendingSince = now;
  } else {
    delete next.pendingAction;
    m.pendingSince = undefined;
  }
  setJob(board, key, next);
  return { events: [{ event: 'job-updated', job: next }], upsert: [next], remove: [] };
}

/** Forget that the user stopped a job (the stop call failed). */
export function clearStopped(board: Board, key: string): void {
  const m = board.meta.get(key);
  if (m) m.stopped = false;
}

/** Running jobs whose progress has not moved for `stalledMs` (server time elapsed before we saw it + machine time since). */
export function stalledJobs(board: Board, now: number, stalledMs: number): Job[] {
  const out: Job[] = [];
  for (const [k, j] of board.live) {
    if (j.phase !== 'running' || j.finishingSince) continue;
    const m = board.meta.get(k);
    if (!m || m.progressSeenAt === undefined) continue;
    if (now - m.progressSeenAt + (m.stallBaseMs ?? 0) >= stalledMs) out.push(j);
  }
  return out;
}

/** Restore finished jobs from history (unfinished ones are stale and dropped). */
export function restoreJobs(board: Board, jobs: readonly Job[]): Job[] {
  const added: Job[] = [];
  for (const j of jobs) {
    if (j.phase !== 'finished' || !j.key || board.jobs.has(j.key)) continue;
    const { pendingAction: _p, finishingSince: _f, ...rest } = j;
    const clean = freshRecord(rest);
    setJob(board, clean.key, clean); // no meta: a finished job needs none (metaOf knows it started)
    added.push(clean);
  }
  return added;
}

/**
 * Drop finished jobs older than `days` (by end date, else last change) and beyond `maxFinished`.
 * Costs nothing while every finished job is inside the window and under the bound.
 */
export function pruneFinished(board: Board, now: number, days: number, maxFinished: number): BoardDiff {
  const diff = emptyDiff();
  const cutoff = now - days * 86_400_000;
  if (board.finishedAt.size <= maxFinished && board.oldestFinished >= cutoff) return diff;
  const finished: { key: string; at: number }[] = [];
  for (const [k, at] of board.finishedAt) {
    if (at < cutoff) removeJob(board, k, diff);
    else finished.push({ key: k, at });
  }
  if (finished.length > maxFinished) {
    finished.sort((x, y) => y.at - x.at);
    for (const f of finished.slice(maxFinished)) removeJob(board, f.key, diff);
  }
  let oldest = Infinity;
  for (const at of board.finishedAt.values()) if (at < oldest) oldest = at;
  board.oldestFinished = oldest;
  return diff;
}

/** Whether any job of the company keeps polling fast (queued, running, paused instance, stopping, finishing). */
export function companyIsBusy(board: Board, co: string): boolean {
  for (const j of board.live.values()) {
    if (j.companyHandle !== co) continue;
    if (j.phase === 'queued' || j.phase === 'running' || j.phase === 'stopping' || j.finishingSince) return true;
    if (j.phase === 'paused' && j.active) return true;
    if (j.pendingAction) return true;
  }
  return false;
}

/** Oldest start (server ms) among the company's unfinished runs, so their logs stay in the log window. */
export function oldestUnfinishedStart(board: Board, co: string): number | undefined {
  let oldest: number | undefined;
  for (const j of board.live.values()) {
    if (j.companyHandle !== co || j.phase === 'finished' || !j.active) continue;
    const s = ms(j.startDate);
    if (s !== undefined && (oldest === undefined || s < oldest)) oldest = s;
  }
  return oldest;
}
