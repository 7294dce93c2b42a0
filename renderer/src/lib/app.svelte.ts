// The window's state: one snapshot on start, then patches and events. The job map is
// kept outside Svelte's deep reactivity (50,000 rows) and a version counter drives the
// derived lists.
import { errorText } from '../../../shared/i18n/error-text.ts';
import type { Company, Job, PendingAction, TrayState } from '../../../shared/domain.ts';
import type { CommandArg, CommandName, Commands, ConnectionInfo, Events, PollingInfo, RendererApi, SettingsView } from '../../../shared/ipc.ts';
import type { AppLocale } from '../../../shared/settings.ts';
import { SNAPSHOT_EVENT_NAMES, snapshotEvents, type SnapshotEvent, type SnapshotEventName } from '../../../shared/snapshot-events.ts';
import { isScheduledJob } from '../../../shared/job-actions.ts';
import { ProgressTracker } from './eta.ts';

export type ViewId = 'overview' | 'active' | 'scheduled' | 'history' | 'transfers' | 'settings';
export const VIEWS: readonly ViewId[] = ['overview', 'active', 'scheduled', 'history', 'transfers', 'settings'];

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** A paused scheduled job (trigger paused, no running instance) belongs with the scheduled ones. */
export { isScheduledJob };
function isActiveJob(j: Job): boolean {
  return j.phase === 'queued' || j.phase === 'running' || j.phase === 'stopping' || (j.phase === 'paused' && !isScheduledJob(j));
}
/** Active list order: what needs eyes first. */
const ACTIVE_RANK: Record<string, number> = { running: 0, stopping: 1, queued: 2, paused: 3 };

/** Finished jobs per getOlderHistory page (~1 MB of JSON: one short task to read and apply). */
const HISTORY_PULL_PAGE = 1000;
/**
 * The first page waits this long after the first paint (then for an idle moment), so the
 * first view the user opens is not built while pages arrive. Measured, the window opened on
 * 50,000 jobs and switched to History: first row 1.11 s against 1.49 s pulling at once
 * (medians of six opens each, alternated in one run at load 5).
 */
const FIRST_PULL_DELAY_MS = 600;

/** After the next frame is painted (or 300 ms, for a hidden window that paints none). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 300);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

/** When the window has nothing else to do (input and frames first), within 200 ms. */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 200 });
    else setTimeout(resolve, 0);
  });
}

export class AppState {
  api: RendererApi | undefined;
  loaded = $state(false);
  loadError = $state<string | undefined>();
  connection = $state.raw<ConnectionInfo>({ state: 'connecting' });
  polling = $state.raw<PollingInfo>({ paused: false, intervalSeconds: 0 });
  settings = $state.raw<SettingsView | undefined>();
  companies = $state.raw<Company[]>([]);
  tray = $state.raw<TrayState | undefined>();
  demo = $state(false);
  userEmail = $state('');
  appVersion = $state('');
  locale = $state<AppLocale>('en');
  view = $state<ViewId>('active');
  /** The job whose details are open. */
  detailKey = $state<string | undefined>();
  /** Where in the opened view to scroll (a notification's Open log, the tray's custom snooze); taken once. */
  section = $state<Events['navigate']['section']>();
  /** Ticks every second, for elapsed times and relative dates. */
  now = $state(Date.now());
  notices = $state<Notice[]>([]);
  /** The preview bridge's socket state, when the API reports one ('open' in Electron). */
  bridge = $state<string>('open');
  /** Actions sent but not yet reflected by a patch (shown at once). */
  pending = $state.raw<ReadonlyMap<string, PendingAction>>(new Map());

  /** All jobs by key; not deeply reactive — `version` changes on every patch. */
  readonly jobs = new Map<string, Job>();
  /** The jobs not finished (tens, while `jobs` may hold 100,000): what the active and
   * scheduled lists scan on every patch. */
  private readonly live = new Map<string, Job>();
  version = $state(0);
  /** Changes only when a finished job is added, changed or removed (the history list). */
  finishedVersion = $state(0);
  readonly progress = new ProgressTracker();
  /** Log-detail index text per job key (the core's search index), for History's search. */
  readonly searchIndex = new Map<string, string>();
  /** Changes whenever `searchIndex` does. */
  searchVersion = $state(0);
  /**
   * Server clock minus ours, estimated from progress updates as they arrive (each sample is
   * the skew minus the poll delay, so the largest recent sample is the best estimate).
   */
  clockOffset = $state(0);
  private offsetSamples: number[] = [];

  /** "Now" on the server's clock, for durations and staleness of server timestamps. */
  serverNow(): number {
    return this.now + this.clockOffset;
  }

  readonly activeJobs: Job[] = $derived.by(() => {
    void this.version;
    const out: Job[] = [];
    for (const j of this.live.values()) if (isActiveJob(j)) out.push(j);
    return out.sort(
      (a, b) => (ACTIVE_RANK[a.phase] ?? 9) - (ACTIVE_RANK[b.phase] ?? 9) || (b.startDate ?? b.firstSeen).localeCompare(a.startDate ?? a.firstSeen),
    );
  });
  readonly scheduledJobs: Job[] = $derived.by(() => {
    void this.version;
    const out: Job[] = [];
    for (const j of this.live.values()) if (isScheduledJob(j)) out.push(j);
    return out.sort((a, b) => (a.scheduled?.nextFireTime ?? '~').localeCompare(b.scheduled?.nextFireTime ?? '~'));
  });
  readonly finishedJobs: Job[] = $derived.by(() => {
    void this.finishedVersion;
    const out: Job[] = [];
    for (const j of this.jobs.values()) if (j.phase === 'finished') out.push(j);
    return out;
  });
  /** Company names by handle, and by account + handle when several accounts are watched (the same handle may be two companies). */
  readonly companyNames: ReadonlyMap<string, string> = $derived(
    new Map(
      this.companies.flatMap((c) => [[c.companyHandle, c.name] as const, ...(c.account ? [[`${c.account}\u0001${c.companyHandle}`, c.name] as const] : [])]),
    ),
  );

  /**
   * The companies once per handle, for the lists that choose by handle (History's company filter,
   * the watched and muted companies): several accounts may share a handle (staging and production).
   */
  readonly companyChoices: readonly Company[] = $derived.by(() => {
    const byHandle = new Map<string, Company>();
    for (const c of this.companies) {
      const seen = byHandle.get(c.companyHandle);
      if (!seen) byHandle.set(c.companyHandle, { companyHandle: c.companyHandle, name: c.name });
      else if (!seen.name.split(' / ').includes(c.name)) seen.name = `${seen.name} / ${c.name}`;
    }
    return [...byHandle.values()];
  });

  companyName(handle: string, account?: string): string {
    return (account !== undefined ? this.companyNames.get(`${account}\u0001${handle}`) : undefined) ?? this.companyNames.get(handle) ?? handle;
  }

  detailJob(): Job | undefined {
    void this.version;
    return this.detailKey ? this.jobs.get(this.detailKey) : undefined;
  }

  pendingOf(job: Job): PendingAction | undefined {
    return this.pending.get(job.key) ?? job.pendingAction;
  }

  async start(api: RendererApi): Promise<void> {
    this.api = api;
    for (const event of SNAPSHOT_EVENT_NAMES) api.on(event, (payload) => this.applyEvent({ event, payload } as SnapshotEvent));
    api.on('navigate', (n) => this.navigate(n));
    api.on('search-index', (p) => this.applySearchIndex(p));
    setInterval(() => (this.now = Date.now()), 1000);
    const withStatus = api as Partial<{ onStatus(l: (s: string) => void): () => void }>;
    if (typeof withStatus.onStatus === 'function') withStatus.onStatus((s) => (this.bridge = s));
    try {
      const res = await api.invoke('getSnapshot', undefined);
      if (!res.ok) {
        this.loadError = res.error.message;
        return;
      }
      const snap = res.value;
      // The same mapping the bridge replays after a reconnect (shared/snapshot-events.ts),
      // applied through the same handlers as live events.
      for (const e of snapshotEvents(snap, this.jobs.keys(), (k) => this.jobs.get(k)?.phase === 'finished')) this.applyEvent(e);
      this.appVersion = snap.appVersion;
      void api.invoke('getSearchIndex', undefined).then((r) => r.ok && this.applySearchIndex({ entries: r.value.entries }));
      this.version++;
      this.finishedVersion++;
      this.loaded = true;
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e);
    }
  }

  /** What each event from main (live, or replayed from a snapshot) does to the window's state. */
  private readonly handlers: { [E in SnapshotEventName]: (payload: Events[E]) => void } = {
    'jobs-patch': (p) => this.applyPatch(p),
    connection: (p) => (this.connection = p),
    polling: (p) => (this.polling = p),
    settings: (p) => this.savingSettings === 0 && this.applySettings(p), // see saveSettings
    companies: (p) => (this.companies = p),
    session: (p) => {
      this.demo = p.demo;
      this.userEmail = p.userEmail;
    },
    tray: (p) => (this.tray = p),
  };

  applyEvent(e: SnapshotEvent): void {
    // The table's type pairs each event with its payload; TypeScript cannot follow that through a union.
    (this.handlers[e.event] as (payload: SnapshotEvent['payload']) => void)(e.payload);
  }

  applySearchIndex(p: Events['search-index']): void {
    if (p.reset) this.searchIndex.clear();
    for (const e of p.entries) this.searchIndex.set(e.key, e.text);
    if (p.reset || p.entries.length) this.searchVersion++;
  }

  applySettings(s: SettingsView): void {
    this.settings = s;
    this.locale = s.locale;
  }

  applyPatch(p: Events['jobs-patch']): void {
    if (p.older) void this.pullOlderHistory(p.older.cursor);
    let pendingChanged = false;
    const pending = new Map(this.pending);
    let finishedChanged = false;
    for (const j of p.upsert) {
      const prev = this.jobs.get(j.key);
      const lpu = j.active?.lastProgressUpdate;
      if (lpu && prev?.active && lpu !== prev.active.lastProgressUpdate) this.sampleOffset(Date.parse(lpu) - Date.now());
      if (j.phase === 'finished' || prev?.phase === 'finished') finishedChanged = true;
      this.jobs.set(j.key, j);
      if (j.phase === 'finished') this.live.delete(j.key);
      else this.live.set(j.key, j);
      this.progress.observe(j);
      // The board now shows the action (or its effect): drop the local placeholder.
      if (pending.has(j.key) && (j.pendingAction !== undefined || pendingResolved(pending.get(j.key)!, j))) {
        pending.delete(j.key);
        pendingChanged = true;
      }
    }
    for (const k of p.remove) {
      if (this.jobs.get(k)?.phase === 'finished') finishedChanged = true;
      this.jobs.delete(k);
      this.live.delete(k);
      this.progress.forget(k);
      if (pending.delete(k)) pendingChanged = true;
    }
    if (pendingChanged) this.pending = pending;
    this.version++;
    if (finishedChanged) {
      // Older history streaming in after a snapshot: re-sort History at most every 250 ms.
      if (p.history) this.bumpFinishedSoon();
      else this.finishedVersion++;
    }
  }

  /** The pull of older history under way (a newer snapshot's cursor replaces it). */
  private historyPull = 0;
  /** True while older history is still being pulled (History says it is still loading). */
  historyLoading = $state(false);

  /**
   * The older finished jobs a snapshot left out, pulled a page at a time: the first shortly
   * after the window has painted, each next one when the window is idle, so a long history
   * never delays the first screen or a keystroke.
   */
  private async pullOlderHistory(cursor: string): Promise<void> {
    const run = ++this.historyPull;
    const api = this.api;
    if (!api) return;
    this.historyLoading = true;
    try {
      await afterPaint();
      await new Promise((r) => setTimeout(r, FIRST_PULL_DELAY_MS));
      await whenIdle();
      while (run === this.historyPull) {
        const res = await api.invoke('getOlderHistory', { cursor, max: HISTORY_PULL_PAGE });
        if (run !== this.historyPull || !res.ok) return;
        if (res.value.jobs.length) this.applyPatch({ upsert: res.value.jobs, remove: [], history: true });
        if (res.value.remaining === 0) return;
        await whenIdle();
      }
    } catch {
      // The connection dropped: the bridge's resync replays a snapshot with a new cursor.
    } finally {
      if (run === this.historyPull) this.historyLoading = false;
    }
  }

  private finishedTimer: ReturnType<typeof setTimeout> | undefined;
  private bumpFinishedSoon(): void {
    if (this.finishedTimer !== undefined) return;
    this.finishedTimer = setTimeout(() => {
      this.finishedTimer = undefined;
      this.finishedVersion++;
    }, 250);
  }

  private sampleOffset(sample: number): void {
    if (!Number.isFinite(sample)) return;
    this.offsetSamples.push(sample);
    if (this.offsetSamples.length > 20) this.offsetSamples.shift();
    const best = Math.max(...this.offsetSamples);
    // Ignore sub-second noise: only a real skew changes the displayed times.
    this.clockOffset = Math.abs(best) < 2000 ? 0 : best;
  }

  navigate(n: Events['navigate']): void {
    this.view = n.view;
    if (n.jobKey) this.detailKey = n.jobKey;
    this.section = n.section;
  }

  /** This window's settings saves still in flight, and the number of its latest one. */
  private savingSettings = 0;
  private lastSettingsSave = 0;

  /**
   * Every settings save of the window goes through here. Saves overlap when the user changes
   * two things quickly (the quiet-hours switch, then its time): only the last one's answer is
   * applied, and settings events are ignored while any is in flight, so the echo of an earlier
   * save cannot reset a field the user is still typing in.
   */
  async saveSettings(patch: CommandArg<'saveSettings'>): Promise<Commands['saveSettings']> {
    const seq = ++this.lastSettingsSave;
    this.savingSettings++;
    try {
      const res = await this.invoke('saveSettings', patch);
      if (res.ok && seq === this.lastSettingsSave) this.applySettings(res.value);
      return res;
    } finally {
      this.savingSettings--;
    }
  }

  invoke<C extends CommandName>(command: C, arg: CommandArg<C>): Promise<Commands[C]> {
    if (!this.api) return Promise.reject(new Error('not connected'));
    return this.api.invoke(command, arg);
  }

  notify(kind: Notice['kind'], text: string): void {
    const id = Date.now() + Math.random();
    // The same message again replaces the one shown (no stack of identical toasts).
    this.notices = [...this.notices.filter((n) => !(n.kind === kind && n.text === text)), { id, kind, text }];
    if (kind === 'info') setTimeout(() => this.dismiss(id), 5000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** Run a job action: show it at once, report IPS's error in words if it fails. */
  async jobAction(
    job: Job,
    command: 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob' | 'runJobNow' | 'rerunJob',
    failText: (message: string) => string,
  ): Promise<boolean> {
    const action: PendingAction = (
      { stopJob: 'stopping', pauseJob: 'pausing', resumeJob: 'resuming', deleteJob: 'deleting', runJobNow: 'starting', rerunJob: 'starting' } as const
    )[command];
    const next = new Map(this.pending);
    next.set(job.key, action);
    this.pending = next;
    let res: Commands[typeof command];
    try {
      res = await this.invoke(command, { companyHandle: job.companyHandle, jobHandle: job.jobHandle, ...(job.account ? { account: job.account } : {}) }); // to the job's own account
    } catch (e) {
      res = { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
    if (!res.ok) {
      const after = new Map(this.pending);
      after.delete(job.key);
      this.pending = after;
      this.notify('error', failText(errorText(this.locale, res.error)));
      return false;
    }
    this.lastActionValue = res.value;
    return true;
  }
  /** What the last successful job action answered (rerunJob: the new run's handle and name). */
  lastActionValue: unknown = undefined;
}

function pendingResolved(action: PendingAction, j: Job): boolean {
  switch (action) {
    case 'stopping':
      return j.phase === 'stopping' || j.phase === 'finished';
    case 'pausing':
      return j.scheduled?.triggerState === 'Paused' || j.phase === 'paused';
    case 'resuming':
      return j.scheduled?.triggerState !== 'Paused' && j.phase !== 'paused';
    case 'deleting':
    case 'starting':
      return false;
  }
}

export const app = new AppState();
