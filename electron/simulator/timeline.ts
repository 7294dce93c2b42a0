// The run timeline: a run's phase, progress and counts at real time `now`, as a pure
// function of (run, now) — its plan, its pauses, its stop and its upload. Nothing here but
// settleRun and endUploadAt writes to a run; the World calls them where time advances
// explicitly (tick) and where an action changes a run (deleteJob, endJob, history seeding).
import { countFiles } from './outcomes.ts';
import type { ActiveState, FinalState, Run, RunPlan, RunSnapshot, UploadState } from './types.ts';

/** A POST upload job without a POST for this long ends with what it has (documented: 30 min). */
export const UPLOAD_IDLE_MS = 30 * 60_000;

/** The World's timings (editable on the World, so read at each call). */
export interface Timing {
  /** How long a finished job stays listed with state Done. */
  doneLingerMs: number;
  /** How long Stopping lasts. */
  stopMs: number;
}

function pausedMs(run: Run, at: number): number {
  let total = 0;
  for (const [ps, pe] of run.pauses) {
    if (ps >= at) break;
    total += Math.min(pe ?? at, at) - ps;
  }
  return total;
}

/** Effective (pause-free) elapsed time at real time `at`. */
export function effectiveAt(run: Run, at: number): number {
  return at - run.t0 - pausedMs(run, at);
}

/** Real time at which the run's effective clock reaches `e`. */
export function realTimeOf(run: Run, e: number): number {
  let r = run.t0 + e;
  for (const [ps, pe] of run.pauses) {
    if (ps < r) {
      if (pe === undefined) return Infinity;
      r += pe - ps;
    } else break;
  }
  return r;
}

function runStart(plan: RunPlan): number {
  return plan.newMs + plan.waitMs;
}

/** Effective time at which the run ends on its own (fatal jobs end early). */
function naturalEnd(plan: RunPlan): number {
  const start = runStart(plan);
  if (plan.fatalAt !== undefined) return start + ((plan.fatalAt + 1) * plan.runMs) / plan.files;
  return start + plan.runMs;
}

function processedAt(plan: RunPlan, e: number): number {
  const start = runStart(plan);
  if (e <= start || plan.files === 0) return 0;
  const limit = plan.fatalAt ?? plan.files;
  return Math.max(0, Math.min(limit, Math.floor((plan.files * (e - start)) / plan.runMs)));
}

/** Effective time at which file i (0-based) completes. */
export function fileDoneEff(plan: RunPlan, i: number): number {
  return runStart(plan) + ((i + 1) * plan.runMs) / plan.files;
}

// ---- uploads: the client side ends (endJob or the idle timeout) ------------------

/** What ending the client side of an upload at `at` changes: the files arrived so far are ingested. */
function uploadEnd(run: Run, at: number): { upload: Partial<UploadState>; plan: Partial<RunPlan> } | undefined {
  const up = run.upload;
  if (!up || !up.waiting) return undefined;
  const files = up.fileNames.length;
  const endEff = effectiveAt(run, at);
  return {
    upload: { waiting: false, endEff },
    plan: {
      files,
      newMs: endEff + 1000,
      waitMs: 1500,
      runMs: Math.max(2000, Math.min(180_000, files * 1500)),
      video: up.fileNames.some((n) => /\.(mp4|mov|m4v|avi|webm)$/i.test(n)),
    },
  };
}

/** When an upload still waiting for POSTs times out, if it does. */
function idleEnd(run: Run): number | undefined {
  return run.upload?.waiting ? run.upload.lastPostAt + UPLOAD_IDLE_MS : undefined;
}

/** The run as it stands at `now`: an upload idle for UPLOAD_IDLE_MS has ended (on a copy). */
function asOf(run: Run, now: number): Run {
  const at = idleEnd(run);
  if (at === undefined || now < at) return run;
  const end = uploadEnd(run, at);
  return end && run.upload ? { ...run, plan: { ...run.plan, ...end.plan }, upload: { ...run.upload, ...end.upload } } : run;
}

/** End the client side of an upload at `at` (writes the run). */
export function endUploadAt(run: Run, at: number): void {
  const end = uploadEnd(run, at);
  if (!end || !run.upload) return;
  Object.assign(run.upload, end.upload);
  Object.assign(run.plan, end.plan);
}

// ---- snapshots --------------------------------------------------------------------

function finalOf(snap: RunSnapshot): FinalState {
  return { endDate: snap.endDate ?? snap.lastProgressUpdate, processed: snap.processed, counts: snap.counts, fatal: snap.fatal, stopped: snap.stopped };
}

/** A finished run once it has left the active list (or was deleted). */
function doneSnapshot(run: Run, f: FinalState): RunSnapshot {
  return {
    state: 'Done',
    active: false,
    finished: true,
    paused: false,
    processed: f.processed,
    progress: f.stopped || f.fatal ? Math.floor((100 * f.processed) / Math.max(1, run.plan.files)) : 100,
    lastProgressUpdate: f.endDate,
    endDate: f.endDate,
    counts: f.counts,
    fatal: f.fatal,
    stopped: f.stopped,
  };
}

/** A run's state at real time `now`. Pure: reads the run, never writes it. */
export function runSnapshot(run: Run, now: number, t: Timing): RunSnapshot {
  const settled = run.final;
  if (settled && (run.deleted || now >= settled.endDate + t.doneLingerMs)) return doneSnapshot(run, settled);
  const r = asOf(run, now);
  const snap = liveSnapshot(r, now, t);
  if (!settled && snap.finished && snap.endDate !== undefined && (run.deleted || now >= snap.endDate + t.doneLingerMs)) return doneSnapshot(r, finalOf(snap));
  return snap;
}

/**
 * Bring a run up to `now` and fix what can no longer change: an idle upload ends, and a
 * finished run keeps its end (endDate, counts) from then on. Returns the snapshot.
 */
export function settleRun(run: Run, now: number, t: Timing): RunSnapshot {
  const at = idleEnd(run);
  if (at !== undefined && now >= at) endUploadAt(run, at);
  const snap = runSnapshot(run, now, t);
  if (snap.finished && !run.final) run.final = finalOf(snap);
  return snap;
}

function liveSnapshot(run: Run, now: number, t: Timing): RunSnapshot {
  const plan = run.plan;
  const paused = run.pauses.length > 0 && run.pauses[run.pauses.length - 1]?.[1] === undefined && now >= (run.pauses[run.pauses.length - 1]?.[0] ?? 0);
  const endEff = naturalEnd(plan);
  // Stopped (or deleted)?
  if (run.stopAt !== undefined && now >= run.stopAt) {
    const eS = Math.min(effectiveAt(run, run.stopAt), endEff);
    const processed = processedAt(plan, eS);
    const endDate = run.deleted ? run.stopAt : run.stopAt + t.stopMs;
    const finished = now >= endDate;
    return {
      state: finished ? 'Done' : 'Stopping',
      active: !run.deleted && now < endDate + t.doneLingerMs,
      finished,
      paused: false,
      processed,
      progress: Math.floor((100 * processed) / Math.max(1, plan.files)),
      lastProgressUpdate: run.stopAt,
      ...(finished ? { endDate } : {}),
      counts: countFiles(run, processed),
      fatal: false,
      stopped: true,
    };
  }
  const e = effectiveAt(run, now);
  const start = runStart(plan);
  if (e >= endEff) {
    const endDate = realTimeOf(run, endEff);
    const processed = processedAt(plan, endEff);
    const fatal = plan.fatalAt !== undefined;
    const counts = countFiles(run, processed);
    if (fatal) {
      counts.fileErrorCount++;
      counts.transferErrorCount++;
    }
    return {
      state: 'Done',
      active: !run.deleted && now < endDate + t.doneLingerMs,
      finished: true,
      paused: false,
      processed,
      progress: fatal ? Math.floor((100 * processed) / Math.max(1, plan.files)) : 100,
      lastProgressUpdate: endDate,
      endDate,
      counts,
      fatal,
      stopped: false,
    };
  }
  const processed = processedAt(plan, e);
  let state: ActiveState = 'Running';
  let lastProgressUpdate: number;
  if (e < plan.newMs) {
    const waitingClient = run.upload !== undefined && (run.upload.waiting || e < (run.upload.endEff ?? 0));
    state = waitingClient ? 'WaitingClient' : 'New';
    lastProgressUpdate = run.upload ? Math.min(run.upload.lastPostAt, now) : run.t0;
  } else if (e < start) {
    state = 'WaitingCoordinator';
    lastProgressUpdate = realTimeOf(run, plan.newMs);
  } else {
    lastProgressUpdate = processed > 0 ? realTimeOf(run, fileDoneEff(plan, processed - 1)) : realTimeOf(run, start);
  }
  if (paused) {
    const lastPause = run.pauses[run.pauses.length - 1];
    if (lastPause) lastProgressUpdate = Math.max(lastProgressUpdate, lastPause[0]);
  }
  return {
    state,
    active: !run.deleted,
    finished: false,
    paused,
    processed,
    progress: state === 'Running' ? Math.min(99, Math.floor((100 * Math.max(0, e - start)) / plan.runMs)) : 0,
    lastProgressUpdate: Math.min(lastProgressUpdate, now),
    counts: countFiles(run, processed),
    fatal: false,
    stopped: false,
  };
}
