// The simulated IPS world: companies, users, scheduled jobs, job runs and their logs.
// No HTTP here. State is computed lazily from clock.now(): a run's phase, progress and
// log counts are pure functions of its plan, its pauses and the current time, and
// schedules fire (and the demo stream spawns jobs) whenever the world is ticked, which
// every SOAP call does first. So no real timers are needed, with either clock.
import { Cron } from 'croner';
import type { JobLog } from '../../shared/domain.ts';
import { isManualClock, type Clock } from '../clock.ts';
import { JOB_KINDS, JOB_KIND_BY_TYPE, SERVERS, makeAssets, type JobKind, type Media, type SimAsset } from './catalog.ts';
import { createRng, mixSeed, type Rng } from './rng.ts';
import type { XRecord } from './xml.ts';

// ---------------------------------------------------------------------------
// Types

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

export const FILE_SUCCESS = 0;
export const FILE_UPDATE = 1;
export const FILE_WARNING = 2;
export const FILE_ERROR = 3;
export const FILE_DUPLICATE = 4;

/** The count fields of a job log (IPS names). */
export type Counts = Pick<
  JobLog,
  | 'fileSuccessCount'
  | 'fileErrorCount'
  | 'fileWarningCount'
  | 'fileDuplicateCount'
  | 'fileUpdateCount'
  | 'totalFileCount'
  | 'transferSuccessCount'
  | 'transferErrorCount'
  | 'transferWarningCount'
>;

/** What a scheduled job and each of its runs have in common. */
export interface JobIdentity {
  handle: string;
  companyHandle: string;
  companyId: number;
  name: string;
  originalName: string;
  kind: JobKind;
  type: string;
  detail?: XRecord;
  submitUserEmail: string;
  locale: string;
  description?: string;
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
  stopAt?: number;
  /** Removed from the active list (deleteJob). */
  deleted: boolean;
  /** An HTTP-POST upload job (UploadFile servlet): files arrive over several requests. */
  upload?: UploadState;
  /** getJobLogs row XML, cached once finished (it never changes again). */
  logXml?: string;
  /** Cached once finished. */
  final?: { endDate: number; processed: number; counts: Counts; fatal: boolean; stopped: boolean };
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

/** A POST upload job without a POST for this long ends with what it has (documented: 30 min). */
export const UPLOAD_IDLE_MS = 30 * 60_000;

/** Upload file names steer outcomes in tests and demos: "broken"/"corrupt"/"error" fail, "warn" warns, "dup" is a duplicate. */
function outcomeFromName(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (/broken|corrupt|error/.test(n)) return FILE_ERROR;
  if (/warn/.test(n)) return FILE_WARNING;
  if (/dup/.test(n)) return FILE_DUPLICATE;
  return undefined;
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

/** Everything about a job run the tests may want to set. */
export interface AddJobInput {
  companyHandle?: string;
  name: string;
  type?: string;
  submitUserEmail?: string;
  locale?: string;
  description?: string;
  detail?: XRecord;
  /** Start time (default now); past start times give a job already under way. */
  startAt?: number;
  files?: number;
  profile?: Profile;
  plan?: Partial<RunPlan>;
}

export interface AddScheduleInput {
  companyHandle?: string;
  name: string;
  type?: string;
  submitUserEmail?: string;
  locale?: string;
  description?: string;
  detail?: XRecord;
  execSchedule?: string;
  execTime?: number;
  triggerState?: string;
  plan?: Partial<RunPlan>;
}

export class WorldError extends Error {
  readonly fault: 'ipsApiFault' | 'authorizationFault';
  readonly code: number;
  constructor(fault: 'ipsApiFault' | 'authorizationFault', code: number, message: string) {
    super(message);
    this.fault = fault;
    this.code = code;
  }
}

const EMPTY_COUNTS: Counts = {
  fileSuccessCount: 0,
  fileErrorCount: 0,
  fileWarningCount: 0,
  fileDuplicateCount: 0,
  fileUpdateCount: 0,
  totalFileCount: 0,
  transferSuccessCount: 0,
  transferErrorCount: 0,
  transferWarningCount: 0,
};

// ---------------------------------------------------------------------------
// File outcomes: a pure function of (seed, index, profile).

export function fileOutcome(run: { seed: number; plan: RunPlan; upload?: UploadState }, i: number): number {
  const fixed = run.upload?.outcomes?.[i];
  if (fixed !== undefined) return fixed;
  const byName = outcomeFromName(run.upload?.fileNames[i]);
  if (byName !== undefined) return byName;
  const { profile, files } = run.plan;
  if (profile === 'warning' && i === Math.floor(files / 3)) return FILE_WARNING;
  if (profile === 'error' && i === Math.floor(files / 2)) return FILE_ERROR;
  const u = mixSeed(run.seed, i) / 4294967296;
  switch (profile) {
    case 'success':
      return u < 0.85 ? FILE_SUCCESS : FILE_UPDATE;
    case 'warning':
      return u < 0.72 ? FILE_SUCCESS : u < 0.85 ? FILE_UPDATE : u < 0.95 ? FILE_WARNING : FILE_DUPLICATE;
    case 'error':
      return u < 0.65 ? FILE_SUCCESS : u < 0.75 ? FILE_UPDATE : u < 0.83 ? FILE_WARNING : u < 0.86 ? FILE_DUPLICATE : FILE_ERROR;
    case 'fatal':
      return u < 0.8 ? FILE_SUCCESS : u < 0.9 ? FILE_UPDATE : FILE_WARNING;
  }
}

export function countFiles(run: { seed: number; plan: RunPlan; upload?: UploadState }, processed: number): Counts {
  const c = { ...EMPTY_COUNTS, totalFileCount: run.plan.files };
  for (let i = 0; i < processed; i++) {
    switch (fileOutcome(run, i)) {
      case FILE_SUCCESS:
        c.fileSuccessCount++;
        c.transferSuccessCount++;
        break;
      case FILE_UPDATE:
        c.fileUpdateCount++;
        c.transferSuccessCount++;
        break;
      case FILE_WARNING:
        c.fileWarningCount++;
        c.transferWarningCount++;
        break;
      case FILE_ERROR:
        c.fileErrorCount++;
        c.transferErrorCount++;
        break;
      default:
        c.fileDuplicateCount++;
    }
  }
  return c;
}

// ---------------------------------------------------------------------------
// Role matrix (operations.md), configurable.

const ALL_ROLES = [
  'IpsAdmin',
  'IpsCompanyAdmin',
  'IpsUser',
  'TrialSiteAdmin',
  'TrialSiteUser',
  'ImagePortalAdmin',
  'ImagePortalUser',
  'ImagePortalContrib',
  'ImagePortalContribUser',
];
const without = (...roles: string[]): string[] => ALL_ROLES.filter((r) => !roles.includes(r));

export function defaultRoleMatrix(): Map<string, Set<string>> {
  const m: Record<string, string[]> = {
    getActiveJobs: without('ImagePortalUser'),
    getScheduledJobs: without('ImagePortalUser'),
    getJobLogs: ALL_ROLES,
    getJobLogDetails: without('TrialSiteAdmin'),
    getAssetJobLogs: ALL_ROLES,
    submitJob: without('IpsCompanyAdmin', 'ImagePortalUser'),
    stopJob: without('ImagePortalUser'),
    pauseJob: without('ImagePortalUser'),
    resumeJob: without('ImagePortalUser'),
    deleteJob: without('ImagePortalUser'),
    executeJob: without('IpsCompanyAdmin', 'ImagePortalUser'),
    getCompanyMembership: ALL_ROLES,
    getCompanyInfo: without('IpsCompanyAdmin'),
    getUserInfo: ALL_ROLES,
    checkLogin: ALL_ROLES,
    getAssetsByName: without('ImagePortalUser'),
  };
  return new Map(Object.entries(m).map(([k, v]) => [k, new Set(v)]));
}

// ---------------------------------------------------------------------------

function parseSchedule(expr: string, offsetMinutes: number): Cron {
  let fields = expr.trim().split(/\s+/);
  // A 5-field string is read Quartz-style without the day-of-week: sec min hour dom month.
  if (fields.length === 5) fields = [...fields, '?'];
  if (fields.length < 6 || fields.length > 7) throw new Error(`execSchedule needs 6 or 7 fields: '${expr}'`);
  // Quartz requires '?' in one of the day fields; croner accepts '?' anywhere.
  return new Cron(fields.join(' '), { utcOffset: offsetMinutes, alternativeWeekdays: true, mode: '6-or-7-parts', paused: true });
}

export class World {
  readonly clock: Clock;
  readonly seed: number;
  readonly offsetMinutes: number;
  readonly timeZone: string;
  doneLingerMs: number;
  stopMs: number;
  readonly rng: Rng;
  readonly roles = defaultRoleMatrix();

  readonly companies = new Map<string, SimCompany>();
  readonly users = new Map<string, SimUser>(); // by lower-case email
  readonly scheduled = new Map<string, Sched>(); // by handle
  /** Live and recent runs by handle (history rows are reached through runsById; use runByHandle). */
  readonly runs = new Map<string, Run>();
  /** Every run, by runId. */
  readonly runsById = new Map<number, Run>();
  /** Where this simulator is reachable (export download links); set by startSimulator. */
  baseUrl = 'http://127.0.0.1';
  /** Per company, runs in creation order (sorted by t0 lazily). */
  private readonly runsByCompany = new Map<string, { list: Run[]; sorted: boolean }>();
  /** Runs that are or may still be listed by getActiveJobs. */
  private readonly live = new Set<Run>();
  private nextRunId = 7001;
  private nextCompanyId = 15;
  private nextUserId = 41;
  private readonly tickers: Array<(now: number) => void> = [];
  private ticking = false;

  constructor(opts: WorldOptions) {
    this.clock = opts.clock;
    this.seed = opts.seed >>> 0;
    this.offsetMinutes = opts.offsetMinutes ?? -480;
    this.timeZone = opts.timeZone ?? 'PST';
    this.doneLingerMs = opts.doneLingerMs ?? 1000;
    this.stopMs = opts.stopMs ?? 1500;
    this.rng = createRng(this.seed);
  }

  now(): number {
    return this.clock.now();
  }

  // ---- control ------------------------------------------------------------

  /** Move a manual clock forward and bring the world up to date. */
  advance(ms: number): void {
    if (!isManualClock(this.clock)) throw new Error('world.advance needs a manual clock (createManualClock)');
    this.clock.advance(ms);
    this.tick();
  }

  /** Called by a generator (the demo stream) on every tick. */
  onTick(fn: (now: number) => void): void {
    this.tickers.push(fn);
  }

  /** Fire due schedules, run generators, retire finished runs. Every SOAP call ticks first. */
  tick(now: number = this.now()): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const s of [...this.scheduled.values()]) this.fireDue(s, now);
      for (const fn of this.tickers) fn(now);
      for (const run of this.live) {
        const snap = this.snapshot(run, now);
        if (!snap.active) this.live.delete(run);
      }
    } finally {
      this.ticking = false;
    }
  }

  // ---- companies and users -----------------------------------------------

  addCompany(input: { name: string; id?: number; rootPath?: string; assets?: number }): SimCompany {
    const id = input.id ?? this.nextCompanyId++;
    if (input.id !== undefined && input.id >= this.nextCompanyId) this.nextCompanyId = input.id + 1;
    const handle = `c|${id}`;
    const rootPath = input.rootPath ?? `${input.name.replace(/[^\p{L}\p{N}]+/gu, '')}/`;
    const assets = makeAssets(createRng(mixSeed(this.seed, id)), id, rootPath, input.assets ?? 400);
    const pools = new Map<Media, SimAsset[]>();
    for (const m of ['image', 'video', 'pdf', 'set'] as const) {
      const p = assets.filter((a) => a.media === m);
      pools.set(m, p.length > 0 ? p : assets);
    }
    pools.set('metadata', pools.get('image') ?? assets);
    pools.set('mixed', assets);
    const c: SimCompany = { id, handle, name: input.name, rootPath, expires: Date.parse('2101-01-31T23:00:00.000-08:00'), assets, pools };
    this.companies.set(handle, c);
    this.runsByCompany.set(handle, { list: [], sorted: true });
    return c;
  }

  companyByName(name: string): SimCompany | undefined {
    for (const c of this.companies.values()) if (c.name === name) return c;
    return undefined;
  }

  /** A company handle, or a company name. */
  company(ref: string): SimCompany | undefined {
    return this.companies.get(ref) ?? this.companyByName(ref);
  }

  addUser(input: {
    email: string;
    password: string;
    firstName?: string;
    lastName?: string;
    defaultRole?: string;
    isValid?: boolean;
    /** companyHandle or name → role (or membership). */
    memberships?: Record<string, string | SimMembership>;
  }): SimUser {
    const id = this.nextUserId++;
    const [local = 'user'] = input.email.split('@');
    const u: SimUser = {
      id,
      handle: `u|${id}|${input.email}`,
      email: input.email,
      password: input.password,
      firstName: input.firstName ?? local.charAt(0).toUpperCase() + local.slice(1),
      lastName: input.lastName ?? 'Example',
      defaultRole: input.defaultRole ?? 'IpsUser',
      isValid: input.isValid ?? true,
      passwordExpires: Date.parse('2099-12-31T00:00:00.000Z'),
      memberships: new Map(),
    };
    for (const [ref, m] of Object.entries(input.memberships ?? {})) {
      const c = this.company(ref);
      if (!c) throw new Error(`addUser: unknown company ${ref}`);
      u.memberships.set(c.handle, typeof m === 'string' ? { role: m, isActive: true } : m);
    }
    this.users.set(input.email.toLowerCase(), u);
    return u;
  }

  user(email: string): SimUser | undefined {
    return this.users.get(email.toLowerCase());
  }

  userByHandle(handle: string): SimUser | undefined {
    for (const u of this.users.values()) if (u.handle === handle) return u;
    return undefined;
  }

  /** The role the user acts with in a company (IpsAdmin everywhere), or undefined if not a member. */
  roleIn(user: SimUser, companyHandle: string): string | undefined {
    if (user.defaultRole === 'IpsAdmin') return 'IpsAdmin';
    const m = user.memberships.get(companyHandle);
    return m && m.isActive ? m.role : undefined;
  }

  /** Companies the user may see. */
  companiesOf(user: SimUser): SimCompany[] {
    if (user.defaultRole === 'IpsAdmin') return [...this.companies.values()];
    return [...this.companies.values()].filter((c) => user.memberships.get(c.handle)?.isActive);
  }

  // ---- jobs ----------------------------------------------------------------

  private kindOf(type: string | undefined): JobKind {
    const k = JOB_KIND_BY_TYPE.get(type ?? 'UploadFromServerDirectory');
    if (!k) throw new Error(`unknown job type ${type}`);
    return k;
  }

  private firstCompany(): SimCompany {
    const c = this.companies.values().next().value;
    if (!c) throw new Error('the world has no company yet');
    return c;
  }

  /** A default plan for a kind (real-clock demo timings unless `fast`). */
  makePlan(kind: JobKind, rng: Rng, over: Partial<RunPlan> = {}, profile?: Profile): RunPlan {
    const files = over.files ?? rng.int(kind.files[0], kind.files[1]);
    const prof = over.profile ?? profile ?? 'success';
    const plan: RunPlan = {
      files: Math.max(1, files),
      profile: prof,
      newMs: over.newMs ?? rng.int(1000, 3000),
      waitMs: over.waitMs ?? rng.int(2000, 12000),
      runMs: over.runMs ?? rng.int(30_000, 180_000),
      video: over.video ?? kind.video === true,
    };
    if (prof === 'fatal') plan.fatalAt = over.fatalAt ?? Math.min(plan.files - 1, Math.max(0, Math.floor(plan.files * (0.3 + rng.next() * 0.4))));
    return plan;
  }

  /** IPS makes run names unique: a name already used by a live run of the company gets `-<runId>`. */
  private uniqueRunName(companyHandle: string, name: string): string {
    for (const r of this.live) {
      if (r.companyHandle === companyHandle && r.name === name) return `${name}-${this.nextRunId - 1}`;
    }
    return name;
  }

  private detailFor(kind: JobKind, c: SimCompany, rng: Rng): XRecord | undefined {
    return kind.detail({
      rng,
      rootPath: c.rootPath,
      assetHandles: (m, n) => {
        const pool = c.pools.get(m) ?? c.assets;
        const start = rng.int(0, Math.max(0, pool.length - 1));
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(pool[(start + i) % pool.length]?.handle ?? 'a|1');
        return out;
      },
    });
  }

  /** Create a run (an active job with its log). */
  createRun(input: {
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
  }): Run {
    const runId = this.nextRunId++;
    const c = input.company;
    const name = input.runName ?? (input.historic ? input.originalName : this.uniqueRunName(c.handle, input.originalName));
    const seed = input.seed ?? mixSeed(this.seed, runId);
    const handle = `j|${c.id}||${name}|${runId}`;
    const run: Run = {
      runId,
      handle,
      submitHandle: input.submitHandle ?? `j|${c.id}|${input.originalName}|`,
      companyHandle: c.handle,
      companyId: c.id,
      name,
      originalName: input.originalName,
      kind: input.kind,
      type: input.kind.type,
      submitUserEmail: input.submitUserEmail,
      locale: input.locale ?? 'en-US',
      serverName: input.serverName ?? SERVERS[seed % SERVERS.length] ?? 'ips-app-01',
      jobSubType: input.jobSubType ?? (input.kind.subTypes ? (input.kind.subTypes[seed % input.kind.subTypes.length] ?? '') : ''),
      seed,
      t0: input.t0,
      plan: input.plan,
      pauses: [],
      deleted: false,
      // Every field set up front: one object shape for all runs (50 000 history rows).
      detail: input.detail,
      description: input.description,
      stopAt: undefined,
      upload: undefined,
      logXml: undefined,
      final: undefined,
    };
    if (!input.historic) this.runs.set(handle, run);
    this.runsById.set(runId, run);
    const entry = this.runsByCompany.get(c.handle);
    if (entry) {
      const last = entry.list[entry.list.length - 1];
      if (last && last.t0 > run.t0) entry.sorted = false;
      entry.list.push(run);
    }
    if (!input.historic) this.live.add(run);
    return run;
  }

  /** Test helper: add a job that starts running (New → …) at `startAt` (default now). */
  addJob(input: AddJobInput): Run {
    const c = input.companyHandle ? this.company(input.companyHandle) : this.firstCompany();
    if (!c) throw new Error(`addJob: unknown company ${input.companyHandle}`);
    const kind = this.kindOf(input.type);
    const rng = createRng(mixSeed(this.seed, this.nextRunId * 31 + 7));
    const over: Partial<RunPlan> = { ...input.plan };
    if (input.files !== undefined) over.files = input.files;
    if (input.profile !== undefined) over.profile = input.profile;
    const plan = this.makePlan(kind, rng, over);
    const detail = input.detail ?? this.detailFor(kind, c, rng);
    return this.createRun({
      company: c,
      kind,
      originalName: input.name,
      submitUserEmail: input.submitUserEmail ?? this.defaultSubmitter(),
      locale: input.locale ?? 'en-US',
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(detail ? { detail } : {}),
      t0: input.startAt ?? this.now(),
      plan,
    });
  }

  /** Who submitted a job added without a submitter: the first user. */
  private defaultSubmitter(): string {
    return this.users.values().next().value?.email ?? 'ops@example.com';
  }

  addScheduledJob(input: AddScheduleInput): Sched {
    const c = input.companyHandle ? this.company(input.companyHandle) : this.firstCompany();
    if (!c) throw new Error(`addScheduledJob: unknown company ${input.companyHandle}`);
    const kind = this.kindOf(input.type);
    const rng = createRng(mixSeed(this.seed, this.scheduled.size * 131 + c.id));
    const detail = input.detail ?? this.detailFor(kind, c, rng);
    return this.schedule({
      company: c,
      kind,
      name: input.name,
      submitUserEmail: input.submitUserEmail ?? this.defaultSubmitter(),
      locale: input.locale ?? 'en-US',
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(detail ? { detail } : {}),
      ...(input.execSchedule !== undefined ? { execSchedule: input.execSchedule } : {}),
      ...(input.execTime !== undefined ? { execTime: input.execTime } : {}),
      ...(input.triggerState !== undefined ? { triggerState: input.triggerState } : {}),
      ...(input.plan ? { plan: input.plan } : {}),
    });
  }

  /** Create a scheduled job (throws WorldError 30001 on a bad schedule). */
  schedule(input: {
    company: SimCompany;
    kind: JobKind;
    name: string;
    submitUserEmail: string;
    locale: string;
    description?: string;
    detail?: XRecord;
    execSchedule?: string;
    execTime?: number;
    triggerState?: string;
    plan?: Partial<RunPlan>;
  }): Sched {
    const c = input.company;
    const handle = `j|${c.id}|${input.name}|`;
    const s: Sched = {
      handle,
      companyHandle: c.handle,
      companyId: c.id,
      name: input.name,
      originalName: input.name,
      kind: input.kind,
      type: input.kind.type,
      submitUserEmail: input.submitUserEmail,
      locale: input.locale,
      triggerState: input.triggerState ?? 'Normal',
      fired: 0,
    };
    if (input.detail) s.detail = input.detail;
    if (input.description !== undefined) s.description = input.description;
    if (input.plan) s.plan = input.plan;
    const now = this.now();
    if (input.execSchedule !== undefined) {
      s.execSchedule = input.execSchedule;
      try {
        s.cron = parseSchedule(input.execSchedule, this.offsetMinutes);
      } catch (err) {
        throw new WorldError('ipsApiFault', 30001, `Invalid execSchedule '${input.execSchedule}': ${err instanceof Error ? err.message : String(err)}`);
      }
      const next = s.cron.nextRun(new Date(now));
      if (next) s.nextFireTime = next.getTime();
      else s.triggerState = 'Complete';
    } else if (input.execTime !== undefined) {
      s.execTime = input.execTime;
      s.nextFireTime = input.execTime;
    }
    this.scheduled.set(handle, s);
    return s;
  }

  private runNameFor(s: Sched, at: number): string {
    if (!s.cron) return s.name;
    const d = new Date(at + this.offsetMinutes * 60_000).toISOString();
    return `${s.name}_${d.slice(0, 10)}-${d.slice(11, 19)}`;
  }

  /** Fire a scheduled job at `at` (a new run); its schedule is left alone. */
  fire(s: Sched, at: number = this.now()): Run {
    const c = this.companies.get(s.companyHandle);
    if (!c) throw new Error('schedule of a removed company');
    s.fired++;
    const rng = createRng(mixSeed(this.seed ^ 0x5bd1e995, s.fired * 7919 + c.id * 31 + s.name.length));
    const profile: Profile = s.plan?.profile ?? (['success', 'success', 'warning', 'success', 'error'] as const)[s.fired % 5] ?? 'success';
    const plan = this.makePlan(s.kind, rng, s.plan ?? {}, profile);
    return this.createRun({
      company: c,
      kind: s.kind,
      originalName: s.originalName,
      runName: this.runNameFor(s, at),
      submitUserEmail: s.submitUserEmail,
      locale: s.locale,
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(s.detail ? { detail: s.detail } : {}),
      t0: at,
      plan,
      submitHandle: s.handle,
    });
  }

  private fireDue(s: Sched, now: number): void {
    let guard = 0;
    while (s.triggerState === 'Normal' && s.nextFireTime !== undefined && s.nextFireTime <= now) {
      const at = s.nextFireTime;
      if (guard++ < 50) this.fire(s, at);
      if (s.cron) {
        const next = s.cron.nextRun(new Date(guard >= 50 ? now : at));
        if (next) s.nextFireTime = next.getTime();
        else {
          delete s.nextFireTime;
          s.triggerState = 'Complete';
        }
      } else {
        // One-off: gone from the schedule once it has fired.
        this.scheduled.delete(s.handle);
        return;
      }
    }
  }

  /** Test helper: fire a schedule now (like executeJob). */
  fireSchedule(handle: string): Run {
    const s = this.scheduled.get(handle);
    if (!s) throw new Error(`no scheduled job ${handle}`);
    return this.fire(s, this.now());
  }

  // ---- lazily computed run state -----------------------------------------

  private pausedMs(run: Run, at: number): number {
    let total = 0;
    for (const [ps, pe] of run.pauses) {
      if (ps >= at) break;
      total += Math.min(pe ?? at, at) - ps;
    }
    return total;
  }

  /** Effective (pause-free) elapsed time at real time `at`. */
  private eff(run: Run, at: number): number {
    return at - run.t0 - this.pausedMs(run, at);
  }

  /** Real time at which the run's effective clock reaches `e`. */
  realTimeOf(run: Run, e: number): number {
    let r = run.t0 + e;
    for (const [ps, pe] of run.pauses) {
      if (ps < r) {
        if (pe === undefined) return Infinity;
        r += pe - ps;
      } else break;
    }
    return r;
  }

  private runStart(plan: RunPlan): number {
    return plan.newMs + plan.waitMs;
  }

  /** Effective time at which the run ends on its own (fatal jobs end early). */
  private naturalEnd(plan: RunPlan): number {
    const start = this.runStart(plan);
    if (plan.fatalAt !== undefined) return start + ((plan.fatalAt + 1) * plan.runMs) / plan.files;
    return start + plan.runMs;
  }

  private processedAt(plan: RunPlan, e: number): number {
    const start = this.runStart(plan);
    if (e <= start || plan.files === 0) return 0;
    const limit = plan.fatalAt ?? plan.files;
    return Math.max(0, Math.min(limit, Math.floor((plan.files * (e - start)) / plan.runMs)));
  }

  /** Effective time at which file i (0-based) completes. */
  fileDoneEff(plan: RunPlan, i: number): number {
    return this.runStart(plan) + ((i + 1) * plan.runMs) / plan.files;
  }

  snapshot(run: Run, now: number = this.now()): RunSnapshot {
    const plan = run.plan;
    if (run.final && (run.deleted || now >= run.final.endDate + this.doneLingerMs)) {
      return {
        state: 'Done',
        active: false,
        finished: true,
        paused: false,
        processed: run.final.processed,
        progress: run.final.stopped || run.final.fatal ? Math.floor((100 * run.final.processed) / Math.max(1, plan.files)) : 100,
        lastProgressUpdate: run.final.endDate,
        endDate: run.final.endDate,
        counts: run.final.counts,
        fatal: run.final.fatal,
        stopped: run.final.stopped,
      };
    }
    if (run.upload?.waiting && now >= run.upload.lastPostAt + UPLOAD_IDLE_MS) this.endUpload(run, run.upload.lastPostAt + UPLOAD_IDLE_MS);
    const paused = run.pauses.length > 0 && run.pauses[run.pauses.length - 1]?.[1] === undefined && now >= (run.pauses[run.pauses.length - 1]?.[0] ?? 0);
    const endEff = this.naturalEnd(plan);
    // Stopped (or deleted)?
    if (run.stopAt !== undefined && now >= run.stopAt) {
      const eS = Math.min(this.eff(run, run.stopAt), endEff);
      const processed = this.processedAt(plan, eS);
      const endDate = run.deleted ? run.stopAt : run.stopAt + this.stopMs;
      const counts = countFiles(run, processed);
      const finished = now >= endDate;
      if (finished && !run.final) run.final = { endDate, processed, counts, fatal: false, stopped: true };
      return {
        state: finished ? 'Done' : 'Stopping',
        active: !run.deleted && now < endDate + this.doneLingerMs,
        finished,
        paused: false,
        processed,
        progress: Math.floor((100 * processed) / Math.max(1, plan.files)),
        lastProgressUpdate: run.stopAt,
        ...(finished ? { endDate } : {}),
        counts,
        fatal: false,
        stopped: true,
      };
    }
    const e = this.eff(run, now);
    const start = this.runStart(plan);
    if (e >= endEff) {
      const endDate = this.realTimeOf(run, endEff);
      const processed = this.processedAt(plan, endEff);
      const fatal = plan.fatalAt !== undefined;
      const counts = countFiles(run, processed);
      if (fatal) {
        counts.fileErrorCount++;
        counts.transferErrorCount++;
      }
      if (!run.final) run.final = { endDate, processed, counts, fatal, stopped: false };
      return {
        state: 'Done',
        active: !run.deleted && now < endDate + this.doneLingerMs,
        finished: true,
        paused: false,
        processed,
        progress: fatal ? Math.floor((100 * processed) / Math.max(1, plan.files)) : 100,
        lastProgressUpdate: endDate,
        endDate,
        counts,
        fatal,
        stopped: false,
      };
    }
    const processed = this.processedAt(plan, e);
    let state: ActiveState = 'Running';
    let lastProgressUpdate: number;
    if (e < plan.newMs) {
      const waitingClient = run.upload !== undefined && (run.upload.waiting || e < (run.upload.endEff ?? 0));
      state = waitingClient ? 'WaitingClient' : 'New';
      lastProgressUpdate = run.upload ? Math.min(run.upload.lastPostAt, now) : run.t0;
    } else if (e < start) {
      state = 'WaitingCoordinator';
      lastProgressUpdate = this.realTimeOf(run, plan.newMs);
    } else {
      lastProgressUpdate = processed > 0 ? this.realTimeOf(run, this.fileDoneEff(plan, processed - 1)) : this.realTimeOf(run, start);
    }
    if (paused) {
      const lastPause = run.pauses[run.pauses.length - 1];
      if (lastPause) lastProgressUpdate = Math.max(lastProgressUpdate, lastPause[0]);
    }
    return {
      state,
      active: !run.deleted,
      finished: false,
      paused,
      processed,
      progress: state === 'Running' ? Math.min(99, Math.floor((100 * Math.max(0, e - start)) / plan.runMs)) : 0,
      lastProgressUpdate: Math.min(lastProgressUpdate, now),
      counts: countFiles(run, processed),
      fatal: false,
      stopped: false,
    };
  }

  // ---- queries --------------------------------------------------------------

  /** Runs of a company sorted by startDate ascending. */
  companyRuns(companyHandle: string): Run[] {
    const entry = this.runsByCompany.get(companyHandle);
    if (!entry) return [];
    if (!entry.sorted) {
      entry.list.sort((a, b) => a.t0 - b.t0 || a.runId - b.runId);
      entry.sorted = true;
    }
    return entry.list;
  }

  /** Runs listed by getActiveJobs right now (all companies). */
  activeRuns(now: number = this.now()): Run[] {
    this.tick(now); // schedules due by now have fired (also when a test moved the clock itself)
    const out: Run[] = [];
    for (const run of this.live) {
      if (run.t0 > now) continue;
      if (this.snapshot(run, now).active) out.push(run);
    }
    return out.sort((a, b) => a.t0 - b.t0 || a.runId - b.runId);
  }

  /** Resolve a job handle of a company: a run handle, or a scheduled-style handle (its runs). */
  /** A run by its handle `j|<co>||<name>|<runId>`. */
  runByHandle(handle: string): Run | undefined {
    const direct = this.runs.get(handle);
    if (direct) return direct;
    const m = /\|(\d+)$/.exec(handle);
    const run = m ? this.runsById.get(Number(m[1])) : undefined;
    return run && run.handle === handle ? run : undefined;
  }

  resolve(companyHandle: string, jobHandle: string): { sched?: Sched; runs: Run[] } {
    const run = this.runByHandle(jobHandle);
    if (run) {
      if (run.companyHandle !== companyHandle) throw new WorldError('ipsApiFault', 30001, `Job ${jobHandle} does not belong to company ${companyHandle}`);
      return { runs: [run] };
    }
    const sched = this.scheduled.get(jobHandle);
    if (sched && sched.companyHandle !== companyHandle) throw new WorldError('ipsApiFault', 30001, `Job ${jobHandle} does not belong to company ${companyHandle}`);
    const runs = this.companyRuns(companyHandle).filter((r) => r.submitHandle === jobHandle);
    if (!sched && runs.length === 0) throw new WorldError('ipsApiFault', 30001, `Unknown job handle ${jobHandle}`);
    return sched ? { sched, runs } : { runs };
  }

  // ---- actions ----------------------------------------------------------------

  private liveRunsOf(runs: Run[], now: number): Run[] {
    // A stop planned for later (demo) does not make a run uncontrollable before then.
    return runs.filter((r) => r.t0 <= now && (r.stopAt === undefined || r.stopAt > now) && !this.snapshot(r, now).finished);
  }

  private endPause(run: Run, now: number): void {
    const last = run.pauses[run.pauses.length - 1];
    if (last && last[1] === undefined) last[1] = Math.max(now, last[0]);
  }

  stopJob(companyHandle: string, jobHandle: string): void {
    const now = this.now();
    const { runs } = this.resolve(companyHandle, jobHandle);
    for (const run of this.liveRunsOf(runs, now)) {
      this.endPause(run, now);
      run.stopAt = now;
    }
  }

  pauseJob(companyHandle: string, jobHandle: string): void {
    const now = this.now();
    const { sched, runs } = this.resolve(companyHandle, jobHandle);
    if (sched) {
      if (sched.triggerState === 'Normal') sched.triggerState = 'Paused';
      return;
    }
    for (const run of this.liveRunsOf(runs, now)) {
      const last = run.pauses[run.pauses.length - 1];
      if (!last || last[1] !== undefined) run.pauses.push([now, undefined]);
    }
  }

  resumeJob(companyHandle: string, jobHandle: string): void {
    const now = this.now();
    const { sched, runs } = this.resolve(companyHandle, jobHandle);
    if (sched) {
      if (sched.triggerState === 'Paused') {
        sched.triggerState = 'Normal';
        if (sched.cron) {
          const next = sched.cron.nextRun(new Date(now));
          if (next) sched.nextFireTime = next.getTime();
        } else if (sched.execTime !== undefined) {
          sched.nextFireTime = Math.max(sched.execTime, now);
        }
        this.fireDue(sched, now);
      }
      return;
    }
    for (const run of this.liveRunsOf(runs, now)) this.endPause(run, now);
  }

  deleteJob(companyHandle: string, jobHandle: string): void {
    const now = this.now();
    const { sched, runs } = this.resolve(companyHandle, jobHandle);
    if (sched) {
      this.scheduled.delete(sched.handle);
      return;
    }
    for (const run of this.liveRunsOf(runs, now)) {
      this.endPause(run, now);
      run.stopAt = now;
      run.deleted = true;
      this.snapshot(run, now);
    }
    // A finished run's handle: it is already out of the active list; the log is history.
    for (const run of runs) run.deleted = true;
  }

  executeJob(companyHandle: string, jobHandle: string): Run {
    const now = this.now();
    const { sched, runs } = this.resolve(companyHandle, jobHandle);
    if (sched) return this.fire(sched, now);
    const prev = runs[runs.length - 1];
    if (!prev) throw new WorldError('ipsApiFault', 30001, `Unknown job handle ${jobHandle}`);
    const c = this.companies.get(prev.companyHandle);
    if (!c) throw new WorldError('ipsApiFault', 30001, `Unknown job handle ${jobHandle}`);
    const rng = createRng(mixSeed(prev.seed, this.nextRunId));
    return this.createRun({
      company: c,
      kind: prev.kind,
      originalName: prev.originalName,
      submitUserEmail: prev.submitUserEmail,
      locale: prev.locale,
      ...(prev.description !== undefined ? { description: prev.description } : {}),
      ...(prev.detail ? { detail: prev.detail } : {}),
      t0: now,
      plan: this.makePlan(prev.kind, rng, { newMs: prev.plan.newMs, waitMs: prev.plan.waitMs, runMs: prev.plan.runMs, files: prev.plan.files }),
      submitHandle: prev.submitHandle,
    });
  }

  // ---- HTTP-POST uploads (UploadFile servlet) ---------------------------------

  /** A new upload job: WaitingClient until endJob (or 30 idle minutes). */
  createUploadRun(input: { company: SimCompany; name: string; submitUserEmail: string; locale: string; description?: string; detail?: XRecord; ip: string }): Run {
    const kind = this.kindOf('UploadPost');
    const now = this.now();
    const plan: RunPlan = { files: 0, profile: 'success', newMs: Number.MAX_SAFE_INTEGER / 4, waitMs: 0, runMs: 1000, video: false };
    const run = this.createRun({
      company: input.company,
      kind,
      originalName: input.name,
      submitUserEmail: input.submitUserEmail,
      locale: input.locale,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.detail ? { detail: input.detail } : {}),
      t0: now,
      plan,
    });
    run.submitHandle = run.handle;
    run.upload = { waiting: true, lastPostAt: now, fileNames: [], ip: input.ip };
    return run;
  }

  /** More files for a waiting upload job. */
  addUploadFiles(run: Run, names: string[]): void {
    if (!run.upload) return;
    run.upload.fileNames.push(...names);
    run.upload.lastPostAt = this.now();
    run.plan.files = run.upload.fileNames.length;
  }

  /** The client side is over (endJob=true or the idle timeout): ingest what arrived. */
  endUpload(run: Run, at: number = this.now()): void {
    const up = run.upload;
    if (!up || !up.waiting) return;
    up.waiting = false;
    const files = up.fileNames.length;
    const endEff = this.eff(run, at);
    up.endEff = endEff;
    run.plan.files = files;
    run.plan.newMs = endEff + 1000;
    run.plan.waitMs = 1500;
    run.plan.runMs = Math.max(2000, Math.min(180_000, files * 1500));
    run.plan.video = up.fileNames.some((n) => /\.(mp4|mov|m4v|avi|webm)$/i.test(n));
  }

  // ---- inspection for tests ------------------------------------------------

  /** A plain view of a run's current state. */
  inspect(handle: string): (RunSnapshot & { handle: string; name: string; originalName: string; type: string }) | undefined {
    this.tick();
    const run = this.runByHandle(handle);
    if (!run) return undefined;
    return { handle: run.handle, name: run.name, originalName: run.originalName, type: run.type, ...this.snapshot(run) };
  }

  jobKinds(): readonly JobKind[] {
    return JOB_KINDS;
  }
}
