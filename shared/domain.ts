// The domain model shared by the main process, the CLI and the renderer.
//
// IPS records keep the IPS field names (see docs/ips-api/types.md). The IPS client (electron/ips/) guarantees these shapes: arrays are always
// arrays, numbers are numbers, booleans are booleans, and every date is an ISO-8601
// string in UTC with milliseconds (`2024-05-02T06:00:04.120Z`). Absent optional
// fields are left out, never `null`.

/** An ISO-8601 instant in UTC, e.g. `2024-05-02T06:00:04.120Z`. */
export type IsoDate = string;

/** A job-detail value as it came from IPS: nested records of scalars and arrays. */
export type DetailValue = string | number | boolean | DetailValue[] | { [field: string]: DetailValue };
export type DetailRecord = { [field: string]: DetailValue };

/**
 * The job-detail elements an ActiveJob / ScheduledJob may carry (exactly one per job).
 * The element present tells the job's kind better than `type`, whose list is incomplete.
 */
export const JOB_DETAIL_ELEMENTS = [
  'imageServingPublishJob',
  'imageRenderingPublishJob',
  'videoPublishJob',
  'serverDirectoryPublishJob',
  'metadataPublishJob',
  'uploadDirectoryJob',
  'uploadUrlsJob',
  'uploadPostJob',
  'optimizeImagesJob',
  'ripPdfsJob',
  'reprocessAssetsJob',
  'createVideoSitemapJob',
  'exportJob',
  'automatedSetGenerationJob',
] as const;
export type JobDetailElement = (typeof JOB_DETAIL_ELEMENTS)[number];
/** The detail elements submitJob takes (HTTP POST uploads are made by the UploadFile servlet instead). */
export const SUBMITTABLE_DETAIL_ELEMENTS: readonly Exclude<JobDetailElement, 'uploadPostJob'>[] = JOB_DETAIL_ELEMENTS.filter(
  (el): el is Exclude<JobDetailElement, 'uploadPostJob'> => el !== 'uploadPostJob',
);
export type JobDetails = { [K in JobDetailElement]?: DetailRecord };

export interface TaskItemProgress {
  itemName: string;
  /** Fraction 0.0 – 1.0. */
  progress: number;
  progressMessage: string;
  lastProgressUpdate?: IsoDate;
}

export interface TaskProgress {
  taskType: string;
  taskState: string;
  numProcessed: number;
  numProcessing: number;
  numPending: number;
  /** Fraction 0.0 – 1.0 (unlike ActiveJob.progress, which is a percentage). */
  progress: number;
  progressMessage: string;
  lastProgressUpdate?: IsoDate;
  taskItemProgressArray: TaskItemProgress[];
}

export interface ActiveJob extends JobDetails {
  companyHandle: string;
  jobHandle: string;
  name: string;
  originalName: string;
  type: string;
  /** Active Job States: New, WaitingClient, WaitingCoordinator, Running, Stopping, Done, Unknown. */
  state: string;
  submitUserEmail?: string;
  locale?: string;
  description?: string;
  serverName?: string;
  startDate?: IsoDate;
  triggerTime?: IsoDate;
  /** A number when IPS sent one, else the raw text. */
  totalSize?: number | string;
  /** Percent 0 – 100. */
  progress?: number;
  progressMessage?: string;
  lastProgressUpdate?: IsoDate;
  taskProgressArray: TaskProgress[];
}

export interface ScheduledJob extends JobDetails {
  companyHandle: string;
  jobHandle: string;
  name: string;
  originalName: string;
  type: string;
  submitUserEmail?: string;
  locale?: string;
  description?: string;
  /** Kept verbatim (trailing spaces included). */
  execSchedule?: string;
  nextFireTime?: IsoDate;
  /** Server time-zone abbreviation, e.g. `PST`. */
  timeZone?: string;
  /** Job Trigger States: Normal, Paused, Blocked, Complete, Error, None (any text tolerated). */
  triggerState?: string;
}

export interface JobLogDetailAux {
  logMessage: string;
  logType: string;
  dateCreated?: IsoDate;
}

export interface JobLogDetail {
  logMessage: string;
  logType: string;
  dateCreated?: IsoDate;
  assetName?: string;
  assetType?: string;
  assetHandle?: string;
  auxArray?: JobLogDetailAux[];
}

export interface JobLog {
  companyHandle: string;
  jobHandle: string;
  jobName: string;
  originalJobName: string;
  submitUserEmail?: string;
  logType?: string;
  jobSubType?: string;
  startDate?: IsoDate;
  /** Present only once the job has completed. */
  endDate?: IsoDate;
  description?: string;
  fileSuccessCount: number;
  fileErrorCount: number;
  fileWarningCount: number;
  fileDuplicateCount: number;
  fileUpdateCount: number;
  totalFileCount: number;
  transferSuccessCount: number;
  transferErrorCount: number;
  transferWarningCount: number;
  fatalError: boolean;
  /** getJobLogDetails only. */
  detailTotalRows?: number;
  /** getJobLogDetails only. */
  detailArray?: JobLogDetail[];
}

/** JobLog's fields in the order of the IPS type (docs/ips-api/types.md). */
export const JOB_LOG_FIELDS: readonly (keyof JobLog)[] = [
  'companyHandle',
  'jobHandle',
  'jobName',
  'originalJobName',
  'submitUserEmail',
  'logType',
  'jobSubType',
  'startDate',
  'endDate',
  'description',
  'fileSuccessCount',
  'fileErrorCount',
  'fileWarningCount',
  'fileDuplicateCount',
  'fileUpdateCount',
  'totalFileCount',
  'transferSuccessCount',
  'transferErrorCount',
  'transferWarningCount',
  'fatalError',
  'detailTotalRows',
  'detailArray',
];

export interface Company {
  companyHandle: string;
  name: string;
  rootPath?: string;
  expires?: IsoDate;
  imsOrgId?: string;
  /** The name of the account it was found under, when more than one account is watched. */
  account?: string;
  /** That account's id (uploads to the company go to that account). */
  accountId?: string;
}

export interface CompanyMembership {
  company: Company;
  role?: string;
  isActive?: boolean;
}

export interface User {
  userHandle: string;
  firstName?: string;
  lastName?: string;
  email: string;
  defaultRole?: string;
  isValid?: boolean;
  passwordExpires?: IsoDate;
}

// ---------------------------------------------------------------------------
// The merged job: one per run, built by the job board from the three IPS lists.

export type Phase = 'scheduled' | 'queued' | 'running' | 'paused' | 'stopping' | 'finished';
export type Outcome = 'success' | 'warning' | 'error' | 'stopped';
/**
 * An action the user asked for that IPS has not shown the effect of yet. `starting`: a
 * scheduled job was run now (executeJob); it lasts until the poll after the call, which
 * brings the new run onto the board.
 */
export type PendingAction = 'stopping' | 'pausing' | 'resuming' | 'deleting' | 'starting';

export interface Job {
  /** Stable key for the board and the UI: `${companyHandle}\u0000${jobHandle}`. */
  key: string;
  companyHandle: string;
  jobHandle: string;
  name: string;
  originalName: string;
  type: string;
  /** Which job-detail element the job carries, when known. */
  detailElement?: JobDetailElement;
  submitUserEmail?: string;
  /** The folder the job writes to, from its job detail (shared/history-search.ts `destinationOf`), when known. */
  destination?: string;
  phase: Phase;
  /** Set once phase is `finished`. */
  outcome?: Outcome;
  pendingAction?: PendingAction;
  /**
   * Set while the job has left getActiveJobs but its log does not show an end yet
   * (the engine waits a bounded time, then finishes it from what is known): when that was seen.
   */
  finishingSince?: IsoDate;
  /** Best known start and end (active job, else log). */
  startDate?: IsoDate;
  endDate?: IsoDate;
  /** Percent 0 – 100 while running. */
  progress?: number;
  /** The records it was merged from (latest seen). */
  scheduled?: ScheduledJob;
  active?: ActiveJob;
  log?: JobLog;
  /** When this machine first saw the job, and last saw it change. */
  firstSeen: IsoDate;
  updatedAt: IsoDate;
  /** The name of the account it belongs to, when more than one account is watched (its key then starts with the account's id). */
  account?: string;
}

export function jobKey(companyHandle: string, jobHandle: string): string {
  return `${companyHandle}\u0000${jobHandle}`;
}

/** Who submitted the job: the merged field, else the first record that names one. */
export function jobSubmitter(job: Job): string | undefined {
  return job.submitUserEmail ?? job.active?.submitUserEmail ?? job.scheduled?.submitUserEmail ?? job.log?.submitUserEmail;
}

/** The job-detail element present on a record, if any. */
export function detailElementOf(rec: JobDetails): JobDetailElement | undefined {
  return JOB_DETAIL_ELEMENTS.find((el) => rec[el] !== undefined);
}

// ---------------------------------------------------------------------------
// Errors as data (they cross IPC and the CLI as plain objects).

export type ErrorKind =
  | 'authentication' // bad or missing credentials (authenticationFault)
  | 'authorization' // authenticated but not allowed (authorizationFault)
  | 'fault' // any other IPS fault (ipsApiFault)
  | 'network' // connection refused/reset, DNS, TLS
  | 'timeout' // no answer in time
  | 'malformed' // not XML, an HTML page, a truncated body, an unexpected shape
  | 'usage' // bad input from the user (CLI arguments, settings)
  | 'internal';

export interface ErrorInfo {
  kind: ErrorKind;
  /** One readable line. Never contains a password. */
  message: string;
  /** IPS fault code (10000…30003) when the server sent one. */
  code?: number;
  /** IPS fault reason text when the server sent one. */
  reason?: string;
  /** HTTP status when there was a response. */
  httpStatus?: number;
  /** The IPS operation that failed. */
  operation?: string;
  /** Set when one input must be fixed, so a form shows it next to that input: the password
   * is missing, or must be typed again because the account's server changed. */
  input?: 'password-missing' | 'password-retype';
}

// ---------------------------------------------------------------------------
// Engine events (the CLI's `watch --json` prints these one per line).

export type ConnectionState = 'ok' | 'offline' | 'auth-failed' | 'error';

export type EngineEvent =
  | { event: 'job-scheduled'; job: Job }
  | { event: 'job-started'; job: Job }
  | { event: 'job-progress'; job: Job }
  | { event: 'job-updated'; job: Job }
  | { event: 'job-finished'; outcome: Outcome; job: Job }
  | { event: 'job-removed'; job: Job }
  | {
      event: 'connection';
      state: ConnectionState;
      companyHandle?: string;
      error?: ErrorInfo;
      /** When the next attempt is due (after a failure). */
      retryAt?: IsoDate;
      /** The account's name, when more than one account is watched. */
      account?: string;
    };

// ---------------------------------------------------------------------------
// Tray state: a pure function of the board (electron/core/tray-state.ts).

/**
 * `running-error`: jobs run and a failure is not looked at yet (both at once);
 * `error-seen`: failures the user has looked at (outline), until they expire.
 */
export type TrayIcon = 'idle' | 'running' | 'running-error' | 'warning' | 'error' | 'error-seen' | 'offline' | 'paused' | 'auth';
export const TRAY_ICONS: readonly TrayIcon[] = ['idle', 'running', 'running-error', 'warning', 'error', 'error-seen', 'offline', 'paused', 'auth'];

/** A job's quick action in the tray menu. `confirm`: ask first (a native dialog), in the user's language. */
export interface TrayJobAction {
  id: 'open' | 'stop';
  label: string;
  enabled: boolean;
  confirm?: { title: string; body: string; ok: string; cancel: string };
}

export type TrayMenuItem =
  | {
      type: 'job';
      id: string;
      label: string;
      /** The job's own name (the label adds its state). */
      name: string;
      jobKey: string;
      companyHandle: string;
      jobHandle: string;
      phase: Phase;
      outcome?: Outcome;
      progress?: number;
      /** Unfinished runs: a submenu (Open, Stop); without, a click opens the job. */
      quick?: TrayJobAction[];
      /** The account's name, when more than one account is watched (Stop goes to that account). */
      account?: string;
    }
  | { type: 'header'; id: string; label: string }
  | { type: 'action'; id: TrayAction; label: string; enabled: boolean; checked?: boolean }
  | { type: 'separator'; id: string }
  /** A submenu of its own items (the notification snooze). */
  | { type: 'submenu'; id: string; label: string; items: TrayMenuItem[] };

export type TrayAction =
  'open-window' | 'poll-now' | 'toggle-pause' | 'settings' | 'quit' | 'snooze-1h' | 'snooze-tomorrow' | 'snooze-custom' | 'snooze-resume';

export interface TrayState {
  icon: TrayIcon;
  /** Overall progress of running jobs, 0 – 1, or null when nothing runs. */
  progress: number | null;
  /** Jobs running now (the tooltip's figure): the macOS menu bar title, the dock / Unity badge. */
  running: number;
  tooltip: string;
  menu: TrayMenuItem[];
}

// ---------------------------------------------------------------------------
// Notifications: a pure function of events and preferences (electron/core/notify-rules.ts)
// decides these; the desktop shell shows them natively, the CLI may print them.

export type NotificationKind =
  | 'finished-success'
  | 'finished-warning'
  | 'finished-error'
  | 'finished-stopped'
  | 'summary'
  | 'started'
  | 'stalled'
  | 'connection-lost'
  | 'connection-restored'
  | 'auth-failed'
  /** An upload or download gave up (failed) or cannot go on (interrupted): Retry in the Transfers view. */
  | 'transfer-failed';

export interface AppNotification {
  /** Unique per notification; used to de-duplicate across restarts. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** The job a click should open, if any. */
  jobKey?: string;
  urgency?: 'low' | 'normal' | 'critical';
  /** Buttons on the notification (macOS shows them; a click opens the job everywhere). */
  actions?: NotificationAction[];
  /** The account's name, when more than one account is watched (also in front of the title). */
  account?: string;
}

/** `open-job`: the window on the job's detail; `open-log`: the same, scrolled to its log. */
export interface NotificationAction {
  id: 'open-job' | 'open-log';
  label: string;
}

/** A job's type from its log's type: `BeginUpload` / `EndUpload` → `Upload` (jobs-lifecycle.md). */
export function jobTypeOfLog(logType: string | undefined): string {
  return (logType ?? '').replace(/^(begin|end)/i, '');
}
