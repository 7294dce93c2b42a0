// How a job's phase and outcome are read from IPS records (docs/ips-api/jobs-lifecycle.md §2–3).
// Pure functions, no I/O.
import type { ActiveJob, JobLog, Outcome, Phase, ScheduledJob } from '../../shared/domain.ts';
import { logTypeSeverity } from '../../shared/log-severity.ts';

/** Severity of a job-log type (constants.md, "Severity rule for clients"): one rule, in shared/. */
export { logTypeSeverity };

const QUEUED_STATES = new Set(['new', 'waitingcoordinator', 'waitingclient', 'unknown']);

/** Phase of a job in getActiveJobs. `Done` counts as running: the engine finishes it from the log. */
export function phaseOfActive(a: ActiveJob): Phase {
  const state = (a.state ?? '').trim().toLowerCase();
  if (state === 'stopping') return 'stopping';
  if (QUEUED_STATES.has(state) || state === '') return 'queued';
  if (/\bpaused\b/i.test(a.progressMessage ?? '')) return 'paused';
  return 'running';
}

/** True for an active job in the transient `Done` state. */
export function isDone(a: ActiveJob): boolean {
  return (a.state ?? '').trim().toLowerCase() === 'done';
}

/** Phase of a job in getScheduledJobs, or undefined when the trigger will never fire again. */
export function phaseOfScheduled(s: ScheduledJob): Phase | undefined {
  const ts = (s.triggerState ?? '').trim().toLowerCase();
  if (ts === 'complete') return undefined;
  if (ts === 'paused') return 'paused';
  return 'scheduled';
}

export interface OutcomeHints {
  /** The user stopped or deleted the job through this app, or IPS showed it `Stopping`. */
  stopped?: boolean;
  /** Detail log types seen for the job, if any were fetched. */
  detailLogTypes?: readonly string[];
}

/**
 * The outcome of a finished job, in the priority order of jobs-lifecycle.md §3:
 * fatal error → error; stopped by the user → stopped; error counts → error;
 * warnings or duplicates → warning; else success. Without a log: stopped if stopped, else success.
 */
export function outcomeOf(log: JobLog | undefined, hints: OutcomeHints = {}): Outcome {
  const types = hints.detailLogTypes ?? [];
  if (log?.fatalError || types.some((t) => t.trim().toLowerCase() === 'fatalerror')) return 'error';
  if (hints.stopped) return 'stopped';
  if (!log) return 'success';
  if (n(log.fileErrorCount) > 0 || n(log.transferErrorCount) > 0) return 'error';
  if (types.some((t) => logTypeSeverity(t) === 'error')) return 'error';
  if (n(log.fileWarningCount) > 0 || n(log.transferWarningCount) > 0 || n(log.fileDuplicateCount) > 0) return 'warning';
  if (types.some((t) => logTypeSeverity(t) === 'warning')) return 'warning';
  return 'success';
}

function n(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Clamp an ActiveJob progress (percent) to 0–100; undefined when absent. */
export function clampPercent(p: number | undefined): number | undefined {
  if (typeof p !== 'number' || !Number.isFinite(p)) return undefined;
  return Math.max(0, Math.min(100, p));
}

/** Milliseconds of an ISO date, or undefined. */
export function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const v = Date.parse(iso);
  return Number.isNaN(v) ? undefined : v;
}
