// Job actions with confirmation where they destroy something (stop, delete).
import type { Job } from '../../../shared/domain.ts';
import { canStopJob, isScheduledJob, rerunRefusal, runNowRefusal } from '../../../shared/job-actions.ts';
import { app } from './app.svelte.ts';
import { confirmState } from './confirm.svelte.ts';
import { errText, t } from './i18n.ts';

export function canStop(job: Job): boolean {
  return canStopJob(job, app.pendingOf(job));
}
export function canPause(job: Job): boolean {
  return job.phase === 'scheduled' && job.scheduled?.triggerState?.toLowerCase() !== 'paused' && !app.pendingOf(job);
}
export function canResume(job: Job): boolean {
  return (job.phase === 'paused' || job.scheduled?.triggerState?.toLowerCase() === 'paused') && job.phase !== 'finished' && !app.pendingOf(job);
}
export function canDelete(job: Job): boolean {
  return isScheduledJob(job) && !app.pendingOf(job);
}

/** Why Run now is unavailable (a key for its tooltip), '' when it can run, undefined when the job is no schedule (no button). */
export function runNowBlocked(job: Job): string | undefined {
  const pendingAction = app.pendingOf(job);
  const refusal = runNowRefusal(pendingAction ? { ...job, pendingAction } : job);
  if (refusal === 'not-scheduled') return undefined;
  return refusal ? `runs.refuse.${refusal}` : '';
}

/**
 * Why Run again is unavailable (a key for its tooltip), '' when it can run, undefined when the
 * job has not finished (no button). The window knows a job's detail element when IPS listed
 * the job while it waited or ran, which is also when the core recorded what to submit again.
 */
export function rerunBlocked(job: Job): string | undefined {
  if (job.phase !== 'finished') return undefined;
  const pendingAction = app.pendingOf(job);
  const refusal = rerunRefusal(pendingAction ? { ...job, pendingAction } : job, job.detailElement);
  return refusal ? `runs.refuse.${refusal}` : '';
}

const fail = (key: string, job: Job) => (message: string) => t(key, { name: job.name, message });

/** Asks first (the action cannot be undone), then runs it. */
async function confirmed(job: Job, action: 'stop' | 'delete', command: 'stopJob' | 'deleteJob'): Promise<void> {
  const ok = await confirmState.ask({
    title: t(`ui.confirm.${action}.title`),
    body: t(`ui.confirm.${action}.body`, { name: job.name }),
    confirmLabel: t(`ui.action.${action}`),
    cancelLabel: t('ui.action.cancel'),
    danger: true,
  });
  if (ok) await app.jobAction(job, command, fail(`ui.error.${action}`, job));
}

export function stopJob(job: Job): Promise<void> {
  return confirmed(job, 'stop', 'stopJob');
}

export function deleteJob(job: Job): Promise<void> {
  return confirmed(job, 'delete', 'deleteJob');
}

export async function pauseJob(job: Job): Promise<void> {
  await app.jobAction(job, 'pauseJob', fail('ui.error.pause', job));
}

export async function resumeJob(job: Job): Promise<void> {
  await app.jobAction(job, 'resumeJob', fail('ui.error.resume', job));
}

/** One click, no confirmation (nothing is lost): IPS starts a run, the toast says where it shows. */
export async function runJobNow(job: Job): Promise<void> {
  if (await app.jobAction(job, 'runJobNow', fail('runs.runNow.error', job))) app.notify('info', t('runs.runNow.started', { name: job.name }));
}

/** One click: IPS runs the job again under a new name; the toast names the new run. */
export async function rerunJob(job: Job): Promise<void> {
  if (!(await app.jobAction(job, 'rerunJob', fail('runs.rerun.error', job)))) return;
  const value = app.lastActionValue as { jobName?: string } | undefined;
  app.notify('info', t('runs.rerun.started', { name: job.name, newName: value?.jobName ?? job.name }));
}

/** Copy `text`; `done` is the notice on success (default "Copied"). */
export async function copyText(text: string, done = t('ui.copied')): Promise<void> {
  try {
    const res = await app.invoke('copyText', { text });
    if (res.ok) app.notify('info', done);
    else app.notify('error', t('ui.error.copy', { message: errText(res.error) }));
  } catch (e) {
    app.notify('error', t('ui.error.copy', { message: e instanceof Error ? e.message : String(e) }));
  }
}

export async function pollNow(): Promise<void> {
  const res = await app.invoke('pollNow', undefined).catch((e: unknown) => ({
    ok: false as const,
    error: { kind: 'internal' as const, message: String(e) },
  }));
  if (res.ok) app.notify('info', t('ui.poll.requested'));
  else app.notify('error', t('ui.error.poll', { message: errText(res.error) }));
}

export async function setPollingPaused(paused: boolean): Promise<void> {
  const res = await app.invoke('setPollingPaused', { paused }).catch((e: unknown) => ({
    ok: false as const,
    error: { kind: 'internal' as const, message: String(e) },
  }));
  if (res.ok) app.polling = { ...app.polling, paused };
  else app.notify('error', t('ui.error.poll', { message: errText(res.error) }));
}
