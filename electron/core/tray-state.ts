// Tray state: a pure function of the board, the connection, the paused flag and the locale.
//
// Icon priority (first match wins), and why:
//   auth           sign-in failed: nothing works until the user acts
//   offline        IPS unreachable (network/timeout): everything else shown would be stale
//   running-error  a job failed and the user has not looked yet (`attention`) while other
//                  jobs run: both at once (a running ring with a red badge)
//   error          the same with nothing running, or IPS answers with a fault that is not
//                  about sign-in
//   paused         polling paused by the user: the board is frozen, so "running" would be a
//                  claim we cannot back (this deliberately ranks above running)
//   running        at least one job runs, queues, is stopping or finishing (a paused run does
//                  not count; progress = average of running jobs and those finished meanwhile,
//                  see trayProgress); unacknowledged warnings are then a menu line at the top
//   warning        a job finished with warnings recently and the user has not looked yet
//   error-seen     failures the user has looked at (`seen`) and nothing newer: an outline
//                  of the error icon; a new failure makes it red again
//   idle           otherwise (also while connecting)
import { errorText } from '../../shared/i18n/error-text.ts';
import type { Job, Outcome, TrayIcon, TrayMenuItem, TrayState } from '../../shared/domain.ts';
import type { ConnectionInfo } from '../../shared/ipc.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { translator, type Translate } from '../../shared/i18n/index.ts';
import { ms } from './outcome.ts';
import { snoozeMenu, type TraySnooze } from './tray-snooze.ts';
import { jobCounts } from '../../shared/counts.ts';
import { canStopJob } from '../../shared/job-actions.ts';

export interface TrayInput {
  jobs: readonly Job[];
  connection: ConnectionInfo;
  /** Polling paused by the user. */
  paused: boolean;
  locale: AppLocale;
  /** The notification snooze (./tray-snooze.ts); without it, no "Pause notifications" submenu. */
  snooze?: TraySnooze;
  /** Keys of jobs that finished with an error or warning while watched and are not acknowledged yet. */
  attention?: readonly string[];
  /** Keys of failed jobs the user has looked at (acknowledged), still within the attention window. */
  seen?: readonly string[];
  maxRunning?: number;
  maxRecent?: number;
  /**
   * The newest finished jobs, newest first, when the caller keeps them indexed (the engine
   * does): then `jobs` need hold only the unfinished ones and the attention ones, and
   * `hasJobs` says whether the board holds any job at all.
   */
  recent?: readonly Job[];
  hasJobs?: boolean;
}

const ACTIVE_PHASES = new Set(['queued', 'running', 'stopping']);

function isActiveRun(j: Job): boolean {
  return ACTIVE_PHASES.has(j.phase) || (j.phase === 'paused' && !!j.active && !j.scheduled) || !!j.finishingSince;
}

export function trayIconFor(input: TrayInput): TrayIcon {
  const { connection } = input;
  if (connection.state === 'auth-failed') return 'auth';
  if (connection.state === 'offline') return 'offline';
  const attention = attentionJobs(input, input.attention);
  const running = !input.paused && input.jobs.some((j) => isActiveRun(j) && j.phase !== 'paused');
  const failed = attention.some((j) => j.outcome === 'error');
  if (failed && running && connection.state !== 'error') return 'running-error';
  if (connection.state === 'error' || failed) return 'error';
  if (input.paused) return 'paused';
  if (running) return 'running';
  if (attention.some((j) => j.outcome === 'warning')) return 'warning';
  if (attentionJobs(input, input.seen).some((j) => j.outcome === 'error')) return 'error-seen';
  return 'idle';
}

function attentionJobs(input: TrayInput, keyList: readonly string[] | undefined): Job[] {
  if (!keyList?.length) return [];
  const keys = new Set(keyList);
  return input.jobs.filter((j) => keys.has(j.key) && j.phase === 'finished');
}

/**
 * Overall progress (0–1) of the current busy spell, or null when no job runs: the average
 * of the running jobs and of the jobs that finished while they ran (at 100 %), so a job
 * finishing does not pull the bar backwards (two jobs at 100 % and 40 % read 70 %, and
 * still 70 % once the first has finished). `finished` are finished jobs to consider (a job
 * counts if it ended after the earliest running job started).
 */
export function trayProgress(jobs: readonly Job[], finished: readonly Job[] = jobs): number | null {
  const running = jobs.filter((j) => j.phase === 'running' && !j.finishingSince);
  if (running.length === 0) return null;
  const since = Math.min(...running.map((j) => ms(j.startDate) ?? ms(j.firstSeen) ?? Infinity));
  const keys = new Set(running.map((j) => j.key));
  let done = 0;
  const seen = new Set<string>();
  for (const j of finished) {
    if (j.phase !== 'finished' || j.outcome === 'stopped' || keys.has(j.key) || seen.has(j.key)) continue;
    const end = ms(j.endDate);
    if (end !== undefined && Number.isFinite(since) && end >= since) {
      seen.add(j.key);
      done++;
    }
  }
  const sum = running.reduce((acc, j) => acc + (j.progress ?? 0), 0) + done * 100;
  return Math.max(0, Math.min(1, sum / (running.length + done) / 100));
}

function byStart(a: Job, b: Job): number {
  return (ms(a.startDate) ?? ms(a.firstSeen) ?? 0) - (ms(b.startDate) ?? ms(b.firstSeen) ?? 0);
}

function finishedAt(j: Job): number {
  return ms(j.endDate) ?? ms(j.updatedAt) ?? 0;
}

function jobName(j: Job): string {
  return j.name || j.originalName || j.jobHandle;
}

function jobLabel(tr: Translate, j: Job): string {
  const name = jobName(j);
  if (j.phase === 'finished') {
    const c = jobCounts(j.log);
    return tr('tray.job.finished', { name, outcome: j.outcome ?? 'success', errors: c.errors, warnings: c.warnings });
  }
  if (j.finishingSince) return tr('tray.job.finishing', { name });
  switch (j.phase) {
    case 'running':
      return j.progress === undefined ? tr('tray.job.runningNoProgress', { name }) : tr('tray.job.running', { name, progress: j.progress / 100 });
    case 'paused':
      return tr('tray.job.paused', { name });
    case 'stopping':
      return tr('tray.job.stopping', { name });
    default:
      return tr('tray.job.queued', { name });
  }
}

const TOOLTIP_MAX = 127; // Windows truncates longer tooltips

export function computeTrayState(input: TrayInput): TrayState {
  const tr = translator(input.locale);
  const icon = trayIconFor(input);
  const progress = trayProgress(input.jobs, input.recent ? [...input.recent, ...input.jobs] : input.jobs);
  const runs = input.jobs.filter(isActiveRun).sort(byStart);
  const running = runs.filter((j) => j.phase === 'running' && !j.finishingSince);
  const queued = runs.filter((j) => j.phase === 'queued');
  const attention = attentionJobs(input, input.attention);
  const count = (o: Outcome) => attention.filter((j) => j.outcome === o).length;

  const lines: string[] = [tr('tray.app')];
  const c = input.connection;
  if (c.state === 'auth-failed') lines.push(tr('tray.tooltip.auth'));
  else if (c.state === 'offline') {
    lines.push(tr('tray.tooltip.offline'));
    const at = ms(c.retryAt);
    if (at !== undefined) lines.push(tr('tray.tooltip.retryAt', { time: new Date(at) }));
  } else if (c.state === 'error') lines.push(tr('tray.tooltip.connectionError', { message: c.error ? errorText(input.locale, c.error) : '' }));
  else if (c.state === 'connecting' && !(input.hasJobs ?? input.jobs.length > 0)) lines.push(tr('tray.tooltip.connecting'));
  if (input.paused) lines.push(tr('tray.tooltip.paused'));
  if (count('error') > 0) lines.push(tr('tray.tooltip.error', { count: count('error') }));
  if (running.length > 0) {
    lines.push(
      progress === null ? tr('tray.tooltip.runningNoProgress', { count: running.length }) : tr('tray.tooltip.running', { count: running.length, progress }),
    );
  }
  if (queued.length > 0) lines.push(tr('tray.tooltip.queued', { count: queued.length }));
  if (count('warning') > 0) lines.push(tr('tray.tooltip.warning', { count: count('warning') }));
  const seenErrors = attentionJobs(input, input.seen).filter((j) => j.outcome === 'error').length;
  if (seenErrors > 0 && count('error') === 0) lines.push(tr('tray.tooltip.errorSeen', { count: seenErrors }));
  if (lines.length === 1) lines.push(tr('tray.tooltip.idle'));
  let tooltip = lines.join('\n');
  if (tooltip.length > TOOLTIP_MAX) tooltip = tooltip.slice(0, TOOLTIP_MAX - 1) + '…';

  const menu: TrayMenuItem[] = [];
  const maxRunning = input.maxRunning ?? 8;
  // Failures and warnings not looked at yet stay visible at the top while other jobs run
  // (the icon shows the running state then).
  if (count('error') + count('warning') > 0) {
    menu.push({ type: 'header', id: 'header:attention', label: tr('tray.menu.attention', { errors: count('error'), warnings: count('warning') }) });
  }
  // "Running" lists running jobs only (also stopping or finishing); queued and paused runs
  // are under "Waiting".
  const live = runs.filter((j) => j.phase === 'running' || j.phase === 'stopping' || !!j.finishingSince);
  const waiting = runs.filter((j) => !live.includes(j));
  menu.push({ type: 'header', id: 'header:running', label: tr('tray.menu.running') });
  if (live.length === 0) menu.push({ type: 'header', id: 'running:none', label: tr('tray.menu.noJobs') });
  for (const j of live.slice(0, maxRunning)) menu.push(runItem(tr, j));
  if (live.length > maxRunning) menu.push({ type: 'header', id: 'running:more', label: tr('tray.menu.more', { count: live.length - maxRunning }) });
  if (waiting.length > 0) {
    const room = Math.max(1, maxRunning - Math.min(live.length, maxRunning));
    menu.push({ type: 'header', id: 'header:waiting', label: tr('tray.menu.waiting') });
    for (const j of waiting.slice(0, room)) menu.push(runItem(tr, j));
    if (waiting.length > room) menu.push({ type: 'header', id: 'waiting:more', label: tr('tray.menu.more', { count: waiting.length - room }) });
  }

  const recent = input.recent
    ? input.recent.slice(0, input.maxRecent ?? 5)
    : input.jobs
        .filter((j) => j.phase === 'finished')
        .map((j) => ({ j, at: finishedAt(j) }))
        .sort((a, b) => b.at - a.at)
        .slice(0, input.maxRecent ?? 5)
        .map((x) => x.j);
  if (recent.length > 0) {
    menu.push({ type: 'separator', id: 'sep:recent' });
    menu.push({ type: 'header', id: 'header:recent', label: tr('tray.menu.recent') });
    for (const j of recent) menu.push(jobItem(tr, j, 'recent'));
  }

  menu.push({ type: 'separator', id: 'sep:actions' });
  menu.push({ type: 'action', id: 'open-window', label: tr('tray.action.open'), enabled: true });
  menu.push({ type: 'action', id: 'poll-now', label: tr('tray.action.pollNow'), enabled: !input.paused });
  menu.push({ type: 'action', id: 'toggle-pause', label: tr('tray.action.pause'), enabled: true, checked: input.paused });
  if (input.snooze) menu.push(snoozeMenu(tr, input.snooze));
  menu.push({ type: 'action', id: 'settings', label: tr('tray.action.settings'), enabled: true });
  menu.push({ type: 'separator', id: 'sep:quit' });
  menu.push({ type: 'action', id: 'quit', label: tr('tray.action.quit'), enabled: true });

  return { icon, progress, running: running.length, tooltip, menu };
}

type JobItem = Extract<TrayMenuItem, { type: 'job' }>;

function jobItem(tr: Translate, j: Job, prefix: string): JobItem {
  const item: JobItem = {
    type: 'job',
    id: `${prefix}:${j.key}`,
    label: jobLabel(tr, j),
    name: jobName(j),
    jobKey: j.key,
    companyHandle: j.companyHandle,
    jobHandle: j.jobHandle,
    phase: j.phase,
  };
  if (j.outcome) item.outcome = j.outcome;
  if (j.progress !== undefined && j.phase !== 'finished') item.progress = j.progress;
  return item;
}

/**
 * An unfinished run with its quick actions: Open (the window on the job) and Stop, asked
 * first as the window asks (same words), allowed by the window's rule (shared/job-actions.ts).
 */
function runItem(tr: Translate, j: Job): JobItem {
  const item = jobItem(tr, j, 'run');
  const name = item.name;
  item.quick = [
    { id: 'open', label: tr('tray.quick.open'), enabled: true },
    {
      id: 'stop',
      label: tr('tray.quick.stop'),
      enabled: canStopJob(j),
      confirm: { title: tr('ui.confirm.stop.title'), body: tr('ui.confirm.stop.body', { name }), ok: tr('ui.action.stop'), cancel: tr('ui.action.cancel') },
    },
  ];
  return item;
}

/** Structural equality of two tray states (to emit onTray only on change). */
export function sameTray(a: TrayState | undefined, b: TrayState): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
