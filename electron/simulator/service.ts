// The IPS operations: authentication, authorization, parameter checks, and the
// response documents (written by hand in IPS field order; see ./xml.ts).
import { SUBMITTABLE_ELEMENTS, kindForElement, type Media, type SimAsset } from './catalog.ts';
import { checkJobAction, type JobAction } from './job-rules.ts';
import { assetOf, detailRows, fileIndexesForAsset, fileRow, langOf, logTypeOf, type DetailRow } from './logs.ts';
import { createRng, mixSeed } from './rng.ts';
import { companiesOf, roleIn } from './roles.ts';
import { checkDetail, submittedFiles } from './submit.ts';
import { fileDoneEff, realTimeOf } from './timeline.ts';
import { WorldError, type Profile, type Run, type RunSnapshot, type Sched, type SimCompany, type SimUser, type World } from './world.ts';
import { NS_UNVERSIONED, esc, formatDate, items, parseDate, returnElement, type XRecord, type XValue } from './xml.ts';

export const OPERATIONS = [
  'getActiveJobs',
  'getScheduledJobs',
  'getJobLogs',
  'getJobLogDetails',
  'getAssetJobLogs',
  'submitJob',
  'stopJob',
  'pauseJob',
  'resumeJob',
  'deleteJob',
  'executeJob',
  'getCompanyMembership',
  'getCompanyInfo',
  'getUserInfo',
  'checkLogin',
  'getAssetsByName',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export type FaultElement = 'authenticationFault' | 'authorizationFault' | 'ipsApiFault';

export class SoapFault extends Error {
  readonly element: FaultElement;
  readonly code: number;
  readonly reason: string;
  constructor(element: FaultElement, code: number, reason: string) {
    super(`${element} ${code}: ${reason}`);
    this.element = element;
    this.code = code;
    this.reason = reason;
  }
}

const FAULT_STRING: Record<FaultElement, string> = {
  authenticationFault: 'AuthenticationException',
  authorizationFault: 'AuthorizationException',
  ipsApiFault: 'IpsApiException',
};

/** The soap:Fault element (SOAP 1.1 or 1.2 shape), prefix `soap` as the soap package's envelope uses. */
export function faultXml(f: { element: FaultElement; code: number; reason: string }, soap12: boolean): string {
  const detail = `<s7:${f.element} xmlns:s7="${NS_UNVERSIONED}"><s7:code>${f.code}</s7:code><s7:reason>${esc(f.reason)}</s7:reason></s7:${f.element}>`;
  const client = f.element !== 'ipsApiFault' || f.code !== 30000;
  if (soap12) {
    return (
      `<soap:Fault><soap:Code><soap:Value>soap:${client ? 'Sender' : 'Receiver'}</soap:Value></soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="en">${FAULT_STRING[f.element]}</soap:Text></soap:Reason><soap:Detail>${detail}</soap:Detail></soap:Fault>`
    );
  }
  return `<soap:Fault><faultcode>soap:${client ? 'Client' : 'Server'}</faultcode><faultstring>${FAULT_STRING[f.element]}</faultstring><detail>${detail}</detail></soap:Fault>`;
}

// ---------------------------------------------------------------------------
// Liberal readers for values parsed by the soap package.

function scalar(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && '$value' in (v as Record<string, unknown>)) return (v as Record<string, unknown>).$value;
  return v;
}

export function str(v: unknown): string | undefined {
  const s = scalar(v);
  if (s === undefined || s === null) return undefined;
  if (typeof s === 'string') return s;
  if (typeof s === 'number' || typeof s === 'boolean') return String(s);
  if (s instanceof Date) return s.toISOString();
  return undefined;
}

function int(v: unknown): number | undefined {
  const s = str(v);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

function bool(v: unknown): boolean | undefined {
  const s = str(v)?.trim().toLowerCase();
  if (s === undefined || s === '') return undefined;
  return s === 'true' || s === '1';
}

function strArray(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || v instanceof Date) {
    const s = str(v);
    return s === undefined || s === '' ? [] : [s];
  }
  const o = v as Record<string, unknown>;
  const raw = o.items ?? o.item;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((x) => str(x)).filter((x): x is string => x !== undefined);
}

/** A parsed detail element, as an XRecord in document order (attributes dropped). */
function toRecord(v: unknown): XRecord {
  const out: XRecord = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'attributes' || k === '$attributes') continue;
    out[k] = toXValue(val);
  }
  return out;
}

function toXValue(v: unknown): XValue {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(toXValue);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('$value' in (v as Record<string, unknown>)) return toXValue((v as Record<string, unknown>).$value);
    return toRecord(v);
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

// ---------------------------------------------------------------------------

export interface CallInput {
  op: Operation;
  /** Body namespace to answer in. */
  ns: string;
  args: unknown;
  /** Parsed SOAP headers. */
  headers: unknown;
  /** HTTP Authorization header (Basic), if any. */
  authorization?: string;
  /** Raw text of some values the XML parser trims (execSchedule keeps trailing spaces). */
  rawValues?: { execSchedule?: string };
}

export interface AuthInfo {
  user?: string;
  password?: string;
  locale?: string;
  appName?: string;
  gzipResponse?: boolean;
  faultHttpStatusCode?: number;
}

export function readAuthHeader(headers: unknown, authorization?: string): AuthInfo {
  const out: AuthInfo = {};
  const h = headers && typeof headers === 'object' ? ((headers as Record<string, unknown>).authHeader as Record<string, unknown> | undefined) : undefined;
  if (h && typeof h === 'object') {
    const u = str(h.user);
    const p = str(h.password);
    const l = str(h.locale);
    const a = str(h.appName);
    const g = bool(h.gzipResponse);
    const f = int(h.faultHttpStatusCode);
    if (u !== undefined && u !== '') out.user = u;
    if (p !== undefined && p !== '') out.password = p;
    if (l) out.locale = l;
    if (a) out.appName = a;
    if (g !== undefined) out.gzipResponse = g;
    if (f !== undefined && Number.isFinite(f) && f >= 200 && f <= 599) out.faultHttpStatusCode = f;
  }
  if (out.user === undefined && authorization && /^basic\s+/i.test(authorization)) {
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      out.user = decoded.slice(0, i);
      out.password = decoded.slice(i + 1);
    }
  }
  return out;
}

interface Ctx {
  world: World;
  user: SimUser;
  locale: string | undefined;
  args: Record<string, unknown>;
  ns: string;
  op: Operation;
  now: number;
  rawValues: { execSchedule?: string };
}

const api = (code: number, reason: string): SoapFault => new SoapFault('ipsApiFault', code, reason);
const authz = (code: number, reason: string): SoapFault => new SoapFault('authorizationFault', code, reason);

function need(ctx: Ctx, name: string): string {
  const v = str(ctx.args[name]);
  if (v === undefined || v === '') throw api(30002, `Missing required parameter '${name}' for ${ctx.op}`);
  return v;
}

function opt(ctx: Ctx, name: string): string | undefined {
  const v = str(ctx.args[name]);
  return v === '' ? undefined : v;
}

/** Required children per operation (beyond what each handler checks itself). */
const REQUIRED: Partial<Record<Operation, string[]>> = {
  getScheduledJobs: ['companyHandle'],
  getJobLogDetails: ['companyHandle'],
  getAssetJobLogs: ['companyHandle', 'assetHandle'],
  submitJob: ['companyHandle', 'jobName'],
  stopJob: ['companyHandle', 'jobHandle'],
  pauseJob: ['companyHandle', 'jobHandle'],
  resumeJob: ['companyHandle', 'jobHandle'],
  deleteJob: ['companyHandle', 'jobHandle'],
  executeJob: ['companyHandle', 'jobHandle'],
  checkLogin: ['email', 'password'],
  getAssetsByName: ['companyHandle', 'nameArray'],
};

export class IpsService {
  readonly world: World;
  /** Profile for jobs created by submitJob / executeJob (default: from the seed). */
  submitProfile: Profile | 'random' = 'random';

  constructor(world: World) {
    this.world = world;
  }

  private d(ms: number | undefined): string | undefined {
    return ms === undefined || !Number.isFinite(ms) ? undefined : formatDate(ms, this.world.offsetMinutes);
  }

  /** Run one call. Returns the `…Return` element; throws SoapFault. */
  call(input: CallInput): string {
    const world = this.world;
    const now = world.now();
    world.tick(now);
    const auth = readAuthHeader(input.headers, input.authorization);
    const user = this.authenticate(auth);
    const args = input.args && typeof input.args === 'object' ? (input.args as Record<string, unknown>) : {};
    const ctx: Ctx = { world, user, locale: auth.locale, args, ns: input.ns, op: input.op, now, rawValues: input.rawValues ?? {} };
    for (const name of REQUIRED[input.op] ?? []) {
      const v = args[name];
      if (v === undefined || v === null || v === '') throw api(30002, `Missing required parameter '${name}' for ${input.op}`);
    }
    // Company membership and role.
    let role = user.defaultRole;
    const companyRef = input.op === 'checkLogin' || input.op === 'getCompanyInfo' ? undefined : opt(ctx, 'companyHandle');
    if (companyRef !== undefined) role = this.memberRole(user, companyRef);
    const allowed = world.roles.get(input.op);
    if (allowed && !allowed.has(role)) throw authz(20003, `Operation '${input.op}' is not permitted for role ${role}`);
    switch (input.op) {
      case 'getActiveJobs':
        return this.getActiveJobs(ctx);
      case 'getScheduledJobs':
        return this.getScheduledJobs(ctx);
      case 'getJobLogs':
        return this.getJobLogs(ctx);
      case 'getJobLogDetails':
        return this.getJobLogDetails(ctx);
      case 'getAssetJobLogs':
        return this.getAssetJobLogs(ctx);
      case 'submitJob':
        return this.submitJob(ctx);
      case 'stopJob':
      case 'pauseJob':
      case 'resumeJob':
      case 'deleteJob':
      case 'executeJob':
        return this.control(ctx);
      case 'getCompanyMembership':
        return this.getCompanyMembership(ctx);
      case 'getCompanyInfo':
        return this.getCompanyInfo(ctx);
      case 'getUserInfo':
        return this.getUserInfo(ctx);
      case 'checkLogin':
        return this.checkLogin(ctx);
      case 'getAssetsByName':
        return this.getAssetsByName(ctx);
    }
  }

  /** The user of these credentials, or an authenticationFault. */
  authenticate(auth: AuthInfo): SimUser {
    if (auth.user === undefined || auth.password === undefined) throw new SoapFault('authenticationFault', 10000, 'No credentials were supplied (authHeader user and password)');
    const user = this.world.user(auth.user);
    if (!user || !user.isValid) throw new SoapFault('authenticationFault', 10002, `Unknown user '${auth.user}'`);
    if (user.password !== auth.password) throw new SoapFault('authenticationFault', 10001, `Invalid password for '${auth.user}'`);
    return user;
  }

  /** Company membership and role check for an operation (authorizationFault 20000/20006/20003). */
  authorize(user: SimUser, companyHandle: string, op: Operation): void {
    const role = this.memberRole(user, companyHandle);
    const allowed = this.world.roles.get(op);
    if (allowed && !allowed.has(role)) throw authz(20003, `Operation '${op}' is not permitted for role ${role}`);
  }

  private memberRole(user: SimUser, companyHandle: string): string {
    const c = this.world.companies.get(companyHandle);
    if (!c) throw authz(20000, `Invalid company '${companyHandle}'`);
    const role = roleIn(user, c.handle);
    if (role === undefined) throw authz(20006, `User is not a member of company '${companyHandle}'`);
    return role;
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof WorldError) throw new SoapFault(err.fault, err.code, err.message);
      throw err;
    }
  }

  private visibleCompanies(ctx: Ctx): SimCompany[] {
    const co = opt(ctx, 'companyHandle');
    if (co !== undefined) {
      const c = ctx.world.companies.get(co);
      return c ? [c] : [];
    }
    return companiesOf(ctx.world.companies.values(), ctx.user);
  }

  // ---- records ---------------------------------------------------------------

  private progressMessage(run: Run, snap: RunSnapshot): string {
    const files = run.plan.files;
    if (snap.paused) return 'Paused';
    switch (snap.state) {
      case 'New':
        return 'Queued';
      case 'WaitingClient':
        return `Waiting for more files (${run.upload?.fileNames.length ?? 0} received)`;
      case 'WaitingCoordinator':
        return 'Waiting for coordinator';
      case 'Stopping':
        return `Stopping after ${snap.processed} of ${files}`;
      case 'Done':
        return snap.fatal ? `Failed after ${snap.processed} of ${files}` : snap.stopped ? `Stopped after ${snap.processed} of ${files}` : `Done: ${files} of ${files}`;
      default:
        return `${run.kind.verb} ${snap.processed} of ${files}`;
    }
  }

  private taskProgress(run: Run, snap: RunSnapshot): XRecord[] {
    if (!run.plan.video) return [];
    const files = run.plan.files;
    const world = this.world;
    const running = snap.state === 'Running' && !snap.paused;
    const processing = running && snap.processed < files ? 1 : 0;
    const exact = snap.state === 'Done' && !snap.stopped && !snap.fatal ? files : Math.min(files, (snap.progress / 100) * files);
    const partial = Math.max(0, Math.min(1, exact - snap.processed));
    const taskState = snap.fatal ? 'Failed' : snap.state === 'Stopping' ? 'Stopping' : snap.state === 'Done' ? 'Done' : snap.state === 'Running' ? 'Processing' : 'New';
    const itemsOut: XRecord[] = [];
    const first = Math.max(0, snap.processed - 4);
    for (let i = first; i < Math.min(files, snap.processed + (snap.finished ? 0 : 1)); i++) {
      const a = assetOf(world, run, i);
      const done = i < snap.processed;
      const frac = done ? 1 : partial;
      itemsOut.push({
        itemName: a ? `${a.name}${a.ext ? `.${a.ext}` : ''}` : `video-${i + 1}.mp4`,
        progress: Math.round(frac * 1000) / 1000,
        progressMessage: done ? 'Encoded' : snap.paused ? 'Paused' : `Encoding ${Math.round(frac * 100)}%`,
        lastProgressUpdate: this.d(done ? realTimeOf(run, fileDoneEff(run.plan, i)) : snap.lastProgressUpdate),
      });
    }
    return [
      {
        taskType: 'Video Encoding',
        taskState,
        numProcessed: snap.processed,
        numProcessing: processing,
        numPending: Math.max(0, files - snap.processed - processing),
        progress: Math.round(((snap.processed + (snap.finished ? 0 : partial)) / files) * 1000) / 1000,
        progressMessage: `Transcoding ${Math.min(files, snap.processed + processing)} of ${files} videos`,
        lastProgressUpdate: this.d(snap.lastProgressUpdate),
        taskItemProgressArray: items(itemsOut),
      },
    ];
  }

  activeJobRecord(run: Run, snap: RunSnapshot): XRecord {
    const rec: XRecord = {
      companyHandle: run.companyHandle,
      jobHandle: run.handle,
      name: run.name,
      originalName: run.originalName,
      type: run.type,
      state: snap.state,
      submitUserEmail: run.submitUserEmail,
      locale: run.locale,
      description: run.description,
      serverName: run.serverName,
      startDate: this.d(run.t0),
      triggerTime: this.d(run.t0),
      totalSize: run.plan.files * (400_000 + (run.seed % 3_000_000)),
      progress: snap.progress,
      progressMessage: this.progressMessage(run, snap),
      lastProgressUpdate: this.d(snap.lastProgressUpdate),
      taskProgressArray: items(this.taskProgress(run, snap)),
    };
    if (run.kind.element && run.detail) rec[run.kind.element] = run.detail;
    return rec;
  }

  scheduledJobRecord(s: Sched): XRecord {
    const rec: XRecord = {
      companyHandle: s.companyHandle,
      jobHandle: s.handle,
      name: s.name,
      originalName: s.originalName,
      type: s.type,
      submitUserEmail: s.submitUserEmail,
      locale: s.locale,
      description: s.description,
      execSchedule: s.execSchedule,
      nextFireTime: this.d(s.nextFireTime),
      timeZone: this.world.timeZone,
      triggerState: s.triggerState,
    };
    if (s.kind.element && s.detail) rec[s.kind.element] = s.detail;
    return rec;
  }

  jobLogRecord(run: Run, snap: RunSnapshot): XRecord {
    const c = snap.counts;
    return {
      companyHandle: run.companyHandle,
      jobHandle: run.handle,
      jobName: run.name,
      originalJobName: run.originalName,
      submitUserEmail: run.submitUserEmail,
      logType: logTypeOf(run, snap),
      jobSubType: run.jobSubType,
      startDate: this.d(run.t0),
      endDate: snap.finished ? this.d(snap.endDate) : undefined,
      description: run.description ?? '',
      fileSuccessCount: c.fileSuccessCount,
      fileErrorCount: c.fileErrorCount,
      fileWarningCount: c.fileWarningCount,
      fileDuplicateCount: c.fileDuplicateCount,
      fileUpdateCount: c.fileUpdateCount,
      totalFileCount: c.totalFileCount,
      transferSuccessCount: c.transferSuccessCount,
      transferErrorCount: c.transferErrorCount,
      transferWarningCount: c.transferWarningCount,
      fatalError: snap.fatal,
    };
  }

  private detailRecord(r: DetailRow): XRecord {
    return {
      logMessage: r.logMessage,
      logType: r.logType,
      dateCreated: this.d(r.dateCreated),
      assetName: r.assetName,
      assetType: r.assetType,
      assetHandle: r.assetHandle,
      auxArray: r.auxArray ? items(r.auxArray.map((x) => ({ logMessage: x.logMessage, logType: x.logType, dateCreated: this.d(x.dateCreated) }))) : undefined,
    };
  }

  private companyRecord(c: SimCompany): XRecord {
    return { companyHandle: c.handle, name: c.name, rootPath: c.rootPath, expires: this.d(c.expires) };
  }

  // ---- operations -------------------------------------------------------------

  private getActiveJobs(ctx: Ctx): string {
    const jobHandle = opt(ctx, 'jobHandle');
    const originalName = opt(ctx, 'originalName');
    const companies = new Set(this.visibleCompanies(ctx).map((c) => c.handle));
    const out: XRecord[] = [];
    for (const run of ctx.world.activeRuns(ctx.now)) {
      if (!companies.has(run.companyHandle)) continue;
      if (jobHandle !== undefined && run.handle !== jobHandle && run.submitHandle !== jobHandle) continue;
      if (originalName !== undefined && run.originalName !== originalName) continue;
      out.push(this.activeJobRecord(run, ctx.world.snapshot(run, ctx.now)));
    }
    return returnElement('getActiveJobs', ctx.ns, { jobArray: items(out) });
  }

  private getScheduledJobs(ctx: Ctx): string {
    const co = need(ctx, 'companyHandle');
    const jobHandle = opt(ctx, 'jobHandle');
    const originalName = opt(ctx, 'originalName');
    const out: XRecord[] = [];
    for (const s of ctx.world.scheduled.values()) {
      if (s.companyHandle !== co) continue;
      if (jobHandle !== undefined && s.handle !== jobHandle) continue;
      if (originalName !== undefined && s.originalName !== originalName) continue;
      out.push(this.scheduledJobRecord(s));
    }
    return returnElement('getScheduledJobs', ctx.ns, { jobArray: items(out) });
  }

  private dateArg(ctx: Ctx, name: string): number | undefined {
    const v = opt(ctx, name);
    if (v === undefined) return undefined;
    const ms = parseDate(v, this.world.offsetMinutes);
    if (Number.isNaN(ms)) throw api(30001, `Invalid ${name} '${v}'`);
    return ms;
  }

  /** Job logs matching a getJobLogs query, sorted and limited. Exposed for tests. */
  queryJobLogs(ctx: Ctx): Run[] {
    const world = ctx.world;
    const userHandle = opt(ctx, 'userHandle');
    let email: string | undefined;
    if (userHandle !== undefined) {
      const u = world.userByHandle(userHandle) ?? world.user(userHandle);
      if (!u) throw api(30001, `Unknown user handle '${userHandle}'`);
      email = u.email.toLowerCase();
    }
    const sortBy = opt(ctx, 'sortBy') ?? 'StartDate';
    const dirRaw = opt(ctx, 'sortDirection') ?? 'Descending';
    const desc = dirRaw.toLowerCase().startsWith('desc');
    if (!['jobname', 'logtype', 'startdate', 'companyname', 'userid', 'email', 'fileerrorcount', 'filewarningcount', 'filesuccesscount'].includes(sortBy.toLowerCase())) {
      throw api(30001, `Invalid sortBy '${sortBy}'`);
    }
    const from = this.dateArg(ctx, 'startDate') ?? -Infinity;
    const to = Math.min(this.dateArg(ctx, 'endDate') ?? Infinity, ctx.now);
    const numRowsRaw = int(ctx.args.numRows);
    if (numRowsRaw !== undefined && Number.isNaN(numRowsRaw)) throw api(30001, 'Invalid numRows');
    const numRows = numRowsRaw === undefined || numRowsRaw <= 0 ? Infinity : numRowsRaw;
    const companies = this.visibleCompanies(ctx);
    const byDate = sortBy.toLowerCase() === 'startdate';
    // Fast path: one company by date — walk its date-sorted list from the right end.
    if (byDate && companies.length === 1 && companies[0]) {
      const list = world.companyRuns(companies[0].handle);
      const lo = lowerBound(list, from);
      const hi = upperBound(list, to);
      const out: Run[] = [];
      if (desc) {
        for (let i = hi - 1; i >= lo && out.length < numRows; i--) {
          const r = list[i];
          if (r && (email === undefined || r.submitUserEmail.toLowerCase() === email)) out.push(r);
        }
      } else {
        for (let i = lo; i < hi && out.length < numRows; i++) {
          const r = list[i];
          if (r && (email === undefined || r.submitUserEmail.toLowerCase() === email)) out.push(r);
        }
      }
      return out;
    }
    let all: Run[] = [];
    for (const c of companies) {
      const list = world.companyRuns(c.handle);
      const lo = lowerBound(list, from);
      const hi = upperBound(list, to);
      for (let i = lo; i < hi; i++) {
        const r = list[i];
        if (r && (email === undefined || r.submitUserEmail.toLowerCase() === email)) all.push(r);
      }
    }
    const key = this.sortKey(sortBy.toLowerCase(), ctx);
    const dir = desc ? -1 : 1;
    all = all
      .map((r) => ({ r, k: key(r) }))
      .sort((a, b) => {
        const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
        return c !== 0 ? c * dir : (a.r.t0 - b.r.t0 || a.r.runId - b.r.runId) * dir;
      })
      .map((x) => x.r);
    return numRows === Infinity ? all : all.slice(0, numRows);
  }

  private sortKey(sortBy: string, ctx: Ctx): (r: Run) => string | number {
    const world = ctx.world;
    switch (sortBy) {
      case 'jobname':
        return (r) => r.name.toLowerCase();
      case 'logtype':
        return (r) => logTypeOf(r, world.snapshot(r, ctx.now));
      case 'companyname':
        return (r) => world.companies.get(r.companyHandle)?.name ?? '';
      case 'userid':
        return (r) => world.user(r.submitUserEmail)?.id ?? 0;
      case 'email':
        return (r) => r.submitUserEmail.toLowerCase();
      case 'fileerrorcount':
        return (r) => world.snapshot(r, ctx.now).counts.fileErrorCount;
      case 'filewarningcount':
        return (r) => world.snapshot(r, ctx.now).counts.fileWarningCount;
      case 'filesuccesscount':
        return (r) => world.snapshot(r, ctx.now).counts.fileSuccessCount;
      default:
        return (r) => r.t0;
    }
  }

  private getJobLogs(ctx: Ctx): string {
    const runs = this.queryJobLogs(ctx);
    const out: string[] = [`<getJobLogsReturn xmlns="${ctx.ns}">`];
    if (runs.length === 0) out.push('<jobLogArray/>');
    else {
      out.push('<jobLogArray>');
      // Written row by row (50 000 rows must stay fast).
      const tmp: string[] = [];
      for (const r of runs) {
        if (r.logXml !== undefined) {
          out.push(r.logXml);
          continue;
        }
        const snap = ctx.world.snapshot(r, ctx.now);
        tmp.length = 0;
        writeRecord('items', this.jobLogRecord(r, snap), tmp);
        const xml = tmp.join('');
        // Finished and out of the active list: the row is final.
        if (snap.finished && !snap.active) r.logXml = xml;
        out.push(xml);
      }
      out.push('</jobLogArray>');
    }
    out.push('</getJobLogsReturn>');
    return out.join('');
  }

  private getJobLogDetails(ctx: Ctx): string {
    const world = ctx.world;
    const co = need(ctx, 'companyHandle');
    const jobHandle = opt(ctx, 'jobHandle');
    const originalName = opt(ctx, 'originalName');
    let runs: Run[];
    if (jobHandle !== undefined) {
      runs = this.wrap(() => world.resolve(co, jobHandle)).runs;
      if (runs.length === 0) throw api(30001, `Job ${jobHandle} has no job log yet`);
    } else if (originalName !== undefined) {
      runs = world.companyRuns(co).filter((r) => r.originalName === originalName);
      if (runs.length === 0) throw api(30001, `No job log for job name '${originalName}'`);
    } else throw api(30002, "getJobLogDetails needs 'jobHandle' or 'originalName'");
    runs = runs.filter((r) => r.t0 <= ctx.now);
    const types = strArray(ctx.args.logTypeArray);
    const typeSet = types && types.length > 0 ? new Set(types.map((t) => t.toLowerCase())) : undefined;
    let perPage = int(ctx.args.recordsPerPage) ?? 1000;
    let page = int(ctx.args.resultsPage) ?? 1;
    if (Number.isNaN(perPage) || Number.isNaN(page)) throw api(30001, 'Invalid recordsPerPage or resultsPage');
    perPage = Math.max(1, Math.min(1000, perPage));
    page = Math.max(1, page);
    const sortBy = (opt(ctx, 'sortBy') ?? 'Date').toLowerCase();
    if (sortBy !== 'date' && sortBy !== 'logtype') throw api(30001, `Invalid sortBy '${opt(ctx, 'sortBy')}'`);
    const desc = (opt(ctx, 'sortDirection') ?? 'Ascending').toLowerCase().startsWith('desc');
    const logs: XRecord[] = [];
    for (const run of runs) {
      const snap = world.snapshot(run, ctx.now);
      let rows = detailRows(world, run, snap, ctx.locale);
      if (typeSet) rows = rows.filter((r) => typeSet.has(r.logType.toLowerCase()));
      const dir = desc ? -1 : 1;
      if (sortBy === 'logtype') rows.sort((a, b) => (a.logType < b.logType ? -1 : a.logType > b.logType ? 1 : a.seq - b.seq) * dir);
      else rows.sort((a, b) => (a.dateCreated - b.dateCreated || a.seq - b.seq) * dir);
      const pageRows = rows.slice((page - 1) * perPage, page * perPage);
      logs.push({ ...this.jobLogRecord(run, snap), detailTotalRows: rows.length, detailArray: items(pageRows.map((r) => this.detailRecord(r))) });
    }
    return returnElement('getJobLogDetails', ctx.ns, { jobLogArray: items(logs) });
  }

  private poolIndex = new WeakMap<SimAsset[], Map<string, number>>();

  private indexIn(pool: SimAsset[], handle: string): number {
    let m = this.poolIndex.get(pool);
    if (!m) {
      m = new Map(pool.map((a, i) => [a.handle, i]));
      this.poolIndex.set(pool, m);
    }
    return m.get(handle) ?? -1;
  }

  private getAssetJobLogs(ctx: Ctx): string {
    const world = ctx.world;
    const co = need(ctx, 'companyHandle');
    const assetHandle = need(ctx, 'assetHandle');
    const c = world.companies.get(co);
    if (!c) throw authz(20000, `Invalid company '${co}'`);
    if (!c.assets.some((a) => a.handle === assetHandle)) throw api(30001, `Unknown asset handle '${assetHandle}'`);
    const lang = langOf(ctx.locale);
    const entries: Array<{ run: Run; row: DetailRow }> = [];
    const poolIdx = new Map<Media, { pool: SimAsset[]; idx: number }>();
    for (const run of world.companyRuns(co)) {
      if (run.t0 > ctx.now) continue;
      const media = run.kind.media;
      let p = poolIdx.get(media);
      if (!p) {
        const pool = c.pools.get(media) ?? c.assets;
        p = { pool, idx: this.indexIn(pool, assetHandle) };
        poolIdx.set(media, p);
      }
      if (p.idx < 0) continue;
      const snap = world.snapshot(run, ctx.now);
      for (const i of fileIndexesForAsset(run, p.pool.length, p.idx, snap.processed)) entries.push({ run, row: fileRow(world, run, i, lang, i) });
    }
    entries.sort((a, b) => a.row.dateCreated - b.row.dateCreated);
    const out = entries.map(({ run, row }) => ({
      jobHandle: run.handle,
      jobName: run.name,
      logMessage: row.logMessage,
      logType: row.logType,
      submitUserEmail: run.submitUserEmail,
      logDate: this.d(row.dateCreated),
      auxArray: row.auxArray ? items(row.auxArray.map((x) => ({ logMessage: x.logMessage, logType: x.logType, dateCreated: this.d(x.dateCreated) }))) : undefined,
    }));
    return returnElement('getAssetJobLogs', ctx.ns, { jobLogArray: items(out) });
  }

  private submitJob(ctx: Ctx): string {
    const world = ctx.world;
    const co = need(ctx, 'companyHandle');
    const jobName = need(ctx, 'jobName');
    const c = world.companies.get(co);
    if (!c) throw authz(20000, `Invalid company '${co}'`);
    let submitter = ctx.user;
    const userHandle = opt(ctx, 'userHandle');
    if (userHandle !== undefined) {
      const u = world.userByHandle(userHandle);
      if (!u) throw api(30001, `Unknown user handle '${userHandle}'`);
      submitter = u;
    }
    const execTimeRaw = opt(ctx, 'execTime');
    const parsedSchedule = opt(ctx, 'execSchedule');
    const rawSchedule = ctx.rawValues.execSchedule;
    // Kept verbatim (the reference's sample has a trailing space), which the XML parser trims.
    const execSchedule = parsedSchedule !== undefined && rawSchedule !== undefined && rawSchedule.trim() === parsedSchedule.trim() ? rawSchedule : parsedSchedule;
    if (execTimeRaw !== undefined && execSchedule !== undefined) throw api(30001, 'Give at most one of execTime and execSchedule');
    const present = Object.keys(ctx.args).filter((k) => (SUBMITTABLE_ELEMENTS as readonly string[]).includes(k) || k === 'uploadPostJob');
    if (present.length === 0) throw api(30002, 'submitJob needs exactly one job detail element (e.g. uploadUrlsJob, exportJob)');
    if (present.length > 1) throw api(30001, `submitJob takes exactly one job detail element, got ${present.join(', ')}`);
    const element = present[0] as string;
    if (element === 'uploadPostJob') throw api(30001, 'Upload by HTTP POST is not submitted with submitJob (use the UploadFile servlet)');
    const kind = kindForElement(element);
    if (!kind) throw api(30001, `Unsupported job detail element ${element}`);
    const detail = toRecord(ctx.args[element]);
    const problem = checkDetail(element, detail);
    if (problem) throw api(problem.code, problem.reason);
    if (element === 'uploadUrlsJob' && detail.numUrls === undefined && detail.urlArray !== undefined) {
      // The server fills numUrls (right after urlArray, in schema order).
      const urls = (detail.urlArray as XRecord).items;
      const n = Array.isArray(urls) ? urls.length : urls ? 1 : 0;
      const entries = Object.entries(detail);
      for (const k of Object.keys(detail)) delete detail[k];
      for (const [k, v] of entries) {
        detail[k] = v;
        if (k === 'urlArray') detail.numUrls = n;
      }
    }
    const locale = opt(ctx, 'locale') ?? ctx.locale ?? 'en-US';
    const description = opt(ctx, 'description');
    const common = {
      company: c,
      kind,
      submitUserEmail: submitter.email,
      locale,
      ...(description !== undefined ? { description } : {}),
      detail,
    };
    if (execSchedule !== undefined || execTimeRaw !== undefined) {
      let execTime: number | undefined;
      if (execTimeRaw !== undefined) {
        execTime = parseDate(execTimeRaw, world.offsetMinutes);
        if (Number.isNaN(execTime)) throw api(30001, `Invalid execTime '${execTimeRaw}'`);
      }
      const profile = this.profileFor(jobName);
      const s = this.wrap(() =>
        world.schedule({
          ...common,
          name: jobName,
          ...(execSchedule !== undefined ? { execSchedule } : {}),
          ...(execTime !== undefined ? { execTime } : {}),
          ...(profile ? { plan: { profile } } : {}),
        }),
      );
      world.tick(ctx.now);
      return returnElement('submitJob', ctx.ns, { jobHandle: s.handle });
    }
    const rng = createRng(mixSeed(world.seed, world.runs.size * 17 + jobName.length));
    // URL uploads and exports: one file per URL / asset, outcomes from the request (./submit.ts).
    const files = submittedFiles(element, detail, c, ctx.now);
    const plan = world.makePlan(kind, rng, files?.plan ?? {}, this.profileFor(jobName) ?? files?.profile ?? this.randomProfile(rng.next()));
    const run = world.createRun({ ...common, originalName: jobName, t0: ctx.now, plan });
    if (files) run.upload = files.files;
    return returnElement('submitJob', ctx.ns, { jobHandle: run.submitHandle });
  }

  private profileFor(_jobName: string): Profile | undefined {
    return this.submitProfile === 'random' ? undefined : this.submitProfile;
  }

  private randomProfile(u: number): Profile {
    return u < 0.6 ? 'success' : u < 0.8 ? 'warning' : u < 0.95 ? 'error' : 'fatal';
  }

  private control(ctx: Ctx): string {
    const world = ctx.world;
    const co = need(ctx, 'companyHandle');
    const jobHandle = need(ctx, 'jobHandle');
    this.wrap(() => {
      checkJobAction(world, ctx.op as JobAction, co, jobHandle, ctx.now);
      switch (ctx.op) {
        case 'stopJob':
          return world.stopJob(co, jobHandle);
        case 'pauseJob':
          return world.pauseJob(co, jobHandle);
        case 'resumeJob':
          return world.resumeJob(co, jobHandle);
        case 'deleteJob':
          return world.deleteJob(co, jobHandle);
        default:
          world.executeJob(co, jobHandle);
      }
    });
    return `<${ctx.op}Return xmlns="${ctx.ns}"/>`;
  }

  private getCompanyMembership(ctx: Ctx): string {
    const world = ctx.world;
    let user = ctx.user;
    const userHandle = opt(ctx, 'userHandle');
    if (userHandle !== undefined) {
      const u = world.userByHandle(userHandle);
      if (!u) throw api(30001, `Unknown user handle '${userHandle}'`);
      if (u !== user && !['IpsAdmin', 'IpsCompanyAdmin'].includes(user.defaultRole)) throw authz(20002, 'You may only list your own memberships');
      user = u;
    }
    const out: XRecord[] = [];
    for (const [handle, m] of user.memberships) {
      const c = world.companies.get(handle);
      if (c) out.push({ company: this.companyRecord(c), role: m.role, isActive: m.isActive });
    }
    if (user.defaultRole === 'IpsAdmin') {
      for (const c of world.companies.values()) if (!user.memberships.has(c.handle)) out.push({ company: this.companyRecord(c), role: 'IpsAdmin', isActive: true });
    }
    return returnElement('getCompanyMembership', ctx.ns, { membershipArray: items(out) });
  }

  private getCompanyInfo(ctx: Ctx): string {
    const world = ctx.world;
    const handle = opt(ctx, 'companyHandle');
    const name = opt(ctx, 'companyName');
    if (handle === undefined && name === undefined) throw api(30002, "getCompanyInfo needs 'companyHandle' or 'companyName'");
    const c = handle !== undefined ? world.companies.get(handle) : world.companyByName(name ?? '');
    if (!c) {
      if (handle !== undefined) throw authz(20000, `Invalid company '${handle}'`);
      throw api(30001, `Unknown company name '${name}'`);
    }
    const role = roleIn(ctx.user, c.handle);
    if (role === undefined) throw authz(20006, `User is not a member of company '${c.name}'`);
    const allowed = world.roles.get('getCompanyInfo');
    if (allowed && !allowed.has(role)) throw authz(20003, `Operation 'getCompanyInfo' is not permitted for role ${role}`);
    return returnElement('getCompanyInfo', ctx.ns, { companyInfo: this.companyRecord(c) });
  }

  private getUserInfo(ctx: Ctx): string {
    const world = ctx.world;
    const handle = opt(ctx, 'userHandle');
    const email = opt(ctx, 'email');
    let u: SimUser | undefined = ctx.user;
    if (handle !== undefined) u = world.userByHandle(handle);
    else if (email !== undefined) u = world.user(email);
    if (!u) throw api(30001, `Unknown user '${handle ?? email}'`);
    return returnElement('getUserInfo', ctx.ns, {
      userInfo: {
        userHandle: u.handle,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        defaultRole: u.defaultRole,
        isValid: u.isValid,
        passwordExpires: this.d(u.passwordExpires),
      },
    });
  }

  private checkLogin(ctx: Ctx): string {
    const world = ctx.world;
    const email = need(ctx, 'email');
    const password = need(ctx, 'password');
    const co = opt(ctx, 'companyHandle');
    const u = world.user(email);
    let ok = !!u && u.isValid && u.password === password;
    if (ok && u && co !== undefined) ok = roleIn(u, co) !== undefined;
    return returnElement('checkLogin', ctx.ns, { status: ok ? 'ValidLogin' : 'InvalidLogin' });
  }

  private getAssetsByName(ctx: Ctx): string {
    const world = ctx.world;
    const co = need(ctx, 'companyHandle');
    const c = world.companies.get(co);
    if (!c) throw authz(20000, `Invalid company '${co}'`);
    const names = strArray(ctx.args.nameArray) ?? [];
    if (names.length === 0) throw api(30002, "Missing required parameter 'nameArray'");
    const only = strArray(ctx.args.assetTypeArray);
    const exclude = strArray(ctx.args.excludeAssetTypeArray);
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    const out: XRecord[] = [];
    for (const a of c.assets) {
      const full = `${a.name}${a.ext ? `.${a.ext}` : ''}`.toLowerCase();
      if (!wanted.has(a.name.toLowerCase()) && !wanted.has(full)) continue;
      if (only && only.length > 0 && !only.includes(a.type)) continue;
      if (exclude && exclude.includes(a.type)) continue;
      out.push({ assetHandle: a.handle, type: a.type, name: a.name, folder: a.folder });
    }
    return returnElement('getAssetsByName', ctx.ns, { assetArray: items(out) });
  }
}

// ---------------------------------------------------------------------------

function writeRecord(name: string, rec: XRecord, out: string[]): void {
  out.push(`<${name}>`);
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number') out.push(`<${k}>${v}</${k}>`);
    else if (typeof v === 'boolean') out.push(`<${k}>${v ? 'true' : 'false'}</${k}>`);
    else if (typeof v === 'string') out.push(v === '' ? `<${k}></${k}>` : `<${k}>${esc(v)}</${k}>`);
    else if (!Array.isArray(v)) writeRecord(k, v, out);
  }
  out.push(`</${name}>`);
}

function lowerBound(list: Run[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.t0 ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(list: Run[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.t0 ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
