// The one IPC contract between the main process (or the web preview bridge) and the
// renderer. Commands: renderer → main, request/response, every argument validated in
// main against `commandArgs` before use. Events: main → renderer, fire-and-forget.
//
// The preload (electron/preload.ts) exposes exactly this table as `window.ipsJobs`; the
// web preview (electron/preview.ts) implements the same table over a WebSocket. Adding
// a command means: its schema here, its `Result` type in `Commands`, its name in
// ipc-channels.ts, one handler in electron/core/app.ts (docs/ARCHITECTURE.md). The compile-time checks at the bottom keep them in step.
import { z } from './zod.ts';
import type { Company, ConnectionState, ErrorInfo, IsoDate, Job, JobLog, JobLogDetail, TrayState } from './domain.ts';
import { accountIdSchema, accountSchema, savedAccountSchema, settingsSchema, type Settings, type AppLocale } from './settings.ts';
import type { SearchIndexEntry } from './history-search.ts';
import { transferCommandArgs, type TransferCommands, type TransferEvents } from './ipc-transfers.ts';

const handle = z.string().min(1).max(500);
/** With several accounts watched, `account` is the job's `account` label: the action goes to that account's server. */
const accountName = savedAccountSchema.shape.name;
const jobRef = z.object({ companyHandle: handle, jobHandle: handle, account: accountName.optional() }).strict();

/** Argument schemas, one per command. `z.undefined()` = no argument. */
export const commandArgs = {
  getSnapshot: z.undefined(),
  /** The next page of the older finished jobs a snapshot left out (its `historyCursor`). */
  getOlderHistory: z.object({ cursor: z.string().min(1).max(100), max: z.number().int().min(1).max(5000).optional() }).strict(),
  getJobDetails: z
    .object({
      companyHandle: handle,
      jobHandle: handle,
      account: accountName.optional(),
      /** 1-based page of at most 1000 detail rows. */
      page: z.number().int().min(1).max(100_000).default(1),
      logTypes: z.array(z.string().max(100)).max(50).optional(),
    })
    .strict(),
  stopJob: jobRef,
  pauseJob: jobRef,
  resumeJob: jobRef,
  deleteJob: jobRef,
  /** Run a scheduled job now (IPS executeJob); the new run appears on the board after the poll that follows. */
  runJobNow: jobRef,
  /** Submit a finished job again with its recorded job detail (IPS submitJob, a new name); the new run appears after the poll that follows. */
  rerunJob: jobRef,
  pollNow: z.undefined(),
  setPollingPaused: z.object({ paused: z.boolean() }).strict(),
  getSettings: z.undefined(),
  /** A partial settings object; merged, validated and saved. Account changes go through setAccount. */
  saveSettings: settingsSchema.omit({ accounts: true, schemaVersion: true }).partial().strict(),
  /**
   * Validate an account against the server without saving it. `id`: the saved account whose
   * stored password an empty password stands for (as for setAccount); default the first.
   */
  testAccount: z.object({ id: accountIdSchema.optional(), account: accountSchema, password: z.string().max(1000).optional() }).strict(),
  /**
   * Validate, then save an account and its (encrypted) password, and watch it. `id`: the saved
   * account to change (default the first one); `add`: a new account instead. Empty password =
   * the stored one, for the saved user on the saved server only; for another server the result
   * is a usage error with `input: 'password-retype'` (electron/core/account.ts). `mode: 'demo'`
   * saves the account without watching it (nothing is checked).
   */
  setAccount: z
    .object({
      id: accountIdSchema.optional(),
      add: z.boolean().default(false),
      /** Its name (unique); default its current name, or its server's (`NA`, `EMEA staging`, a host). */
      name: accountName.optional(),
      account: accountSchema,
      password: z.string().max(1000).optional(),
      /** Keep the password in memory only (when only a plain-text secret backend exists). */
      sessionOnly: z.boolean().default(false),
      /** `false`: checked and saved, but not watched (Settings keeps an unwatched account so when it edits it). */
      watch: z.boolean().default(true),
    })
    .strict(),
  /** Forget a saved account and its stored password (the window asks first). */
  removeAccount: z.object({ id: accountIdSchema }).strict(),
  /** Watch a saved account, or keep it saved without watching it. */
  setAccountEnabled: z.object({ id: accountIdSchema, enabled: z.boolean() }).strict(),
  openExternal: z.object({ url: z.string().url().max(4096) }).strict(),
  copyText: z.object({ text: z.string().max(5_000_000) }).strict(),
  /**
   * Notifications off until `until` (ISO, in the future), or on again with an empty string; or
   * for a preset (shared/snooze.ts): `1h`, or `tomorrow` (next 08:00, or the end of quiet hours).
   */
  pauseNotifications: z.union([z.object({ until: z.string().max(40) }).strict(), z.object({ preset: z.enum(['1h', 'tomorrow']) }).strict()]),
  /** The index of log details read so far (shared/history-search.ts): History's search matches it. */
  getSearchIndex: z.undefined(),
  /** The failed (or warned) jobs the user actually looked at (rows on screen in a focused window): the tray stops calling them new. */
  acknowledgeJobs: z.object({ jobs: z.array(jobRef).max(500) }).strict(),
  /**
   * Save an export (CSV text) where the user chooses in a save dialog, written atomically.
   * The desktop app only: the web preview downloads through the browser instead.
   */
  saveFile: z
    .object({
      fileName: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^/\\]+\.csv$/),
      text: z.string().max(64_000_000),
    })
    .strict(),
  ...transferCommandArgs,
} as const;

export type CommandName = keyof typeof commandArgs;
export type CommandArg<C extends CommandName> = z.input<(typeof commandArgs)[C]>;

/** How the user's password is kept (shown in the settings view). */
export type SecretStorage = 'encrypted' | 'plain-text-backend' | 'session-only' | 'none';

export interface ConnectionInfo {
  state: ConnectionState | 'connecting';
  error?: ErrorInfo;
  /** Last successful poll. */
  lastOk?: IsoDate;
  retryAt?: IsoDate;
  /** With several accounts watched: each one's own state (by its name), for Settings → Account. */
  accounts?: { name: string; state: ConnectionInfo['state']; error?: ErrorInfo }[];
}

export interface SettingsView {
  settings: Settings;
  /** The first saved account's password: stored or not, and how. */
  hasPassword: boolean;
  secretStorage: SecretStorage;
  /** Per saved account (settings.accounts, same order): its password stored or not, and how. */
  accounts: { id: string; hasPassword: boolean; secretStorage: SecretStorage }[];
  /** The locale actually used (settings.language resolved against the OS). */
  locale: AppLocale;
  /** What `language: system` resolves to on this machine (Settings names it next to "System language"). */
  systemLocale?: AppLocale;
}

export interface Snapshot {
  jobs: Job[];
  tray: TrayState;
  connection: ConnectionInfo;
  companies: Company[];
  polling: PollingInfo;
  settings: SettingsView;
  /** True when running against the embedded demo simulator. */
  demo: boolean;
  /** The signed-in user's e-mail, for "my jobs". */
  userEmail: string;
  appVersion: string;
  /**
   * Finished jobs not in `jobs` (older than the newest ones it carries). The window pulls
   * them, newest first, with `getOlderHistory({ cursor: historyCursor })` once it has painted.
   */
  finishedToFollow?: number;
  /** Where the older finished jobs are pulled from (set when `finishedToFollow` > 0). */
  historyCursor?: string;
}

export interface PollingInfo {
  paused: boolean;
  lastPoll?: IsoDate;
  nextPoll?: IsoDate;
  intervalSeconds: number;
}

/**
 * What every command answers: its value, or an error as data (bad input is
 * `{ ok: false, error: { kind: 'usage' } }`). Commands never reject for a reason of their
 * own; only a lost bridge or an untrusted sender does.
 */
export type Result<T = void> = ([T] extends [void] ? { ok: true; value?: undefined } : { ok: true; value: T }) | { ok: false; error: ErrorInfo };
/** A command that answers nothing but success or an error. */
export type ActionResult = Result<void>;
/**
 * The new run a re-run submitted: its IPS handle, the unique name it was given, and its key
 * on the board (`Job.key`: with several accounts prefixed with the account's id like every
 * other key, and `account` its name), so a caller can find the new run among the jobs.
 */
export type RerunResult = Result<{ jobHandle: string; jobName: string; key: string; account?: string }>;

export interface JobDetailsResult {
  log?: JobLog;
  details: JobLogDetail[];
  totalRows: number;
  page: number;
  pages: number;
}

/** Result type per command: every one a `Result`. */
export interface Commands extends TransferCommands {
  getSnapshot: Result<Snapshot>;
  /** Newest first; `remaining` 0 when there is no more (or the cursor is gone: the account changed). */
  getOlderHistory: Result<{ jobs: Job[]; remaining: number }>;
  getJobDetails: Result<JobDetailsResult>;
  stopJob: ActionResult;
  pauseJob: ActionResult;
  resumeJob: ActionResult;
  deleteJob: ActionResult;
  runJobNow: ActionResult;
  rerunJob: RerunResult;
  pollNow: ActionResult;
  setPollingPaused: ActionResult;
  getSettings: Result<SettingsView>;
  saveSettings: Result<SettingsView>;
  /** The account's active companies. */
  testAccount: Result<Company[]>;
  setAccount: Result<SettingsView>;
  removeAccount: Result<SettingsView>;
  setAccountEnabled: Result<SettingsView>;
  openExternal: ActionResult;
  copyText: ActionResult;
  pauseNotifications: ActionResult;
  getSearchIndex: Result<{ entries: SearchIndexEntry[] }>;
  acknowledgeJobs: ActionResult;
  /** `saved: false` when the user cancelled the dialog. */
  saveFile: Result<SaveFileResult>;
}

export type SaveFileResult = { saved: false } | { saved: true; path: string; bytes: number };

/** Events, main → renderer. */
export interface Events extends TransferEvents {
  /** Changes to the job list since the last patch (never the whole list). */
  'jobs-patch': {
    upsert: Job[];
    remove: string[];
    /** Part of the older finished jobs that follow a snapshot (electron/core/snapshot-history.ts). */
    history?: true;
    /**
     * Only in a patch replayed from a snapshot (shared/snapshot-events.ts), never sent by main:
     * older finished jobs are still to be pulled from this cursor.
     */
    older?: { cursor: string; count: number };
  };
  tray: TrayState;
  connection: ConnectionInfo;
  polling: PollingInfo;
  settings: SettingsView;
  companies: Company[];
  /** Who and what the app is connected to changed (an account change, demo ↔ real account). */
  session: { demo: boolean; userEmail: string };
  /** Jobs whose log-detail index text changed; `reset`: every earlier entry is gone (another account). */
  'search-index': { entries: SearchIndexEntry[]; reset?: true };
  /** Open a view (e.g. after a notification click). */
  navigate: { view: 'active' | 'scheduled' | 'history' | 'transfers' | 'settings'; jobKey?: string; section?: 'log' | 'notifications' };
}
export type EventName = keyof Events;
// The name lists and wire channels live in ./ipc-channels.ts (no zod, for the preload),
// checked there against the types here; this module re-exports them.
export { COMMAND_NAMES, EVENT_NAMES, commandChannel, eventChannel } from './ipc-channels.ts';

/** The API the renderer sees (window.ipsJobs in Electron, the WebSocket bridge in the preview). */
export interface RendererApi {
  invoke<C extends CommandName>(command: C, arg: CommandArg<C>): Promise<Commands[C]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Validate a command argument; throws a ZodError on bad input. */
export function parseCommandArg<C extends CommandName>(command: C, arg: unknown): z.output<(typeof commandArgs)[C]> {
  return commandArgs[command].parse(arg) as z.output<(typeof commandArgs)[C]>;
}

// Compile-time checks: every command has a schema and a result type, and every event
// name is listed.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _commandsComplete: Exact<CommandName, keyof Commands> = true;
void _commandsComplete;
/** Every command answers a Result: `{ ok: true, value }` or `{ ok: false, error }`. */
const _allResults: Commands[CommandName] extends { ok: true; value?: unknown } | { ok: false; error: ErrorInfo } ? true : false = true;
void _allResults;
