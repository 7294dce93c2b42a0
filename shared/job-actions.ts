// Which "run again" actions a job allows, and why not: one rule for the window (a disabled
// button with the reason as its tooltip) and the core (a usage error before any IPS call).
// Reasons are keys of the 'runs' message area (shared/i18n/messages/runs.ts): `runs.refuse.<reason>`.
import type { Job } from './domain.ts';

/** Why a job cannot be run now (executeJob). */
export type RunNowRefusal = 'not-scheduled' | 'pending';

/**
 * Run now = IPS executeJob on a scheduled job: a new run at once, the schedule unchanged
 * (docs/ips-api/jobs-lifecycle.md §2). IPS documents it for scheduled jobs only; a paused
 * schedule may be run now too (its trigger stays paused).
 */
export function runNowRefusal(job: Pick<Job, 'phase' | 'active' | 'scheduled' | 'pendingAction'>): RunNowRefusal | undefined {
  const scheduled = job.phase === 'scheduled' || (job.phase === 'paused' && !job.active && !!job.scheduled);
  if (!scheduled) return 'not-scheduled';
  if (job.pendingAction) return 'pending';
  return undefined;
}
