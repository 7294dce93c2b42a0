// Reading jobs: getActiveJobs, getScheduledJobs, getJobLogs (fast path for one company by
// date), getJobLogDetails, getAssetJobLogs.
import type { Media, SimAsset } from './catalog.ts';
import { detailRows, fileIndexesForAsset, fileRow, langOf, logTypeOf, type DetailRow } from './logs.ts';
import { companyNamed, dateArg, need, opt, visibleCompanies, wrap, type Ctx } from './op-context.ts';
import { activeJobRecord, dateOf, detailRecord, jobLogRecord, scheduledJobRecord, writeRecord } from './records.ts';
import { api } from './soap-fault.ts';
import type { Run } from './types.ts';
import { int, strArray } from './values.ts';
import { items, returnElement, type XRecord } from './xml.ts';

export function getActiveJobs(ctx: Ctx): string {
  const jobHandle = opt(ctx, 'jobHandle');
  const originalName = opt(ctx, 'originalName');
  const companies = new Set(visibleCompanies(ctx).map((c) => c.handle));
  const out: XRecord[] = [];
  for (const run of ctx.world.activeRuns(ctx.now)) {
    if (!companies.has(run.companyHandle)) continue;
    if (jobHandle !== undefined && run.handle !== jobHandle && run.submitHandle !== jobHandle) continue;
    if (originalName !== undefined && run.originalName !== originalName) continue;
    out.push(activeJobRecord(ctx.world, run, ctx.world.snapshot(run, ctx.now)));
  }
  return returnElement('getActiveJobs', ctx.ns, { jobArray: items(out) });
}

export function getScheduledJobs(ctx: Ctx): string {
  const co = need(ctx, 'companyHandle');
  const jobHandle = opt(ctx, 'jobHandle');
  const originalName = opt(ctx, 'originalName');
  const out: XRecord[] = [];
  for (const s of ctx.world.scheduled.values()) {
    if (s.companyHandle !== co) continue;
    if (jobHandle !== undefined && s.handle !== jobHandle) continue;
    if (originalName !== undefined && s.originalName !== originalName) continue;
    out.push(scheduledJobRecord(ctx.world, s));
  }
  return returnElement('getScheduledJobs', ctx.ns, { jobArray: items(out) });
}

/** Job logs matching a getJobLogs query, sorted and limited. Exposed for tests. */
export function queryJobLogs(ctx: Ctx): Run[] {
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
  if (
    !['jobname', 'logtype', 'startdate', 'companyname', 'userid', 'email', 'fileerrorcount', 'filewarningcount', 'filesuccesscount'].includes(
      sortBy.toLowerCase(),
    )
  ) {
    throw api(30001, `Invalid sortBy '${sortBy}'`);
  }
  const from = dateArg(ctx, 'startDate') ?? -Infinity;
  const to = Math.min(dateArg(ctx, 'endDate') ?? Infinity, ctx.now);
  const numRowsRaw = int(ctx.args.numRows);
  if (numRowsRaw !== undefined && Number.isNaN(numRowsRaw)) throw api(30001, 'Invalid numRows');
  const numRows = numRowsRaw === undefined || numRowsRaw <= 0 ? Infinity : numRowsRaw;
  const companies = visibleCompanies(ctx);
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
  const key = sortKey(sortBy.toLowerCase(), ctx);
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

function sortKey(sortBy: string, ctx: Ctx): (r: Run) => string | number {
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

/** getJobLogs row XML of runs that are finished and out of the active list (it never changes again). */
const finalRows = new WeakMap<Run, string>();

export function getJobLogs(ctx: Ctx): string {
  const runs = queryJobLogs(ctx);
  const out: string[] = [`<getJobLogsReturn xmlns="${ctx.ns}">`];
  if (runs.length === 0) out.push('<jobLogArray/>');
  else {
    out.push('<jobLogArray>');
    // Written row by row (50 000 rows must stay fast).
    const tmp: string[] = [];
    for (const r of runs) {
      const cached = finalRows.get(r);
      if (cached !== undefined) {
        out.push(cached);
        continue;
      }
      const snap = ctx.world.snapshot(r, ctx.now);
      tmp.length = 0;
      writeRecord('items', jobLogRecord(ctx.world, r, snap), tmp);
      const xml = tmp.join('');
      // Finished and out of the active list: the row is final.
      if (snap.finished && !snap.active) finalRows.set(r, xml);
      out.push(xml);
    }
    out.push('</jobLogArray>');
  }
  out.push('</getJobLogsReturn>');
  return out.join('');
}

export function getJobLogDetails(ctx: Ctx): string {
  const world = ctx.world;
  const co = need(ctx, 'companyHandle');
  const jobHandle = opt(ctx, 'jobHandle');
  const originalName = opt(ctx, 'originalName');
  let runs: Run[];
  if (jobHandle !== undefined) {
    runs = wrap(() => world.resolve(co, jobHandle)).runs;
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
    logs.push({ ...jobLogRecord(ctx.world, run, snap), detailTotalRows: rows.length, detailArray: items(pageRows.map((r) => detailRecord(ctx.world, r))) });
  }
  return returnElement('getJobLogDetails', ctx.ns, { jobLogArray: items(logs) });
}

const poolIndex = new WeakMap<SimAsset[], Map<string, number>>();

function indexIn(pool: SimAsset[], handle: string): number {
  let m = poolIndex.get(pool);
  if (!m) {
    m = new Map(pool.map((a, i) => [a.handle, i]));
    poolIndex.set(pool, m);
  }
  return m.get(handle) ?? -1;
}

export function getAssetJobLogs(ctx: Ctx): string {
  const world = ctx.world;
  const co = need(ctx, 'companyHandle');
  const assetHandle = need(ctx, 'assetHandle');
  const c = companyNamed(ctx, co);
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
      p = { pool, idx: indexIn(pool, assetHandle) };
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
    logDate: dateOf(ctx.world, row.dateCreated),
    auxArray: row.auxArray
      ? items(row.auxArray.map((x) => ({ logMessage: x.logMessage, logType: x.logType, dateCreated: dateOf(ctx.world, x.dateCreated) })))
      : undefined,
  }));
  return returnElement('getAssetJobLogs', ctx.ns, { jobLogArray: items(out) });
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
