// Seams of the core. Everything here is electron-free: the desktop shell
// (electron/main.ts + adapters), the CLI (electron/cli.ts) and the web preview
// (electron/preview.ts) plug their own implementations in.
import type { WindowJobs } from './snapshot-history.ts';
import type { AppNotification, Company, EngineEvent, IsoDate, Job, TrayState } from '../../shared/domain.ts';
import type { ActionResult, RerunResult, Commands, ConnectionInfo, Events, PollingInfo, SecretStorage } from '../../shared/ipc.ts';
import type { AccountSettings, AppLocale, Settings } from '../../shared/settings.ts';
import type { IpsApi, JobRef } from '../ips/api.ts';
import type { Clock } from '../clock.ts';

/** Where finished jobs and "already notified" marks survive restarts. */
export interface HistoryStore {
  /** Resolves to whatever was saved, or undefined; never rejects on a corrupt file (recovers instead). */
  load(): Promise<PersistedHistory | undefined>;
  save(history: PersistedHistory): Promise<void>;
}

export interface PersistedHistory {
  version: 1;
  savedAt: IsoDate;
  jobs: Job[];
  /** Keys of jobs whose finish was already notified. */
  notified: string[];
  /** The server and user the jobs belong to (history-identity.ts); absent in older files. */
  account?: string;
}

/** Settings persistence (electron-store in the app, a JSON file or memory elsewhere). */
export interface SettingsStore {
  get(): Settings;
  set(settings: Settings): void;
}

/** The passwords, kept apart from settings: one per saved account, keyed by its id. */
export interface SecretStore {
  get(account: string): Promise<string | undefined>;
  /** sessionOnly: keep it in memory, never on disk. */
  set(account: string, password: string, opts: { sessionOnly: boolean }): Promise<void>;
  clear(account: string): Promise<void>;
  storage(account: string): SecretStorage;
}

/** A job, and the name of the account it belongs to when several are watched. */
export type AccountJobRef = JobRef & { account?: string | undefined };

/** The running engine, as the shells see it. */
export interface Engine {
  start(): void;
  stop(): Promise<void>;
  jobs(): Job[];
  /** The unfinished jobs, and the finished ones as references loaded on demand (a window's snapshot, ./snapshot-history.ts). */
  windowJobs?(): WindowJobs;
  tray(): TrayState;
  connection(): ConnectionInfo;
  polling(): PollingInfo;
  companies(): Company[];
  /** Every engine event (job-*, connection). */
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** Board changes as patches for the renderer. */
  onPatch(listener: (p: Events['jobs-patch']) => void): () => void;
  onTray(listener: (t: TrayState) => void): () => void;
  onConnection(listener: (c: ConnectionInfo) => void): () => void;
  onPolling(listener: (p: PollingInfo) => void): () => void;
  /** Notifications decided by the rules (already filtered by preferences and quiet hours). */
  onNotification(listener: (n: AppNotification) => void): () => void;
  onCompanies(listener: (c: Company[]) => void): () => void;
  /** New preferences (polling bounds, notification switches, history days), locale or account (its server and user: rediscover). */
  updateSettings(settings: Settings, locale: AppLocale, account?: AccountSettings): void;
  pollNow(): void;
  setPaused(paused: boolean): void;
  /** The machine woke up or was unlocked: refresh now. */
  wake(): void;
  /** Actions and details name the job; with several accounts also its account (the job's `account` label). */
  stopJob(ref: AccountJobRef): Promise<ActionResult>;
  pauseJob(ref: AccountJobRef): Promise<ActionResult>;
  resumeJob(ref: AccountJobRef): Promise<ActionResult>;
  deleteJob(ref: AccountJobRef): Promise<ActionResult>;
  /** Run a scheduled job now (IPS executeJob): `starting` until the poll after it; other jobs are refused (shared/job-actions.ts). */
  runJobNow(ref: AccountJobRef): Promise<ActionResult>;
  /** Submit a finished job again with the job detail seen while it ran (IPS submitJob); refused without one (shared/job-actions.ts). */
  rerunJob(ref: AccountJobRef): Promise<RerunResult>;
  getJobDetails(q: AccountJobRef & { page: number; logTypes?: string[] }): Promise<Commands['getJobDetails']>;
  /**
   * The user has seen the failures (e.g. opened the window): the tray drops the error/warning
   * icon for jobs that finished so far; with `keys`, only those jobs (the ones the user
   * looked at, e.g. opened in the detail). Optional so other Engine fakes need not implement it.
   */
  acknowledgeAttention?(keys?: readonly string[]): void;
}

/** What createEngine (electron/core/engine.ts) takes. */
export interface EngineOptions {
  api: IpsApi;
  settings: Settings;
  locale: AppLocale;
  /** The signed-in user (for "my jobs" and the tray menu). */
  userEmail: string;
  /** The account's server (for the history's identity, ./history-identity.ts); default the demo. */
  account?: AccountSettings;
  clock?: Clock;
  /** Finished jobs and notified marks across restarts; none = memory only. */
  historyStore?: HistoryStore;
  /** For backoff jitter; Math.random by default. */
  random?: () => number;
  /** Asked once after a big one-off load (./memory.ts); default V8's last-resort GC. */
  releaseMemory?: () => unknown;
}
