// The simulated IPS world: companies, users, scheduled jobs, job runs and their logs.
// No HTTP here. State is computed lazily from clock.now(): a run's phase, progress and
// log counts are pure functions of its plan, its pauses and the current time (timeline.ts),
// and schedules fire (and the demo stream spawns jobs) whenever the world is ticked, which
// every SOAP call does first. So no real timers are needed, with either clock.
//
// The pieces: types.ts (the data), outcomes.ts (file outcomes), roles.ts (role matrix),
// schedules.ts (execSchedule / execTime), timeline.ts (a run's state at a time).
import { isManualClock, type Clock } from '../clock.ts';
import { JOB_KIND_BY_TYPE, SERVERS, type JobKind } from './catalog.ts';
import { makeCompany, makeUser } from './people.ts';
import { createRng, mixSeed, type Rng } from './rng.ts';
import { defaultRoleMatrix } from './roles.ts';
import { fireDue, firingProfile, newSchedule, resumeSchedule, runNameFor, type ScheduleInput } from './schedules.ts';
import { endUploadAt, runSnapshot, settleRun } from './timeline.ts';
import {
  WorldError,
  type AddJobInput,
  type AddScheduleInput,
  type CreateRunInput,
  type JobIdentity,
  type Profile,
  type Run,
  type RunPlan,
  type RunSnapshot,
  type Sched,
  type SimCompany,
  type SimUser,
  type SimUserInput,
  type UploadRunInput,
  type WorldOptions,
} from './types.ts';
import type { XRecord } from './xml.ts';

// The data and the outcomes, for the modules that import them from here.
export * from './types.ts';
export { FILE_DUPLICATE, FILE_ERROR, FILE_SUCCESS, FILE_UPDATE, FILE_WARNING, countFiles, fileOutcome } from './outcomes.ts';
export { UPLOAD_IDLE_MS } from './timeline.ts';
export { defaultRoleMatrix } from './roles.ts';

/** A job's optional identity fields, copied only when set. */
function extras(src: { description?: string | undefined; detail?: XRecord | undefined }): { description?: string; detail?: XRecord } {
  return { ...(src.description !== undefined ? { description: src.description } : {}), ...(src.detail ? { detail: src.detail } : {}) };
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

  // ---- control: where time advances -----------------------------------------

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

  /** Fire due schedules, run generators, settle and retire finished runs. Every SOAP call ticks first. */
  tick(now: number = this.now()): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const s of [...this.scheduled.values()]) this.fireDue(s, now);
      for (const fn of this.tickers) fn(now);
      for (const run of this.live) {
        if (!this.settle(run, now).active) this.live.delete(run);
      }
    } finally {
      this.ticking = false;
    }
  }

  /** Fix what can no longer change about a run (an idle upload's end, a finished run's end). */
  settle(run: Run, now: number = this.now()): RunSnapshot {
    return settleRun(run, now, this);
  }

  // ---- companies and users -----------------------------------------------

  addCompany(input: { name: string; id?: number; rootPath?: string; assets?: number }): SimCompany {
    const id = input.id ?? this.nextCompanyId++;
    if (input.id !== undefined && input.id >= this.nextCompanyId) this.nextCompanyId = input.id + 1;
    const c = makeCompany(this.seed, id, input);
    this.companies.set(c.handle, c);
    this.runsByCompany.set(c.handle, { list: [], sorted: true });
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

  addUser(input: SimUserInput): SimUser {
    const u = makeUser(this.nextUserId++, input, (ref) => this.company(ref));
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

  // ---- jobs ----------------------------------------------------------------

  private kindOf(type: string | undefined): JobKind {
    const k = JOB_KIND_BY_TYPE.get(type ?? 'UploadFromServerDirectory');
    if (!k) throw new Error(`unknown job type ${type}`);
    return k;
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
  createRun(input: CreateRunInput): Run {
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

  /** A new run of a job seen before (a schedule firing, executeJob on a run): the same identity. */
  private again(src: JobIdentity, c: SimCompany) {
    return { company: c, kind: src.kind, originalName: src.originalName, submitUserEmail: src.submitUserEmail, locale: src.locale, ...extras(src) };
  }

  /**
   * What the test helpers addJob and addScheduledJob share: the company (default the first),
   * the kind, the submitter (default the first user) and the detail, from a seeded rng.
   * A plan is drawn first when `over` is given (the order fixes the seeded values).
   */
  private testJob(input: AddJobInput | AddScheduleInput, what: string, salt: (c: SimCompany) => number, over?: Partial<RunPlan>) {
    const c = input.companyHandle ? this.company(input.companyHandle) : this.companies.values().next().value;
    if (!c) throw new Error(input.companyHandle ? `${what}: unknown company ${input.companyHandle}` : 'the world has no company yet');
    const kind = this.kindOf(input.type);
    const rng = createRng(mixSeed(this.seed, salt(c)));
    const plan = over ? this.makePlan(kind, rng, over) : undefined;
    const detail = input.detail ?? this.detailFor(kind, c, rng);
    const submitUserEmail = input.submitUserEmail ?? this.users.values().next().value?.email ?? 'ops@example.com';
    return { plan, job: { company: c, kind, submitUserEmail, locale: input.locale ?? 'en-US', ...extras({ description: input.description, detail }) } };
  }

  /** Test helper: add a job that starts running (New → …) at `startAt` (default now). */
  addJob(input: AddJobInput): Run {
    const over: Partial<RunPlan> = { ...input.plan };
    if (input.files !== undefined) over.files = input.files;
    if (input.profile !== undefined) over.profile = input.profile;
    const { job, plan } = this.testJob(input, 'addJob', () => this.nextRunId * 31 + 7, over);
    return this.createRun({ ...job, originalName: input.name, t0: input.startAt ?? this.now(), plan: plan as RunPlan });
  }

  /** Test helper: add a scheduled job (execSchedule, execTime, or neither). */
  addScheduledJob(input: AddScheduleInput): Sched {
    const { job } = this.testJob(input, 'addScheduledJob', (c) => this.scheduled.size * 131 + c.id);
    return this.schedule({
      ...job,
      name: input.name,
      ...(input.execSchedule !== undefined ? { execSchedule: input.execSchedule } : {}),
      ...(input.execTime !== undefined ? { execTime: input.execTime } : {}),
      ...(input.triggerState !== undefined ? { triggerState: input.triggerState } : {}),
      ...(input.plan ? { plan: input.plan } : {}),
    });
  }

  /** Create a scheduled job (throws WorldError 30001 on a bad schedule). */
  schedule(input: ScheduleInput): Sched {
    const s = newSchedule(input, this.now(), this.offsetMinutes);
    this.scheduled.set(s.handle, s);
    return s;
  }

  /** Fire a scheduled job at `at` (a new run); its schedule is left alone. */
  fire(s: Sched, at: number = this.now()): Run {
    const c = this.companies.get(s.companyHandle);
    if (!c) throw new Error('schedule of a removed company');
    s.fired++;
    const rng = createRng(mixSeed(this.seed ^ 0x5bd1e995, s.fired * 7919 + c.id * 31 + s.name.length));
    const plan = this.makePlan(s.kind, rng, s.plan ?? {}, firingProfile(s));
    return this.createRun({ ...this.again(s, c), runName: runNameFor(s, at, this.offsetMinutes), t0: at, plan, submitHandle: s.handle });
  }

  /** Fire what is due by `now`; a one-off schedule leaves once it has fired. */
  private fireDue(s: Sched, now: number): void {
    if (fireDue(s, now, (at) => this.fire(s, at)) === 'gone') this.scheduled.delete(s.handle);
  }

  /** Test helper: fire a schedule now (like executeJob). */
  fireSchedule(handle: string): Run {
    const s = this.scheduled.get(handle);
    if (!s) throw new Error(`no scheduled job ${handle}`);
    return this.fire(s, this.now());
  }

  // ---- run state (timeline.ts) ------------------------------------------------

  /** A run's state at `now`: pure, writes nothing. */
  snapshot(run: Run, now: number = this.now()): RunSnapshot {
    return runSnapshot(run, now, this);
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

  /** A run by its handle `j|<co>||<name>|<runId>`. */
  runByHandle(handle: string): Run | undefined {
    const direct = this.runs.get(handle);
    if (direct) return direct;
    const m = /\|(\d+)$/.exec(handle);
    const run = m ? this.runsById.get(Number(m[1])) : undefined;
    return run && run.handle === handle ? run : undefined;
  }

  /** Resolve a job handle of a company: a run handle, or a scheduled-style handle (its runs). */
  resolve(companyHandle: string, jobHandle: string): { sched?: Sched; runs: Run[] } {
    const run = this.runByHandle(jobHandle);
    if (run) {
      if (run.companyHandle !== companyHandle) throw new WorldError('ipsApiFault', 30001, `Job ${jobHandle} does not belong to company ${companyHandle}`);
      return { runs: [run] };
    }
    const sched = this.scheduled.get(jobHandle);
    if (sched && sched.companyHandle !== companyHandle)
      throw new WorldError('ipsApiFault', 30001, `Job ${jobHandle} does not belong to company ${companyHandle}`);
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
        resumeSchedule(sched, now);
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
    }
    // A finished run's handle: it is already out of the active list; the log is history.
    // Each run's end is fixed as it is now (a deleted run ends at its stop, not after Stopping).
    for (const run of runs) {
      this.settle(run, now);
      run.deleted = true;
    }
  }

  executeJob(companyHandle: string, jobHandle: string): Run {
    const now = this.now();
    const { sched, runs } = this.resolve(companyHandle, jobHandle);
    if (sched) return this.fire(sched, now);
    const prev = runs[runs.length - 1];
    const c = prev ? this.companies.get(prev.companyHandle) : undefined;
    if (!prev || !c) throw new WorldError('ipsApiFault', 30001, `Unknown job handle ${jobHandle}`);
    const rng = createRng(mixSeed(prev.seed, this.nextRunId));
    const plan = this.makePlan(prev.kind, rng, { newMs: prev.plan.newMs, waitMs: prev.plan.waitMs, runMs: prev.plan.runMs, files: prev.plan.files });
    return this.createRun({ ...this.again(prev, c), t0: now, plan, submitHandle: prev.submitHandle });
  }

  // ---- HTTP-POST uploads (UploadFile servlet) ---------------------------------

  /** A new upload job: WaitingClient until endJob (or 30 idle minutes). */
  createUploadRun(input: UploadRunInput): Run {
    const now = this.now();
    const plan: RunPlan = { files: 0, profile: 'success', newMs: Number.MAX_SAFE_INTEGER / 4, waitMs: 0, runMs: 1000, video: false };
    const run = this.createRun({
      company: input.company,
      kind: this.kindOf('UploadPost'),
      originalName: input.name,
      submitUserEmail: input.submitUserEmail,
      locale: input.locale,
      ...extras(input),
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
    endUploadAt(run, at);
  }

  // ---- inspection for tests ------------------------------------------------

  /** A plain view of a run's current state (a read: it ticks nothing). */
  inspect(handle: string): (RunSnapshot & { handle: string; name: string; originalName: string; type: string }) | undefined {
    const run = this.runByHandle(handle);
    if (!run) return undefined;
    return { handle: run.handle, name: run.name, originalName: run.originalName, type: run.type, ...this.snapshot(run) };
  }
}
