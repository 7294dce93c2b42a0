// Which actions a job allows, and why not: one rule for the window (buttons, a disabled
// button with the reason as its tooltip), the tray's quick actions and the core (a usage
// error before any IPS call). `pending` is an action already sent and not answered yet (the
// window keeps its own as well as the job's `pendingAction`).
// Run-now reasons are keys of the 'runs' message area (shared/i18n/messages/runs.ts): `runs.refuse.<reason>`.
import type { Job, JobDetailElement, PendingAction } from './domain.ts';

/** A schedule (not a run of it): paused schedules are schedules too. */
export function isScheduledJob(j: Pick<Job, 'phase' | 'active' | 'scheduled'>): boolean {
  return j.phase === 'scheduled' || (j.phase === 'paused' && !j.active && !!j.scheduled);
}

/** Stop: a run that runs, waits in the queue or is paused; never twice. */
export function canStopJob(job: Job, pending: PendingAction | undefined = job.pendingAction): boolean {
  return (job.phase === 'running' || job.phase === 'queued' || (job.phase === 'paused' && !isScheduledJob(job))) && !pending;
}

/** Why a job cannot be run now (executeJob). */
export type RunNowRefusal = 'not-scheduled' | 'pending';

/**
 * Run now = IPS executeJob on a scheduled job: a new run at once, the schedule unchanged
 * (docs/ips-api/jobs-lifecycle.md §2). IPS documents it for scheduled jobs only; a paused
 * schedule may be run now too (its trigger stays paused).
 */
export function runNowRefusal(job: Pick<Job, 'phase' | 'active' | 'scheduled' | 'pendingAction'>): RunNowRefusal | undefined {
  if (!isScheduledJob(job)) return 'not-scheduled';
  if (job.pendingAction) return 'pending';
  return undefined;
}

/** Why a job cannot be run again (submitJob with its job detail). */
export type RerunRefusal = 'not-finished' | 'pending' | 'no-spec' | 'upload-post';

/**
 * Run again = IPS submitJob with the finished job's own detail element, under a new name.
 * `specElement`: the detail element of the spec the app recorded (getActiveJobs and
 * getScheduledJobs list it; a job seen only in the logs, or before this version, has none).
 * An HTTP POST upload's files were sent by a client and are gone (submitJob does not take
 * uploadPostJob, docs/ips-api).
 */
export function rerunRefusal(job: Pick<Job, 'phase' | 'pendingAction' | 'detailElement'>, specElement: JobDetailElement | undefined): RerunRefusal | undefined {
  if (job.phase !== 'finished') return 'not-finished';
  if (job.pendingAction) return 'pending';
  if ((job.detailElement ?? specElement) === 'uploadPostJob') return 'upload-post';
  if (!specElement) return 'no-spec';
  return undefined;
}
