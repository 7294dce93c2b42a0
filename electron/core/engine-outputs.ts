// What the engine tells the world about the board: engine events, renderer patches, the tray
// and notifications, plus the state behind them (attention of unacknowledged failures, the
// notified marks) and the history the engine saves and restores. Part of engine.ts.
import type { AppNotification, EngineEvent, Job, TrayState } from '../../shared/domain.ts';
import type { ConnectionInfo, Events } from '../../shared/ipc.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import { createEmitter } from '../../shared/emitter.ts';
import { pruneFinished, recentFinished, restoreJobs, type Board, type BoardDiff } from './board.ts';
import { computeTrayState, sameTray } from './tray-state.ts';
import { decideNotifications, initialNotifyState, type NotifyState } from './notify-rules.ts';
import { ENGINE_LIMITS } from './limits.ts';
import { pausedUntilMs, tomorrowTarget } from '../../shared/snooze.ts';
import type { PersistedHistory } from './types.ts';

export interface OutputsDeps {
  board: Board;
  now(): number;
  settings(): Settings;
  locale(): AppLocale;
  connection(): ConnectionInfo;
  paused(): boolean;
  /** The signed-in user (the "only my jobs" notification rule). */
  userEmail: string;
  /** Finished jobs or notified marks changed: save the history soon. */
  markDirty(): void;
}

export type Outputs = ReturnType<typeof createOutputs>;

export function createOutputs(d: OutputsDeps) {
  const { board } = d;
  const events = createEmitter<EngineEvent>();
  const patches = createEmitter<Events['jobs-patch']>();
  const trays = createEmitter<TrayState>();
  const notifications = createEmitter<AppNotification>();
  // The marks' bits live in the board's store: a finished job's in its history row.
  let notifyState: NotifyState = initialNotifyState([], undefined, board.jobs.marks);
  /** Finished-with-error/warning jobs (key → machine ms) the user has not acknowledged. */
  const attention = new Map<string, number>();
  /** Failed jobs the user has acknowledged (key → machine ms of the failure): the outline icon until they expire. */
  const seen = new Map<string, number>();
  let tray: TrayState | undefined;

  /** The tray from the board's indexes: unfinished and attention jobs, the newest finishes. */
  function trayNow(): TrayState {
    const jobs: Job[] = [...board.live.values()];
    for (const k of [...attention.keys(), ...seen.keys()]) {
      const j = board.jobs.get(k);
      if (j && !board.live.has(k)) jobs.push(j);
    }
    return computeTrayState({
      jobs,
      recent: recentFinished(board, 5),
      hasJobs: board.jobs.size > 0,
      connection: d.connection(),
      paused: d.paused(),
      locale: d.locale(),
      attention: [...attention.keys()],
      seen: [...seen.keys()],
      snooze: { until: pausedUntilMs(d.settings().notifications.pausedUntil, d.now()), tomorrow: tomorrowTarget(d.settings().notifications), now: d.now() },
    });
  }

  function refreshTray(): void {
    const t = d.now();
    for (const m of [attention, seen]) for (const [k, at] of m) if (t - at > ENGINE_LIMITS.attentionMs) m.delete(k);
    const next = trayNow();
    if (sameTray(tray, next)) return;
    tray = next;
    trays.emit(next);
  }

  function publish(diff: BoardDiff | undefined): void {
    if (!diff) return;
    for (const e of diff.events) events.emit(e);
    if (diff.upsert.length || diff.remove.length) {
      const upsert = new Map<string, Job>();
      for (const j of diff.upsert) upsert.set(j.key, j);
      for (const k of diff.remove) upsert.delete(k);
      patches.emit({ upsert: [...upsert.values()], remove: [...new Set(diff.remove)] });
    }
    for (const k of diff.remove) {
      attention.delete(k);
      seen.delete(k);
    }
    // Marks of jobs gone from the board (pruned history, vanished schedules) are not needed any more.
    for (const k of diff.remove) notifyState.notified.deleteJob(k);
    if (diff.events.some((e) => e.event === 'job-finished' || e.event === 'job-removed')) d.markDirty();
  }

  function notify(input: { events: readonly EngineEvent[]; baseline?: boolean; stalled?: readonly Job[] }): void {
    const settings = d.settings();
    const out = decideNotifications({
      events: input.events,
      prefs: settings.notifications,
      locale: d.locale(),
      now: d.now(),
      state: notifyState,
      baseline: input.baseline ?? false,
      stalled: input.stalled ?? [],
      userEmail: d.userEmail,
    });
    notifyState = out.state;
    if (out.added) d.markDirty();
    for (const n of out.notifications) notifications.emit(n);
  }

  return {
    events,
    patches,
    trays,
    notifications,
    publish,
    notify,
    refreshTray,
    tray: () => tray ?? trayNow(),
    /**
     * Jobs that finished badly while watched keep the tray's attention; a later run of a
     * failed job that succeeds (same company and name) clears its "failed, seen" outline.
     */
    attend(diff: BoardDiff, t: number): void {
      for (const e of diff.events) {
        if (e.event !== 'job-finished') continue;
        if (e.outcome === 'error' || e.outcome === 'warning') attention.set(e.job.key, t);
        else if (e.outcome === 'success' && seen.size) {
          for (const k of seen.keys()) if (sameJob(board.jobs.get(k), e.job)) seen.delete(k);
        }
      }
    },
    /** The user has seen these jobs (all, without keys): they no longer hold the tray's attention. */
    acknowledge(keys?: readonly string[]): void {
      const acked = keys ? keys.filter((k) => attention.has(k)) : [...attention.keys()];
      if (!acked.length) return;
      for (const k of acked) {
        if (board.jobs.get(k)?.outcome === 'error') seen.set(k, attention.get(k)!);
        attention.delete(k);
      }
      refreshTray();
    },
    /** Finished jobs and the marks of jobs still on the board, as saved. */
    historySnapshot(): PersistedHistory {
      const jobs: Job[] = [];
      for (const k of board.finishedAt.keys()) {
        const j = board.jobs.get(k);
        if (j) jobs.push(j);
      }
      const notified = [...notifyState.notified.marks((k) => board.jobs.has(k))];
      return { version: 1, savedAt: new Date(d.now()).toISOString(), jobs, notified };
    },
    /** Put saved history on the board (before the first poll), then prune it to the window. */
    restore(h: PersistedHistory): void {
      const restored = restoreJobs(board, Array.isArray(h.jobs) ? h.jobs : []);
      notifyState.notified.clear();
      notifyState = initialNotifyState(Array.isArray(h.notified) ? h.notified : [], (k) => board.jobs.keyOf(k), board.jobs.marks);
      const pruned = pruneFinished(board, d.now(), d.settings().historyDays, ENGINE_LIMITS.maxHistoryJobs);
      const removed = new Set(pruned.remove);
      const upsert = restored.filter((j) => !removed.has(j.key));
      if (upsert.length) patches.emit({ upsert, remove: [] });
      refreshTray();
    },
  };
}

/** Two runs of one job: the same company and name. */
function sameJob(a: Job | undefined, b: Job): boolean {
  return !!a && a.key !== b.key && a.companyHandle === b.companyHandle && (a.originalName || a.name) === (b.originalName || b.name);
}
