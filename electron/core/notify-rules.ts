// Notification rules: a pure function of engine events, preferences, what was already
// notified and the time. The engine persists `notified` through the HistoryStore, so a
// restart repeats nothing.
//
// Decisions:
// - A company's first poll after start is a baseline: jobs already finished (or running)
//   then are history, not news → no finish/start notifications for it.
// - More than `summaryThreshold` (3) finish notifications from one poll become one summary
//   ("12 jobs finished, 2 with errors").
// - Connection lost / restored: once each per outage (the engine emits one connection event per
//   state change, not per retry). A new outage within 15 minutes of the last "lost"
//   notification stays silent (and so does its restore), so a flapping link cannot storm.
// - Auth failed: once, until a connection succeeds again. Always shown (it stops polling).
// - Stopped jobs follow the `warning` switch; stalled once per job.
// - Quiet hours and pausedUntil drop popups but still mark them notified, so nothing bursts out
//   when quiet hours end. The tray still changes (it is not decided here).
// - The rules (prefs.rules: companies, job families, only my jobs; ./notify-filter.ts) leave
//   a job's news out the same way: marked, never shown later. A summary counts what passed.
// - Job notifications carry two actions, Open job and Open log (the shell shows them where the
//   platform has notification buttons; a click opens the job everywhere).
import { errorText } from '../../shared/i18n/error-text.ts';
import type { AppNotification, EngineEvent, Job, NotificationAction, NotificationKind, Outcome } from '../../shared/domain.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import { translator, type Translate } from '../../shared/i18n/index.ts';
import { jobCounts } from '../../shared/counts.ts';
import { jobPassesRules } from './notify-filter.ts';
import { pausedUntilMs } from '../../shared/snooze.ts';
import { NotifiedMarks, type MarkKind } from './notified-marks.ts';
import type { MarkIndex } from './job-store.ts';

export type NotificationPrefs = Settings['notifications'];

export interface NotifyState {
  /**
   * Marks already notified: `fin:<jobKey>`, `start:<jobKey>`, `stall:<jobKey>`. Updated in place
   * by decideNotifications (a copy of 100,000 marks per cycle in which a job finished was the
   * young generation's garbage): the state belongs to the one caller that passes it on.
   */
  notified: NotifiedMarks;
  /** A connection-lost notification is out and not yet answered by a restored one. */
  connectionLost: boolean;
  /** Machine ms of the last connection-lost notification. */
  lastLostAt?: number;
  authNotified: boolean;
}

/** `shareKey`: the board's instance of a job key, so the marks keep no copy of it; `store`: where the marks' bits live (./notified-marks.ts). */
export function initialNotifyState(notified: Iterable<string> = [], shareKey?: (key: string) => string | undefined, store?: MarkIndex): NotifyState {
  return { notified: new NotifiedMarks(notified, shareKey, store), connectionLost: false, authNotified: false };
}

export interface NotifyInput {
  events: readonly EngineEvent[];
  prefs: NotificationPrefs;
  locale: AppLocale;
  /** Machine time (ms). */
  now: number;
  state: NotifyState;
  /** The events come from a company's first poll: job news is history. */
  baseline?: boolean;
  /** Running jobs stalled for prefs.stalledMinutes (from the board, measured on server timestamps). */
  stalled?: readonly Job[];
  /** Minutes since local midnight, for quiet hours (default: from `now` in the local time zone). */
  localMinutes?: number;
  /** Finish notifications above this count become one summary (default 3). */
  summaryThreshold?: number;
  /** The signed-in user, for the "only my jobs" rule (empty: the rule cannot apply). */
  userEmail?: string;
}

export interface NotifyOutput {
  notifications: AppNotification[];
  state: NotifyState;
  /** How many marks this call added to state.notified. */
  added: number;
}

const FLAP_MS = 15 * 60_000;

export function quietNow(prefs: NotificationPrefs, now: number, localMinutes?: number): boolean {
  if (pausedUntilMs(prefs.pausedUntil, now) !== undefined) return true;
  const q = prefs.quietHours;
  if (!q.enabled) return false;
  const from = hm(q.from);
  const to = hm(q.to);
  if (from === undefined || to === undefined || from === to) return false;
  const d = new Date(now);
  const m = localMinutes ?? d.getHours() * 60 + d.getMinutes();
  return from < to ? m >= from && m < to : m >= from || m < to;
}

function hm(s: string): number | undefined {
  const r = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!r) return undefined;
  return Number(r[1]) * 60 + Number(r[2]);
}

function finishEnabled(prefs: NotificationPrefs, o: Outcome): boolean {
  if (o === 'stopped') return prefs.warning;
  return prefs[o];
}

export function decideNotifications(input: NotifyInput): NotifyOutput {
  const { prefs, now } = input;
  const tr = translator(input.locale);
  // The marks (100,000 with a full history) are updated in place; the rest of the state is copied.
  const state: NotifyState = { ...input.state };
  let added = 0;
  const mark = (kind: MarkKind, key: string): boolean => {
    if (!state.notified.addJob(kind, key)) return false;
    added++;
    return true;
  };
  const out: AppNotification[] = [];
  const finishes: { job: Job; outcome: Outcome }[] = [];
  const passes = (j: Job): boolean => jobPassesRules(j, prefs.rules, input.userEmail ?? '');
  const actions = jobActions(tr);
  /** A connection notification: one per state change, its id the change's time. */
  const connectionNote = (id: string, kind: NotificationKind, title: string, body: string, urgency: 'low' | 'normal' | 'critical'): void => {
    out.push({ id: `${id}:${now}`, kind, title, body, urgency });
  };

  for (const e of input.events) {
    switch (e.event) {
      case 'job-finished': {
        if (!mark('fin', e.job.key) || input.baseline) break;
        if (finishEnabled(prefs, e.outcome) && passes(e.job)) finishes.push({ job: e.job, outcome: e.outcome });
        break;
      }
      case 'job-started': {
        if (!mark('start', e.job.key) || input.baseline || !prefs.started || !passes(e.job)) break;
        out.push({
          id: `start:${e.job.key}`,
          kind: 'started',
          title: tr('notify.started.title'),
          body: tr('notify.started.body', { name: nameOf(e.job) }),
          jobKey: e.job.key,
          urgency: 'low',
          actions,
        });
        break;
      }
      case 'connection': {
        if (e.state === 'ok') {
          state.authNotified = false;
          if (state.connectionLost) {
            state.connectionLost = false;
            if (prefs.connection) {
              connectionNote('conn-restored', 'connection-restored', tr('notify.connectionRestored.title'), tr('notify.connectionRestored.body'), 'low');
            }
          }
        } else if (e.state === 'auth-failed') {
          if (!state.authNotified) {
            state.authNotified = true;
            connectionNote('auth', 'auth-failed', tr('notify.auth.title'), tr('notify.auth.body'), 'critical');
          }
        } else if (!state.connectionLost) {
          if (state.lastLostAt !== undefined && now - state.lastLostAt < FLAP_MS) break;
          state.connectionLost = true;
          state.lastLostAt = now;
          if (prefs.connection) {
            const message = e.error ? errorText(input.locale, e.error) : '';
            connectionNote('conn-lost', 'connection-lost', tr('notify.connectionLost.title'), tr('notify.connectionLost.body', { message }).trim(), 'normal');
          }
        }
        break;
      }
      default:
        break;
    }
  }

  for (const j of input.stalled ?? []) {
    if (!mark('stall', j.key) || !prefs.stalled || !passes(j)) continue;
    out.push({
      id: `stall:${j.key}`,
      kind: 'stalled',
      title: tr('notify.stalled.title'),
      body: tr('notify.stalled.body', { name: nameOf(j), minutes: prefs.stalledMinutes }),
      jobKey: j.key,
      urgency: 'normal',
      actions,
    });
  }

  const threshold = input.summaryThreshold ?? 3;
  if (finishes.length > threshold) {
    const errors = finishes.filter((f) => f.outcome === 'error').length;
    const warnings = finishes.filter((f) => f.outcome === 'warning').length;
    out.push({
      id: `summary:${now}:${finishes.length}`,
      kind: 'summary',
      title: tr('notify.summary.title', { count: finishes.length }),
      body: tr('notify.summary.body', { count: finishes.length, errors, warnings }),
      urgency: errors > 0 ? 'critical' : 'normal',
    });
  } else {
    for (const f of finishes) out.push({ ...finishNotification(tr, f.job, f.outcome), actions });
  }

  if (quietNow(prefs, now, input.localMinutes)) return { notifications: [], state, added };
  return { notifications: out, state, added };
}

function jobActions(tr: Translate): NotificationAction[] {
  return [
    { id: 'open-job', label: tr('notify.action.openJob') },
    { id: 'open-log', label: tr('notify.action.openLog') },
  ];
}

function nameOf(j: Job): string {
  return j.name || j.originalName || j.jobHandle;
}

function finishNotification(tr: Translate, job: Job, outcome: Outcome): AppNotification {
  const name = nameOf(job);
  const log = job.log;
  const c = jobCounts(log);
  const base = { id: `fin:${job.key}`, jobKey: job.key };
  switch (outcome) {
    case 'error':
      return {
        ...base,
        kind: 'finished-error',
        title: tr('notify.error.title'),
        body: tr('notify.error.body', {
          name,
          fatal: log?.fatalError ? 'yes' : 'no',
          errors: c.errors,
          transferErrors: c.transfers.errors,
          unprocessed: c.unprocessed,
        }),
        urgency: 'critical',
      };
    case 'warning':
      return {
        ...base,
        kind: 'finished-warning',
        title: tr('notify.warning.title'),
        body: tr('notify.warning.body', {
          name,
          warnings: c.warnings,
          duplicates: c.duplicates,
          transferWarnings: c.transfers.warnings,
        }),
        urgency: 'normal',
      };
    case 'stopped':
      return {
        ...base,
        kind: 'finished-stopped',
        title: tr('notify.stopped.title'),
        body: tr('notify.stopped.body', { name, unprocessed: c.unprocessed }),
        urgency: 'normal',
      };
    default:
      return {
        ...base,
        kind: 'finished-success',
        title: tr('notify.success.title'),
        body: tr('notify.success.body', { name, files: c.succeeded, updated: c.updated }),
        urgency: 'low',
      };
  }
}
