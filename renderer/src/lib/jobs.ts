// Presentation helpers for jobs: labels, severities, counts, history rows.
import type { Job, Outcome, Phase } from '../../../shared/domain.ts';
import { jobCounts } from '../../../shared/counts.ts';
import { ownSearchText } from '../../../shared/history-search.ts';
import type { HistorySortKey } from '../../../shared/saved-filters.ts';
import { t, tOr } from './i18n.ts';

export { detailSeverity, severityOf, type Severity } from './severity.ts';

/** The job's type in words: the IPS type constant, else the detail element, else raw. */
export function typeLabel(job: Pick<Job, 'type' | 'detailElement'>): string {
  if (job.type) return tOr(`common.jobType.${job.type}`, job.type);
  if (job.detailElement) return tOr(`common.detail.${job.detailElement}`, job.detailElement);
  return t('common.unknown');
}

export function phaseLabel(phase: Phase): string {
  return t(`common.phase.${phase}`);
}

export function outcomeLabel(outcome: Outcome | undefined): string {
  return outcome ? t(`common.outcome.${outcome}`) : t('common.unknown');
}

export function stateLabel(state: string | undefined): string {
  return state ? tOr(`common.state.${state}`, state) : '—';
}

export function triggerLabel(state: string | undefined): string {
  return state ? tOr(`common.trigger.${state}`, state) : '—';
}

export function taskStateLabel(state: string | undefined): string {
  return state ? tOr(`common.taskState.${state}`, state) : '—';
}

/** A task's type in words: IPS sends free text ("Video Encoding"); known ones are translated, others shown as sent. */
export function taskTypeLabel(taskType: string | undefined): string {
  return taskType ? tOr(`common.taskType.${taskType}`, taskType) : '—';
}

export function pendingLabel(action: string): string {
  return t(`common.pending.${action}`);
}

/**
 * How long the job has run: to its end once finished; for a paused job to when it paused
 * (IPS's last progress update, which stops while paused), so the time does not keep counting;
 * otherwise to `now`. Undefined for a job that has not started (queued) or has no start date.
 */
export function durationMs(job: Job, now: number): number | undefined {
  if (!job.startDate || job.phase === 'queued' || job.phase === 'scheduled') return undefined;
  const start = Date.parse(job.startDate);
  let end = now;
  if (job.endDate) end = Date.parse(job.endDate);
  else if (job.phase === 'paused' && job.active?.lastProgressUpdate) end = Math.min(now, Date.parse(job.active.lastProgressUpdate));
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : undefined;
}

/** A job that IPS is still working on (or holding): its live fields (IPS state, progress message, bar) mean something. */
export function isLive(job: Job): boolean {
  return job.phase === 'queued' || job.phase === 'running' || job.phase === 'paused' || job.phase === 'stopping';
}

/** How the job's progress bar is drawn (undefined: no bar, e.g. a finished job). */
export function progressMode(job: Job): 'live' | 'waiting' | 'held' | undefined {
  switch (job.phase) {
    case 'running':
      return job.finishingSince ? 'held' : 'live';
    case 'queued':
      return 'waiting';
    case 'paused':
    case 'stopping':
      return 'held';
    default:
      return undefined;
  }
}

/** What a queued job waits for, in words (by its IPS state; a trigger time says when it starts). */
export function waitingFor(job: Job, now: number): { key: string; time?: string } {
  const trigger = job.active?.triggerTime;
  if (trigger && Date.parse(trigger) > now) return { key: 'ui.active.waitsFor.trigger', time: trigger };
  const state = job.active?.state ?? '';
  if (state === 'New' || state === 'WaitingClient' || state === 'WaitingCoordinator') return { key: `ui.active.waitsFor.${state}` };
  return { key: 'ui.active.waitsFor.other' };
}

/** A finished job flattened for the history table; computed once per job object. */
export interface HistoryRow {
  job: Job;
  key: string;
  name: string;
  /** The job's own searchable text (shared/history-search.ts ownSearchText). */
  search: string;
  type: string;
  company: string;
  /** The destination folder, or ''. */
  destination: string;
  start: number;
  duration: number;
  /** Counts as shared/counts.ts defines them (the same numbers as the detail, tray, notifications and CLI). */
  total: number;
  success: number;
  updated: number;
  warning: number;
  error: number;
  duplicate: number;
  unprocessed: number;
  outcome: Outcome | '';
  submitter: string;
}

const rowCache = new WeakMap<Job, HistoryRow>();

export function historyRow(job: Job): HistoryRow {
  let row = rowCache.get(job);
  if (row) return row;
  const log = job.log;
  const c = jobCounts(log);
  const start = job.startDate ? Date.parse(job.startDate) : NaN;
  const end = job.endDate ? Date.parse(job.endDate) : NaN;
  const who = job.submitUserEmail ?? log?.submitUserEmail ?? '';
  row = {
    job,
    key: job.key,
    name: job.name,
    search: `${ownSearchText({ name: job.name, originalName: job.originalName, submitter: who, destination: job.destination })}${job.account ? `\u0000${job.account.toLowerCase()}` : ''}`,
    type: job.type || job.detailElement || '',
    company: job.companyHandle,
    destination: job.destination ?? '',
    start: Number.isFinite(start) ? start : 0,
    duration: Number.isFinite(start) && Number.isFinite(end) ? end - start : -1,
    total: c.total,
    success: c.succeeded,
    updated: c.updated,
    warning: c.warnings,
    error: c.errors,
    duplicate: c.duplicates,
    unprocessed: c.unprocessed,
    outcome: job.outcome ?? '',
    submitter: who.toLowerCase(),
  };
  rowCache.set(job, row);
  return row;
}

/** History's sortable columns (one list with the saved filters' schema). */
export type SortKey = HistorySortKey;

const OUTCOME_RANK: Record<string, number> = { error: 0, warning: 1, stopped: 2, success: 3, '': 4 };

export function compareRows(key: SortKey, companyName: (h: string) => string): (a: HistoryRow, b: HistoryRow) => number {
  switch (key) {
    case 'name':
    case 'type':
    case 'destination': {
      const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
      return (a, b) => coll.compare(a[key], b[key]);
    }
    case 'company': {
      const coll = new Intl.Collator(undefined, { sensitivity: 'base' });
      return (a, b) => coll.compare(companyName(a.company), companyName(b.company));
    }
    case 'outcome':
      return (a, b) => (OUTCOME_RANK[a.outcome] ?? 9) - (OUTCOME_RANK[b.outcome] ?? 9);
    default:
      return (a, b) => a[key] - b[key];
  }
}

/** The e-mail the job was submitted by, if known (shared with the notification rules). */
export { jobSubmitter as submitter } from '../../../shared/domain.ts';
