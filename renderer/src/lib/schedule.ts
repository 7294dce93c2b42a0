// Schedules in the window: the words and the next runs (shared/schedule-text.ts, the same as
// the CLI's), and each schedule's last run, found by the name the runs were submitted under.
import type { Job } from '../../../shared/domain.ts';
import type { AppLocale } from '../../../shared/locales.ts';
import { describeSchedule, upcomingRuns as sharedUpcomingRuns } from '../../../shared/schedule-text.ts';
import { t as translate } from '../../../shared/i18n/window.ts';

/** The schedule in words ("Daily at 2:00 AM PST"), or undefined for a one-off job. */
export function scheduleText(locale: AppLocale, job: Job): string | undefined {
  const s = job.scheduled;
  if (s?.execSchedule === undefined) return undefined;
  return describeSchedule(locale, (key, values) => translate(locale, key, values), s.execSchedule, s.timeZone);
}

/** The next `count` runs (epoch ms), the server's next fire time first; none while paused. */
export function upcomingRuns(job: Job, count: number): number[] {
  return job.scheduled ? sharedUpcomingRuns(job.scheduled, count) : [];
}

const runKey = (companyHandle: string, originalName: string): string => `${companyHandle}\u0000${originalName}`;

function startOf(j: Job): string {
  return j.startDate ?? j.firstSeen;
}

/**
 * The newest run of each schedule among `jobs`: a run is a job of the same company submitted
 * under the schedule's name (IPS names each run `<name>_<time>`, its originalName stays the
 * schedule's). One pass over `jobs`, keyed by schedule.
 */
export function lastRuns(schedules: readonly Job[], jobs: Iterable<Job>): Map<string, Job> {
  const wanted = new Map<string, string>();
  for (const s of schedules) if (s.originalName) wanted.set(runKey(s.companyHandle, s.originalName), s.key);
  const out = new Map<string, Job>();
  if (wanted.size === 0) return out;
  for (const j of jobs) {
    if (j.phase === 'scheduled' || !j.originalName) continue;
    const sched = wanted.get(runKey(j.companyHandle, j.originalName));
    if (sched === undefined || sched === j.key) continue;
    const prev = out.get(sched);
    if (!prev || startOf(j) > startOf(prev)) out.set(sched, j);
  }
  return out;
}
