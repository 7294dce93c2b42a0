// The job engine: pollers per company → job board → events, patches, tray and notifications;
// history across restarts. Electron-free; time is injected. This file keeps the pollers, the
// company discovery and the facade; the parts beside it are listed in electron/core/README.md,
// with the behaviour decisions (polling, failures, finishing, events, clock skew, tray, history).
import { DEMO_ACCOUNT, historyIdentity } from './history-identity.ts';
import { jobKey, type Company, type ErrorInfo } from '../../shared/domain.ts';
import type { ConnectionInfo, PollingInfo } from '../../shared/ipc.ts';
import type { AccountSettings, AppLocale, Settings } from '../../shared/settings.ts';
import { createEmitter } from '../../shared/emitter.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { systemClock } from '../clock.ts';
import type { Engine, EngineOptions } from './types.ts';
import { applySnapshot, boardViews, companyIsBusy, createBoard, pruneFinished, stalledJobs } from './board.ts';
import { createJobActions } from './engine-actions.ts';
import { createJobSpecs } from './job-specs.ts';
import { createPoller, type Poller, type PolledLists } from './poller.ts';
import { backoffDelay } from './backoff.ts';
import { createOutputs } from './engine-outputs.ts';
import { ms } from './outcome.ts';
import { advanceLogWindow, logWindow } from './log-window.ts';
import { fresh } from './fresh.ts';
import { failureState, freshStatus, nextConnection, type CompanyStatus, type Overall } from './connection.ts';
import { createCadence, nextDueIn, planCycle, recordLists, type Cadence } from './cadence.ts';
import { createBackfill, historyFullWithout, mergeHistoryPage } from './backfill.ts';
import { createMemoryRelease, reduceMemory } from './memory.ts';
import { createHistoryPersistence } from './history-persist.ts';
import { fetchJobDetails } from './job-details.ts';
import { ENGINE_LIMITS } from './limits.ts';
import { createLogLocks } from './log-lock.ts';

export { ENGINE_LIMITS } from './limits.ts';

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
  const board = createBoard();
  const random = opts.random ?? Math.random;
  // The release after a big load first trims the history table to the rows held, so the
  // GC also collects the arrays it grew.
  const memory = createMemoryRelease(clock, () => {
    board.jobs.trim();
    return (opts.releaseMemory ?? reduceMemory)();
  });
  let settings: Settings = opts.settings;
  let locale: AppLocale = opts.locale;
  let account: AccountSettings = opts.account ?? DEMO_ACCOUNT;

  const connections = createEmitter<ConnectionInfo>();
  const pollings = createEmitter<PollingInfo>();
  const companiesEm = createEmitter<Company[]>();
  const cycles = createEmitter<CycleInfo>();

  let companies: Company[] = [];
  const pollers = new Map<string, Poller>();
  const status = new Map<string, CompanyStatus>();
  const cadences = new Map<string, Cadence>();
  /** One getJobLogs at a time per company, shared by the poller and the history backfill. */
  const logsLocked = createLogLocks(api);
  let discovery: CompanyStatus = freshStatus();
  let discoveryTimer: unknown;
  let discovering = false;
  let started = false;
  let stopped = false;
  let paused = false;
  let authStopped = false;
  let lastPoll: number | undefined;
  let lastOk: number | undefined;
  let connInfo: ConnectionInfo = { state: 'connecting' };
  let overall: Overall = 'connecting';
  let pollingInfo: PollingInfo | undefined;
  /** Releases the clock's keep-alive hold: a started engine keeps its process alive until stop(). */
  let releaseHold: (() => void) | undefined;
  let loaded: Promise<void> = Promise.resolve();
  const persistence = createHistoryPersistence({
    account: historyIdentity(account, opts.userEmail),
    ...(opts.historyStore ? { store: opts.historyStore } : {}),
    clock,
    stopped: () => stopped,
    size: () => board.jobs.size,
    snapshot: () => out.historySnapshot(),
  });
  const out = createOutputs({
    board,
    now: () => now(),
    settings: () => settings,
    locale: () => locale,
    connection: () => connInfo,
    paused: () => paused,
    userEmail: opts.userEmail,
    markDirty: () => persistence.markDirty(),
  });
  const { publish, notify, refreshTray } = out;
  const backfill = createBackfill({
    clock,
    stopped: () => stopped,
    status: (co) => status.get(co),
    windowStart: () => now() - settings.historyDays * 86_400_000,
    getLogs: logsLocked,
    apply(co, logs) {
      const diff = mergeHistoryPage(board, co, logs, now(), settings.historyDays);
      publish(diff);
      notify({ events: diff.events, baseline: true });
      return historyFullWithout(board, co, logs);
    },
    ended: (_co, rows) => memory.loaded(rows),
  });
  const now = () => clock.now();
  const iso = (t: number) => new Date(t).toISOString();

  // ---------------------------------------------------------------- polling info

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

  // ---------------------------------------------------------------- connection

  function recomputeConnection(): void {
    const step = nextConnection({ discovery, companies: status, ...(lastOk !== undefined ? { lastOk } : {}), overall, previous: connInfo });
    connInfo = step.info;
    overall = step.overall;
    if (step.event) {
      out.events.emit(step.event);
      notify({ events: [step.event] });
    }
    if (step.publish) connections.emit(step.info);
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
      discovery = { ...freshStatus(), state: 'ok', baselineDone: true };
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
        cadences.delete(h);
      }
    }
    for (const c of list) {
      let p = pollers.get(c.companyHandle);
      if (!p) {
        p = makePoller(c.companyHandle);
        pollers.set(c.companyHandle, p);
        status.set(c.companyHandle, freshStatus());
        cadences.set(c.companyHandle, createCadence());
      }
      if (!paused) pollCompany(c.companyHandle);
    }
    recomputeConnection();
    refreshPolling();
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
      logQuery: () => logWindow(board, co, status.get(co), now(), settings.historyDays),
      plan: () => planCycle(cadenceOf(co), { now: now(), busy: companyIsBusy(board, co), baselineDone: !!status.get(co)?.baselineDone }),
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

  function cadenceOf(co: string): Cadence {
    let c = cadences.get(co);
    if (!c) cadences.set(co, (c = createCadence()));
    return c;
  }

  // ---------------------------------------------------------------- poll results

  function onPollSuccess(co: string, lists: PolledLists): number | null {
    const t = now();
    lastPoll = t;
    lastOk = t;
    const st = status.get(co) ?? freshStatus();
    status.set(co, st);
    const cad = cadenceOf(co);
    const full = !!(lists.active && lists.scheduled && lists.logs);
    // A partial (idle) cycle reuses the lists it did not read; idle means the active list was empty.
    let snap = { companyHandle: co, active: lists.active ?? cad.lastActive, scheduled: lists.scheduled ?? cad.lastScheduled, logs: lists.logs ?? [] };
    let runSeen = false;
    if (!full) {
      for (const l of snap.logs) {
        if (l.endDate || !l.jobHandle || board.jobs.has(jobKey(co, l.jobHandle)) || cad.handledRuns.has(l.jobHandle)) continue;
        cad.handledRuns.add(fresh(l.jobHandle));
        runSeen = true; // a run started since the last look at the active list
      }
    }
    const baseline = !st.baselineDone;
    specs.record(snap.active);
    specs.record(snap.scheduled);
    snap = { ...snap, logs: advanceLogWindow(board, co, st, snap.logs, t, settings.historyDays) };
    const diff = applySnapshot(board, snap, {
      now: t,
      finishWaitMs: Math.max(ENGINE_LIMITS.finishWaitMs, settings.polling.activeSeconds * 3000),
      pendingTimeoutMs: ENGINE_LIMITS.pendingTimeoutMs,
    });
    const pruned = pruneFinished(board, t, settings.historyDays, ENGINE_LIMITS.maxHistoryJobs);
    diff.events.push(...pruned.events);
    diff.remove.push(...pruned.remove);
    if (!baseline) out.attend(diff, t);
    recordLists(cad, t, lists, companyIsBusy(board, co));
    if (!full && (runSeen || diff.upsert.length > 0 || diff.remove.length > 0)) cad.forceFull = true; // something changed: look at everything
    publish(diff);
    memory.changed(diff.upsert.length + diff.remove.length);
    notify({ events: diff.events, baseline, stalled: stalledJobs(board, t, settings.notifications.stalledMinutes * 60_000) });

    if (baseline && snap.logs.length >= ENGINE_LIMITS.firstLogRows) {
      // The first poll took only the newest rows: fill in the rest of the history window behind it.
      const oldest = Math.min(...snap.logs.map((l) => ms(l.startDate) ?? t));
      st.backfillBefore = oldest;
    }
    if (st.backfillBefore !== undefined && !st.backfillRunning) backfill.schedule(co, 0);

    st.baselineDone = true;
    st.failures = 0;
    st.state = 'ok';
    delete st.error;
    delete st.retryAt;
    recomputeConnection(); // refreshes the tray too
    if (authStopped || paused) return null;
    if (runSeen) return 0;
    if (companyIsBusy(board, co)) return settings.polling.activeSeconds * 1000;
    const idle = settings.polling.idleSeconds * 1000;
    const due = nextDueIn(cad, t);
    return due !== undefined && due < idle ? due : idle;
  }

  function onPollFailure(co: string, err: unknown): number | null {
    lastPoll = now();
    const st = status.get(co) ?? freshStatus();
    status.set(co, st);
    cadenceOf(co).forceFull = true; // after a failure, the next success reads everything
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

  // ---------------------------------------------------------------- history

  async function loadHistory(): Promise<void> {
    const h = await persistence.load();
    if (!h || stopped) return;
    out.restore(h);
    memory.loaded(Array.isArray(h.jobs) ? h.jobs.length : 0);
  }

  // ---------------------------------------------------------------- actions

  /** Poll a company now, reading every list. */
  function pollCompany(co: string): void {
    if (paused || stopped) return;
    const p = pollers.get(co);
    if (!p) return;
    cadenceOf(co).forceFull = true;
    p.pollNow();
  }

  const specs = createJobSpecs();
  const { act, runNow, rerun } = createJobActions({
    specs,
    api,
    board,
    now,
    locale: () => locale,
    publish,
    refreshTray,
    pollCompany,
    willPoll: (co) => !paused && !stopped && pollers.has(co),
    inFlight: (co) => pollers.get(co)?.inFlight() ?? false,
    onCycle: cycles.on,
  });

  function pollAll(): void {
    if (stopped || paused) return;
    if (discovery.state !== 'ok') {
      void discover();
      return;
    }
    for (const co of pollers.keys()) pollCompany(co);
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
      persistence.cancel();
      backfill.stop();
      memory.stop();
      try {
        await loaded.catch(() => undefined);
        await persistence.flush(true);
      } finally {
        releaseHold?.();
        releaseHold = undefined;
      }
    },
    ...boardViews(board),
    tray: out.tray,
    connection: () => connInfo,
    polling: () => {
      refreshPolling();
      return pollingInfo!;
    },
    companies: () => companies,
    onEvent: out.events.on,
    onPatch: out.patches.on,
    onTray: out.trays.on,
    onConnection: connections.on,
    onPolling: pollings.on,
    onNotification: out.notifications.on,
    onCompanies: companiesEm.on,
    onCycle: cycles.on,
    updateSettings(next, nextLocale, nextAccount = account) {
      const prev = settings;
      const accountChanged = JSON.stringify(account) !== JSON.stringify(nextAccount);
      [settings, locale, account] = [next, nextLocale, nextAccount];
      const companiesChanged = JSON.stringify(prev.companies) !== JSON.stringify(next.companies);
      if (started && !stopped && (accountChanged || companiesChanged)) {
        authStopped = false;
        discovery = freshStatus();
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
    runJobNow: runNow,
    rerunJob: rerun,
    getJobDetails: (q) => fetchJobDetails(api, q, out.acknowledge),
    acknowledgeAttention: out.acknowledge,
  };
  return engine;
}
