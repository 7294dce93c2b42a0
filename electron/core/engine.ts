// The job engine: pollers per company → job board → events, patches, tray state and
// notifications; actions on jobs; history across restarts. Electron-free; time is injected.
//
// Behaviour decisions (see also tray-state.ts and notify-rules.ts):
// - Interval per company: settings.polling.activeSeconds while any of its jobs is queued,
//   running, stopping, finishing or has a pending action; idleSeconds otherwise.
// - Failures: exponential backoff with ±20 % jitter, from max(5 s, activeSeconds) up to
//   max(5 min, idleSeconds). One `connection` event per change of the overall state, never per retry.
// - Authentication failure: every poller stops (state auth-failed). Recovery: pollNow() makes
//   one manual attempt; updateSettings() with a changed account or company list rediscovers;
//   a new password means a new IpsApi, so the shell creates a new engine.
// - A company's first poll is a baseline: its finished jobs are history (no notifications).
// - History: finished jobs (≤ historyDays, ≤ ENGINE_LIMITS.maxHistoryJobs = 100,000) and notified
//   marks, saved 5 s after a change (60 s beyond 5,000 jobs) and on stop().
import { jobKey, type AppNotification, type Company, type EngineEvent, type Job, type JobLog, type PendingAction } from '../../shared/domain.ts';
import type { ActionResult, Commands, ConnectionInfo, Events, PollingInfo } from '../../shared/ipc.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import type { JobLogsQuery, JobRef } from '../ips/api.ts';
import { isIpsError, toErrorInfo } from '../ips/errors.ts';
import type { ConnectionState, ErrorInfo } from '../../shared/domain.ts';
import { systemClock } from '../clock.ts';
import type { Engine, EngineOptions, PersistedHistory } from './types.ts';
import {
  applySnapshot,
  companyIsBusy,
  createBoard,
  oldestUnfinishedStart,
  pruneFinished,
  restoreJobs,
  setPending,
  clearStopped,
  stalledJobs,
  type BoardDiff,
  type CompanySnapshot,
} from './board.ts';
import { createPoller, type Poller } from './poller.ts';
import { backoffDelay } from './backoff.ts';
import { computeTrayState, sameTray } from './tray-state.ts';
import { decideNotifications, initialNotifyState, type NotifyState } from './notify-rules.ts';
import { ms } from './outcome.ts';
import type { TrayState } from '../../shared/domain.ts';

export const ENGINE_LIMITS = {
  /** Rows of getJobLogs on the first poll of a company, and on later polls. */
  firstLogRows: 500,
  logRows: 200,
  /** Rows per page when the history window is filled in behind the first poll, and the pause between pages. */
  backfillRows: 2000,
  backfillPauseMs: 250,
  /** A job that left the active list waits this long for its finished log. */
  finishWaitMs: 120_000,
  pendingTimeoutMs: 120_000,
  /** Finished jobs kept (within historyDays): a busy month of a large company fits. */
  maxHistoryJobs: 100_000,
  saveDebounceMs: 5000,
  /** A large history is written less often (each write serializes every finished job). */
  largeHistoryJobs: 5000,
  largeSaveDebounceMs: 60_000,
  /** Failed/warned jobs keep the tray's attention this long unless acknowledged. */
  attentionMs: 24 * 3600_000,
  maxBackoffMs: 300_000,
};

type Listener<T> = (v: T) => void;

function emitter<T>() {
  const set = new Set<Listener<T>>();
  return {
    on(l: Listener<T>): () => void {
      set.add(l);
      return () => set.delete(l);
    },
    emit(v: T) {
      for (const l of [...set]) {
        try {
          l(v);
        } catch {
          /* a listener's failure is not the engine's */
        }
      }
    },
  };
}

interface CompanyStatus {
  state: ConnectionState | 'connecting';
  error?: ErrorInfo;
  retryAt?: number;
  failures: number;
  baselineDone: boolean;
  logCursor?: number;
  /** History backfill: older logs still to fetch start before this instant (ms). */
  backfillBefore?: number;
  backfillRunning?: boolean;
}

const SEVERITY: Record<ConnectionState | 'connecting', number> = { 'auth-failed': 4, offline: 3, error: 2, connecting: 1, ok: 0 };

function failureState(err: unknown): ConnectionState {
  const kind = isIpsError(err) ? err.kind : 'internal';
  if (kind === 'authentication') return 'auth-failed';
  if (kind === 'network' || kind === 'timeout') return 'offline';
  return 'error';
}

/** One finished poll cycle of a company, or the company discovery (companyHandle undefined). */
export interface CycleInfo {
  companyHandle?: string;
  ok: boolean;
  error?: ErrorInfo;
}

/** The Engine plus a hook for tools that need to know when a cycle is done (watch --once, tests). */
export interface EngineWithCycles extends Engine {
  onCycle(listener: (c: CycleInfo) => void): () => void;
}

export function createEngine(opts: EngineOptions): EngineWithCycles {
  const { api } = opts;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  let settings: Settings = opts.settings;
  let locale: AppLocale = opts.locale;

  const board = createBoard();
  const events = emitter<EngineEvent>();
  const patches = emitter<Events['jobs-patch']>();
  const trays = emitter<TrayState>();
  const connections = emitter<ConnectionInfo>();
  const pollings = emitter<PollingInfo>();
  const notifications = emitter<AppNotification>();
  const companiesEm = emitter<Company[]>();
  const cycles = emitter<CycleInfo>();

  let companies: Company[] = [];
  const pollers = new Map<string, Poller>();
  const status = new Map<string, CompanyStatus>();
  /** One getJobLogs at a time per company, shared by the poller and the history backfill. */
  const logLocks = new Map<string, Promise<unknown>>();
  const backfillTimers = new Map<string, unknown>();
  let discovery: CompanyStatus = { state: 'connecting', failures: 0, baselineDone: false };
  let discoveryTimer: unknown;
  let discovering = false;
  let started = false;
  let stopped = false;
  let paused = false;
  let authStopped = false;
  let lastPoll: number | undefined;
  let lastOk: number | undefined;
  let connInfo: ConnectionInfo = { state: 'connecting' };
  let overall: ConnectionState | 'connecting' = 'connecting';
  let tray: TrayState | undefined;
  let pollingInfo: PollingInfo | undefined;
  let notifyState: NotifyState = initialNotifyState();
  const attention = new Map<string, number>();
  let saveTimer: unknown;
  /** Releases the clock's keep-alive hold: a started engine keeps its process alive until stop(). */
  let releaseHold: (() => void) | undefined;
  let dirty = false;
  let saving: Promise<void> = Promise.resolve();
  let loaded: Promise<void> = Promise.resolve();

  const now = () => clock.now();
  const iso = (t: number) => new Date(t).toISOString();

  // ---------------------------------------------------------------- outputs

  function publish(diff: BoardDiff | undefined): void {
    if (!diff) return;
    for (const e of diff.events) events.emit(e);
    if (diff.upsert.length || diff.remove.length) {
      const upsert = new Map<string, Job>();
      for (const j of diff.upsert) upsert.set(j.key, j);
      for (const k of diff.remove) upsert.delete(k);
      patches.emit({ upsert: [...upsert.values()], remove: [...new Set(diff.remove)] });
    }
    for (const k of diff.remove) attention.delete(k);
    if (diff.remove.length) {
      // Marks of jobs gone from the board (pruned history, vanished schedules) are not needed any more.
      const gone = new Set(diff.remove);
      const kept = [...notifyState.notified].filter((m) => !gone.has(m.slice(m.indexOf(':') + 1)));
      if (kept.length !== notifyState.notified.size) notifyState = { ...notifyState, notified: new Set(kept) };
    }
    if (diff.events.some((e) => e.event === 'job-finished' || e.event === 'job-removed')) markDirty();
  }

  function refreshTray(): void {
    const t = now();
    for (const [k, at] of attention) if (t - at > ENGINE_LIMITS.attentionMs) attention.delete(k);
    const next = computeTrayState({ jobs: [...board.jobs.values()], connection: connInfo, paused, locale, attention: [...attention.keys()] });
    if (sameTray(tray, next)) return;
    tray = next;
    trays.emit(next);
  }

  function intervalSeconds(): number {
    const busy = companies.some((c) => companyIsBusy(board, c.companyHandle));
    return busy ? settings.polling.activeSeconds : settings.polling.idleSeconds;
  }

  function refreshPolling(): void {
    let nextPoll: number | undefined;
    for (const p of pollers.values()) {
      const n = p.nextAt();
      if (n !== undefined && (nextPoll === undefined || n < nextPoll)) nextPoll = n;
    }
    const info: PollingInfo = { paused, intervalSeconds: intervalSeconds() };
    if (lastPoll !== undefined) info.lastPoll = iso(lastPoll);
    if (nextPoll !== undefined && !paused) info.nextPoll = iso(nextPoll);
    if (pollingInfo && JSON.stringify(pollingInfo) === JSON.stringify(info)) return;
    pollingInfo = info;
    pollings.emit(info);
  }

  function notify(input: { events: readonly EngineEvent[]; baseline?: boolean; stalled?: readonly Job[] }): void {
    const out = decideNotifications({
      events: input.events,
      prefs: settings.notifications,
      locale,
      now: now(),
      state: notifyState,
      baseline: input.baseline ?? false,
      stalled: input.stalled ?? [],
    });
    notifyState = out.state;
    if (out.added.length) markDirty();
    for (const n of out.notifications) notifications.emit(n);
  }

  // ---------------------------------------------------------------- connection

  function recomputeConnection(): void {
    let worst: CompanyStatus = discovery;
    let worstCo: string | undefined;
    if (discovery.state === 'ok') {
      const entries = [...status.entries()];
      worst = { state: 'ok', failures: 0, baselineDone: true };
      for (const [co, s] of entries) {
        if (s.state !== 'connecting' && SEVERITY[s.state] > SEVERITY[worst.state]) {
          worst = s;
          worstCo = co;
        }
      }
      // Until one company has answered, we are still connecting.
      if (worst.state === 'ok' && entries.length > 0 && !entries.some(([, s]) => s.state === 'ok')) {
        worst = { state: 'connecting', failures: 0, baselineDone: false };
      }
    }
    const info: ConnectionInfo = { state: worst.state };
    if (worst.error && worst.state !== 'ok' && worst.state !== 'connecting') info.error = worst.error;
    if (lastOk !== undefined) info.lastOk = iso(lastOk);
    if (worst.retryAt !== undefined && worst.state !== 'ok') info.retryAt = iso(worst.retryAt);
    const changedState = worst.state !== overall;
    const prevInfo = connInfo;
    connInfo = info;
    if (changedState) {
      overall = worst.state;
      if (worst.state !== 'connecting') {
        const e: EngineEvent = { event: 'connection', state: worst.state };
        if (worstCo) e.companyHandle = worstCo;
        if (info.error) e.error = info.error;
        if (info.retryAt) e.retryAt = info.retryAt;
        events.emit(e);
        notify({ events: [e] });
      }
    }
    if (changedState || prevInfo.retryAt !== info.retryAt || JSON.stringify(prevInfo.error) !== JSON.stringify(info.error)) {
      connections.emit(info);
    }
    refreshTray();
  }

  function retryDelay(failures: number): number {
    return backoffDelay(failures, {
      baseMs: Math.max(5, settings.polling.activeSeconds) * 1000,
      maxMs: Math.max(ENGINE_LIMITS.maxBackoffMs, settings.polling.idleSeconds * 1000),
      random,
    });
  }

  function onAuthFailure(): void {
    authStopped = true;
    for (const p of pollers.values()) p.hold();
    if (discoveryTimer !== undefined) clock.clearTimeout(discoveryTimer);
    discoveryTimer = undefined;
  }

  // ---------------------------------------------------------------- discovery

  async function discover(): Promise<void> {
    if (stopped || discovering) return;
    discovering = true;
    if (discoveryTimer !== undefined) clock.clearTimeout(discoveryTimer);
    discoveryTimer = undefined;
    try {
      const memberships = await api.getCompanyMembership();
      if (stopped) return;
      let list = memberships.filter((m) => m.isActive !== false).map((m) => m.company);
      const wanted = settings.companies;
      if (wanted.length) {
        const byHandle = new Map(memberships.map((m) => [m.company.companyHandle, m.company]));
        list = wanted.map((h) => byHandle.get(h) ?? { companyHandle: h, name: h });
      }
      discovery = { state: 'ok', failures: 0, baselineDone: true };
      authStopped = false;
      setCompanies(list);
      cycles.emit({ ok: true });
    } catch (err) {
      if (stopped) return;
      const state = failureState(err);
      const failures = discovery.failures + 1;
      discovery = { state, error: toErrorInfo(err), failures, baselineDone: false };
      if (state === 'auth-failed') onAuthFailure();
      else if (!paused) {
        const delay = retryDelay(failures);
        discovery.retryAt = now() + delay;
        discoveryTimer = clock.setTimeout(() => {
          discoveryTimer = undefined;
          void discover();
        }, delay);
      }
      recomputeConnection();
      cycles.emit({ ok: false, ...(discovery.error ? { error: discovery.error } : {}) });
    } finally {
      discovering = false;
    }
  }

  function setCompanies(list: Company[]): void {
    companies = list;
    companiesEm.emit(list);
    const handles = new Set(list.map((c) => c.companyHandle));
    for (const [h, p] of pollers) {
      if (!handles.has(h)) {
        p.stop();
        pollers.delete(h);
        status.delete(h);
      }
    }
    for (const c of list) {
      let p = pollers.get(c.companyHandle);
      if (!p) {
        p = makePoller(c.companyHandle);
        pollers.set(c.companyHandle, p);
        status.set(c.companyHandle, { state: 'connecting', failures: 0, baselineDone: false });
      }
      if (!paused) p.pollNow();
    }
    recomputeConnection();
    refreshPolling();
  }

  function logsLocked(co: string, q: JobLogsQuery): Promise<JobLog[]> {
    const run = (logLocks.get(co) ?? Promise.resolve()).then(() => api.getJobLogs(q));
    logLocks.set(co, run.catch(() => undefined));
    return run;
  }

  function makePoller(co: string): Poller {
    return createPoller({
      api: {
        getActiveJobs: (q) => api.getActiveJobs(q),
        getScheduledJobs: (q) => api.getScheduledJobs(q),
        getJobLogs: (q) => logsLocked(co, q),
      },
      clock,
      companyHandle: co,
      logQuery: () => logQuery(co),
      onSuccess: (snap) => {
        const d = onPollSuccess(co, snap);
        cycles.emit({ companyHandle: co, ok: true });
        return d;
      },
      onFailure: (err) => {
        const d = onPollFailure(co, err);
        cycles.emit({ companyHandle: co, ok: false, error: toErrorInfo(err) });
        return d;
      },
      onScheduled: refreshPolling,
    });
  }

  function logQuery(co: string): JobLogsQuery {
    const st = status.get(co);
    const q: JobLogsQuery = { companyHandle: co, sortBy: 'StartDate', sortDirection: 'Descending' };
    if (!st?.baselineDone || st.logCursor === undefined) {
      q.startDate = iso(now() - settings.historyDays * 86_400_000);
      q.numRows = ENGINE_LIMITS.firstLogRows;
      return q;
    }
    let from = st.logCursor;
    const oldest = oldestUnfinishedStart(board, co);
    if (oldest !== undefined && oldest < from) from = oldest;
    q.startDate = iso(from - 1000);
    q.numRows = ENGINE_LIMITS.logRows;
    return q;
  }

  // ---------------------------------------------------------------- poll results

  function onPollSuccess(co: string, snap: CompanySnapshot): number | null {
    const t = now();
    lastPoll = t;
    lastOk = t;
    const st = status.get(co) ?? { state: 'connecting', failures: 0, baselineDone: false };
    status.set(co, st);
    const baseline = !st.baselineDone;
    for (const l of snap.logs) {
      const s = ms(l.startDate);
      if (s !== undefined && (st.logCursor === undefined || s > st.logCursor)) st.logCursor = s;
    }
    if (st.logCursor === undefined) st.logCursor = t - settings.historyDays * 86_400_000;

    // Logs that ended before the history window are not worth a finished-then-pruned round trip.
    const cutoff = t - settings.historyDays * 86_400_000;
    snap = { ...snap, logs: snap.logs.filter((l) => board.jobs.has(jobKey(co, l.jobHandle)) || (ms(l.endDate) ?? t) >= cutoff) };
    const diff = applySnapshot(board, snap, {
      now: t,
      finishWaitMs: Math.max(ENGINE_LIMITS.finishWaitMs, settings.polling.activeSeconds * 3000),
      pendingTimeoutMs: ENGINE_LIMITS.pendingTimeoutMs,
    });
    const pruned = pruneFinished(board, t, settings.historyDays, ENGINE_LIMITS.maxHistoryJobs);
    diff.events.push(...pruned.events);
    diff.remove.push(...pruned.remove);
    if (!baseline) {
      for (const e of diff.events) {
        if (e.event === 'job-finished' && (e.outcome === 'error' || e.outcome === 'warning')) attention.set(e.job.key, t);
      }
    }
    publish(diff);
    notify({ events: diff.events, baseline, stalled: stalledJobs(board, t, settings.notifications.stalledMinutes * 60_000) });

    if (baseline && snap.logs.length >= ENGINE_LIMITS.firstLogRows) {
      // The first poll took only the newest rows: fill in the rest of the history window behind it.
      const oldest = Math.min(...snap.logs.map((l) => ms(l.startDate) ?? t));
      st.backfillBefore = oldest;
    }
    if (st.backfillBefore !== undefined && !st.backfillRunning) scheduleBackfill(co, 0);

    st.baselineDone = true;
    st.failures = 0;
    st.state = 'ok';
    delete st.error;
    delete st.retryAt;
    recomputeConnection();
    refreshTray();
    if (authStopped || paused) return null;
    return (companyIsBusy(board, co) ? settings.polling.activeSeconds : settings.polling.idleSeconds) * 1000;
  }

  function onPollFailure(co: string, err: unknown): number | null {
    lastPoll = now();
    const st = status.get(co) ?? { state: 'connecting', failures: 0, baselineDone: false };
    status.set(co, st);
    st.failures++;
    st.state = failureState(err);
    st.error = toErrorInfo(err);
    if (st.state === 'auth-failed') {
      delete st.retryAt;
      onAuthFailure();
      recomputeConnection();
      return null;
    }
    const delay = retryDelay(st.failures);
    st.retryAt = now() + delay;
    recomputeConnection();
    if (authStopped || paused) return null;
    return delay;
  }

  // ---------------------------------------------------------------- history backfill

  function scheduleBackfill(co: string, delayMs: number): void {
    if (stopped || backfillTimers.has(co)) return;
    backfillTimers.set(
      co,
      clock.setTimeout(() => {
        backfillTimers.delete(co);
        void backfillPage(co);
      }, delayMs),
    );
  }

  /**
   * One page of older logs (newest first, before the oldest seen). Pages are history:
   * they never notify. A failed page waits for the next successful poll to resume, so
   * an outage adds no requests of its own.
   */
  async function backfillPage(co: string): Promise<void> {
    const st = status.get(co);
    if (stopped || !st || st.backfillBefore === undefined || st.backfillRunning) return;
    const windowStart = now() - settings.historyDays * 86_400_000;
    if (st.backfillBefore <= windowStart) {
      delete st.backfillBefore;
      return;
    }
    st.backfillRunning = true;
    try {
      const logs = await logsLocked(co, {
        companyHandle: co,
        sortBy: 'StartDate',
        sortDirection: 'Descending',
        startDate: iso(windowStart),
        endDate: iso(st.backfillBefore - 1),
        numRows: ENGINE_LIMITS.backfillRows,
      });
      if (stopped || status.get(co) !== st) return;
      const list = Array.isArray(logs) ? logs.filter((l) => !!l && typeof l === 'object') : [];
      const starts = list.map((l) => ms(l.startDate)).filter((v): v is number => v !== undefined);
      const oldest = starts.length ? Math.min(...starts) : undefined;
      // Done when the page is short or makes no headway (a server that ignores endDate).
      if (list.length < ENGINE_LIMITS.backfillRows || oldest === undefined || oldest >= st.backfillBefore) delete st.backfillBefore;
      else st.backfillBefore = oldest;
      const t = now();
      const diff = applySnapshot(board, { companyHandle: co, active: [], scheduled: [], logs: list }, {
        now: t,
        finishWaitMs: ENGINE_LIMITS.finishWaitMs,
        pendingTimeoutMs: ENGINE_LIMITS.pendingTimeoutMs,
        logsOnly: true,
      });
      const pruned = pruneFinished(board, t, settings.historyDays, ENGINE_LIMITS.maxHistoryJobs);
      diff.events.push(...pruned.events);
      diff.remove.push(...pruned.remove);
      publish(diff);
      notify({ events: diff.events, baseline: true });
      st.backfillRunning = false;
      if (st.backfillBefore !== undefined) scheduleBackfill(co, ENGINE_LIMITS.backfillPauseMs);
    } catch {
      st.backfillRunning = false;
    }
  }

  // ---------------------------------------------------------------- history

  function markDirty(): void {
    if (!opts.historyStore || stopped) return;
    dirty = true;
    if (saveTimer !== undefined) return;
    saveTimer = clock.setTimeout(() => {
      saveTimer = undefined;
      void flush();
    }, board.jobs.size > ENGINE_LIMITS.largeHistoryJobs ? ENGINE_LIMITS.largeSaveDebounceMs : ENGINE_LIMITS.saveDebounceMs);
  }

  function snapshotHistory(): PersistedHistory {
    const jobs = [...board.jobs.values()].filter((j) => j.phase === 'finished');
    const keys = new Set(board.jobs.keys());
    const notified = [...notifyState.notified].filter((m) => keys.has(m.slice(m.indexOf(':') + 1)));
    return { version: 1, savedAt: iso(now()), jobs, notified };
  }

  function flush(): Promise<void> {
    const store = opts.historyStore;
    if (!store || !dirty) return saving;
    dirty = false;
    const h = snapshotHistory();
    saving = saving.then(() => store.save(h)).catch(() => undefined);
    return saving;
  }

  async function loadHistory(): Promise<void> {
    const store = opts.historyStore;
    if (!store) return;
    let h: PersistedHistory | undefined;
    try {
      h = await store.load();
    } catch {
      h = undefined;
    }
    if (!h || stopped) return;
    const jobs = Array.isArray(h.jobs) ? h.jobs : [];
    const restored = restoreJobs(board, jobs);
    notifyState = initialNotifyState(Array.isArray(h.notified) ? h.notified : []);
    const pruned = pruneFinished(board, now(), settings.historyDays, ENGINE_LIMITS.maxHistoryJobs);
    const removed = new Set(pruned.remove);
    const upsert = restored.filter((j) => !removed.has(j.key));
    if (upsert.length) patches.emit({ upsert, remove: [] });
    refreshTray();
  }

  // ---------------------------------------------------------------- actions

  function pollCompany(co: string): void {
    if (paused || stopped) return;
    const p = pollers.get(co);
    if (p) p.pollNow();
  }

  async function act(kind: 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob', pending: PendingAction, ref: JobRef): Promise<ActionResult> {
    const key = jobKey(ref.companyHandle, ref.jobHandle);
    publish(setPending(board, key, pending, now()));
    refreshTray();
    try {
      await api[kind]({ companyHandle: ref.companyHandle, jobHandle: ref.jobHandle });
    } catch (err) {
      clearStopped(board, key);
      publish(setPending(board, key, undefined, now()));
      refreshTray();
      return { ok: false, error: toErrorInfo(err) };
    }
    pollCompany(ref.companyHandle);
    return { ok: true };
  }

  function pollAll(): void {
    if (stopped || paused) return;
    if (discovery.state !== 'ok') {
      void discover();
      return;
    }
    for (const p of pollers.values()) p.pollNow();
  }

  // ---------------------------------------------------------------- the Engine

  const engine: EngineWithCycles = {
    start() {
      if (started) return;
      started = true;
      if (!stopped) releaseHold = clock.keepAlive?.();
      refreshTray();
      refreshPolling();
      loaded = loadHistory();
      void loaded.then(() => discover());
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const p of pollers.values()) p.stop();
      if (discoveryTimer !== undefined) clock.clearTimeout(discoveryTimer);
      if (saveTimer !== undefined) clock.clearTimeout(saveTimer);
      saveTimer = undefined;
      for (const h of backfillTimers.values()) clock.clearTimeout(h);
      backfillTimers.clear();
      try {
        await loaded.catch(() => undefined);
        if (opts.historyStore) dirty = true;
        await flush();
      } finally {
        releaseHold?.();
        releaseHold = undefined;
      }
    },
    jobs: () => [...board.jobs.values()],
    tray: () => tray ?? computeTrayState({ jobs: [...board.jobs.values()], connection: connInfo, paused, locale }),
    connection: () => connInfo,
    polling: () => {
      refreshPolling();
      return pollingInfo!;
    },
    companies: () => companies,
    onEvent: events.on,
    onPatch: patches.on,
    onTray: trays.on,
    onConnection: connections.on,
    onPolling: pollings.on,
    onNotification: notifications.on,
    onCompanies: companiesEm.on,
    onCycle: cycles.on,
    updateSettings(next, nextLocale) {
      const prev = settings;
      settings = next;
      locale = nextLocale;
      const accountChanged = JSON.stringify(prev.account) !== JSON.stringify(next.account);
      const companiesChanged = JSON.stringify(prev.companies) !== JSON.stringify(next.companies);
      if (started && !stopped && (accountChanged || companiesChanged)) {
        authStopped = false;
        discovery = { state: 'connecting', failures: 0, baselineDone: false };
        recomputeConnection();
        void discover();
      } else if (JSON.stringify(prev.polling) !== JSON.stringify(next.polling) && !paused && !authStopped) {
        for (const [co, p] of pollers) {
          const st = status.get(co);
          if (st?.state === 'ok' && !p.inFlight()) p.schedule((companyIsBusy(board, co) ? next.polling.activeSeconds : next.polling.idleSeconds) * 1000);
        }
      }
      if (prev.historyDays !== next.historyDays) publish(pruneFinished(board, now(), next.historyDays, ENGINE_LIMITS.maxHistoryJobs));
      refreshTray(); // emits only if the tray changed (e.g. a new locale)
      refreshPolling();
    },
    pollNow() {
      if (stopped) return;
      authStopped = false;
      pollAll();
    },
    setPaused(p) {
      if (paused === p) return;
      paused = p;
      if (p) {
        for (const pl of pollers.values()) pl.hold();
        if (discoveryTimer !== undefined) clock.clearTimeout(discoveryTimer);
        discoveryTimer = undefined;
      } else if (!authStopped && started) {
        pollAll();
      }
      refreshTray();
      refreshPolling();
    },
    wake() {
      if (authStopped) return;
      pollAll();
    },
    stopJob: (ref) => act('stopJob', 'stopping', ref),
    pauseJob: (ref) => act('pauseJob', 'pausing', ref),
    resumeJob: (ref) => act('resumeJob', 'resuming', ref),
    deleteJob: (ref) => act('deleteJob', 'deleting', ref),
    async getJobDetails(q): Promise<Commands['getJobDetails']> {
      const page = Math.max(1, Math.floor(q.page || 1));
      try {
        const logs = await api.getJobLogDetails({
          companyHandle: q.companyHandle,
          jobHandle: q.jobHandle,
          ...(q.logTypes?.length ? { logTypeArray: q.logTypes } : {}),
          recordsPerPage: 1000,
          resultsPage: page,
        });
        const log = logs[0];
        const details = log?.detailArray ?? [];
        const totalRows = log?.detailTotalRows ?? details.length;
        const value: Commands['getJobDetails'] extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never = {
          details,
          totalRows,
          page,
          pages: Math.max(1, Math.ceil(totalRows / 1000)),
        };
        if (log) {
          const { detailArray: _d, ...summary } = log;
          value.log = summary;
        }
        return { ok: true, value };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    acknowledgeAttention() {
      attention.clear();
      refreshTray();
    },
  };
  return engine;
}
