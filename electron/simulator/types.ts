// The simulated IPS world's data: companies, users, scheduled jobs, job runs, their
// plans and snapshots, and the inputs of the test helpers. Types only (and WorldError).
import type { Cron } from 'croner';
import type { CountFields } from '../../shared/counts.ts';
import type { Clock } from '../clock.ts';
import type { JobKind, Media, SimAsset } from './catalog.ts';
import type { XRecord } from './xml.ts';

export interface SimCompany {
  id: number;
  handle: string;
  name: string;
  rootPath: string;
  expires: number;
  assets: SimAsset[];
  pools: Map<Media, SimAsset[]>;
}

export interface SimMembership {
  role: string;
  isActive: boolean;
}

export interface SimUser {
  id: number;
  handle: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  defaultRole: string;
  isValid: boolean;
  passwordExpires?: number;
  /** companyHandle → membership */
  memberships: Map<string, SimMembership>;
}

/** How a run's files turn out. */
export type Profile = 'success' | 'warning' | 'error' | 'fatal';

export interface RunPlan {
  files: number;
  profile: Profile;
  /** Time in New, then WaitingCoordinator, then Running (effective ms: pauses excluded). */
  newMs: number;
  waitMs: number;
  runMs: number;
  /** With profile 'fatal': the file index at which the job aborts. */
  fatalAt?: number;
  /** Adds a video-transcoding TaskProgress. */
  video: boolean;
}

/** The count fields of a job log (IPS names): the ones the client reads (shared/counts.ts). */
export type Counts = CountFields;

/** What a scheduled job and each of its runs have in common. */
export interface JobIdentity {
  handle: string;
  companyHandle: string;
  companyId: number;
  name: string;
  originalName: string;
  kind: JobKind;
  type: string;
  detail?: XRecord | undefined;
  submitUserEmail: string;
  locale: string;
  description?: string | undefined;
}

export interface Run extends JobIdentity {
  runId: number;
  /** The scheduled-style handle `j|<co>|<originalName>|` that submitJob returned (also accepted). */
  submitHandle: string;
  serverName: string;
  jobSubType: string;
  seed: number;
  /** Created (startDate). */
  t0: number;
  plan: RunPlan;
  /** [start, end) real-time pause intervals; end undefined while paused. */
  pauses: Array<[number, number | undefined]>;
  stopAt?: number | undefined;
  /** Removed from the active list (deleteJob). */
  deleted: boolean;
  /** An HTTP-POST upload job (UploadFile servlet): files arrive over several requests. */
  upload?: UploadState | undefined;
  /** Cached once finished. */
  final?: { endDate: number; processed: number; counts: Counts; fatal: boolean; stopped: boolean } | undefined;
}

export interface UploadState {
  /** Still waiting for more POSTs (state WaitingClient). */
  waiting: boolean;
  lastPostAt: number;
  /** Company-relative target paths of the files received so far. */
  fileNames: string[];
  /** Source address of the first POST (all POSTs of a job must come from it). */
  ip: string;
  /** destFolder of the first POST: the default for follow-ups that send none. */
  destFolder?: string;
  /** Effective time at which the client side ended (endJob or the idle timeout). */
  endEff?: number;
  /** Outcomes fixed by the servlet (e.g. FILE_DUPLICATE for a file re-posted to the job), by file index. */
  outcomes?: Array<number | undefined>;
}

export interface Sched extends JobIdentity {
  execSchedule?: string;
  execTime?: number;
  cron?: Cron;
  nextFireTime?: number;
  triggerState: string;
  fired: number;
  /** Plan overrides for the runs it creates. */
  plan?: Partial<RunPlan>;
}

export type ActiveState = 'New' | 'WaitingClient' | 'WaitingCoordinator' | 'Running' | 'Stopping' | 'Done';

export interface RunSnapshot {
  state: ActiveState;
  /** Listed by getActiveJobs. */
  active: boolean;
  finished: boolean;
  paused: boolean;
  processed: number;
  /** Percent 0–100. */
  progress: number;
  lastProgressUpdate: number;
  endDate?: number;
  counts: Counts;
  fatal: boolean;
  stopped: boolean;
}

/** What addUser takes (demo.ts lists the default users in this shape). */
export interface SimUserInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  defaultRole?: string;
  isValid?: boolean;
  /** Company handle or name → role (or membership). */
  memberships?: Record<string, string | SimMembership>;
}

/** A run's settled end: fixed once it has finished (the timeline reads it, settleRun writes it). */
export type FinalState = NonNullable<Run['final']>;

/** What createRun takes (the World's own helpers, the demo and the servlets build it). */
export interface CreateRunInput {
  company: SimCompany;
  kind: JobKind;
  originalName: string;
  runName?: string;
  submitUserEmail: string;
  locale?: string;
  description?: string;
  detail?: XRecord;
  t0: number;
  plan: RunPlan;
  seed?: number;
  submitHandle?: string;
  serverName?: string;
  jobSubType?: string;
  historic?: boolean;
}

/** A new HTTP-POST upload job (the UploadFile servlet's first POST). */
export interface UploadRunInput {
  company: SimCompany;
  name: string;
  submitUserEmail: string;
  locale: string;
  description?: string;
  detail?: XRecord;
  /** Source address of the first POST (every POST of the job must come from it). */
  ip: string;
}

export interface WorldOptions {
  clock: Clock;
  seed: number;
  /** Fixed server offset for dates and schedules, minutes (default -480, PST). */
  offsetMinutes?: number;
  timeZone?: string;
  /** How long a finished job stays listed with state Done (default 1000 ms). */
  doneLingerMs?: number;
  /** How long Stopping lasts (default 1500 ms). */
  stopMs?: number;
}

/** What the test helpers addJob and addScheduledJob both take (defaults: first company, first user). */
export interface TestJobInput {
  companyHandle?: string;
  name: string;
  type?: string;
  submitUserEmail?: string;
  locale?: string;
  description?: string;
  detail?: XRecord;
}

/** Everything about a job run the tests may want to set. */
export interface AddJobInput extends TestJobInput {
  /** Start time (default now); past start times give a job already under way. */
  startAt?: number;
  files?: number;
  profile?: Profile;
  plan?: Partial<RunPlan>;
}

/** When a scheduled job fires (Quartz-style execSchedule, or a one-off execTime) and how its runs go. */
export interface ScheduleTiming {
  execSchedule?: string;
  execTime?: number;
  triggerState?: string;
  plan?: Partial<RunPlan>;
}

export type AddScheduleInput = TestJobInput & ScheduleTiming;

export class WorldError extends Error {
  readonly fault: 'ipsApiFault' | 'authorizationFault';
  readonly code: number;
  constructor(fault: 'ipsApiFault' | 'authorizationFault', code: number, message: string) {
    super(message);
    this.fault = fault;
    this.code = code;
  }
}
