// `ips-jobs active`, `scheduled` and `logs`, for one connection or for several saved accounts
// (--account A --account B, --account all). With --account every row names its account: an
// Account column first in a table and in CSV, an `account` field first in --json. Each
// account is asked on its own: one that fails (a wrong password, a server down) costs only
// its own rows, and its error is one stderr line that starts with its name; the exit code
// is then that failure's (the first one's, in the order of the settings).
import type { ActiveJob, JobLog, ScheduledJob } from '../../shared/domain.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi } from '../ips/api.ts';
import type { ConnectionArgs, Parsed } from './args.ts';
import { CliFailure, EXIT, exitCodeFor } from './errors.ts';
import { activeTable, logsTable, scheduledTable, type Formatter } from './format.ts';
import { activeJobJson, jobLogJson, scheduledJobJson, toJson } from './json.ts';
import { filterLogs } from './logs-search.ts';
import { mapLimit } from './map-limit.ts';
import type { CliLocale } from './locale.ts';

/** One connection to ask; `account` is its saved account's name when --account chose it. */
export interface Source {
  api: IpsApi;
  account?: string;
}

export interface ListIo {
  out(text: string): Promise<void> | void;
  /** One line to stderr, without the `ips-jobs:` prefix. */
  note(line: string): void;
  /** The one-line message for an error (localized, secrets scrubbed). */
  message(err: unknown): string;
}

/** Company handle → name from the user's memberships. */
export async function membershipNames(api: IpsApi): Promise<{ handles: string[]; names: Map<string, string> }> {
  const names = new Map<string, string>();
  const handles: string[] = [];
  for (const m of await api.getCompanyMembership()) {
    if (m.isActive === false || !m.company?.companyHandle) continue;
    if (!handles.includes(m.company.companyHandle)) handles.push(m.company.companyHandle);
    if (m.company.name) names.set(m.company.companyHandle, m.company.name);
  }
  return { handles, names };
}

/**
 * The companies to query (from --company, else every membership) and their names. With
 * --company, names are looked up only for readable output, and a failed look-up only
 * costs the names. `shared`: several accounts, so each asks only for the --company handles
 * it belongs to (staging and production may hold the same handle; another account's is not its own).
 */
export async function companies(
  api: IpsApi,
  c: ConnectionArgs,
  wantNames: boolean,
  shared = false,
): Promise<{ handles: string[]; names: Map<string, string> }> {
  if (c.companies.length > 0 && !shared) {
    const names = wantNames
      ? await membershipNames(api).then(
          (m) => m.names,
          () => new Map<string, string>(),
        )
      : new Map<string, string>();
    return { handles: c.companies, names };
  }
  const found = await membershipNames(api);
  if (c.companies.length > 0) return { handles: found.handles.filter((h) => c.companies.includes(h)), names: found.names };
  if (found.handles.length === 0) throw new CliFailure(EXIT.AUTH, 'cli.error.noCompanies');
  return found;
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) || 0 : 0);

interface Row<T> {
  account?: string;
  item: T;
}

/**
 * `fetch` for every source at once; the rows of those that answered, labelled. A failed
 * source is reported (named after its account) and decides the exit code.
 */
async function gather<T>(sources: readonly Source[], io: ListIo, fetch: (s: Source) => Promise<T[]>): Promise<{ rows: Row<T>[]; code: number }> {
  const settled = await Promise.allSettled(sources.map(fetch));
  const rows: Row<T>[] = [];
  let code: number = EXIT.OK;
  settled.forEach((r, i) => {
    const s = sources[i]!;
    if (r.status === 'fulfilled') for (const item of r.value) rows.push(s.account === undefined ? { item } : { account: s.account, item });
    else {
      // One connection: its error is the command's, as it always was.
      if (sources.length === 1 && s.account === undefined) throw r.reason;
      io.note(s.account === undefined ? io.message(r.reason) : `${s.account}: ${io.message(r.reason)}`);
      if (code === EXIT.OK) code = exitCodeFor(r.reason);
    }
  });
  return { rows, code };
}

/** The companies of each source, their names for the tables, and which --company handles some account holds. */
function companyLookup(p: { conn: ConnectionArgs; json: boolean }, sources: readonly Source[]) {
  const names = new Map<string, string>();
  const held = new Set<string>();
  const shared = sources.length > 1;
  return {
    names,
    async of(s: Source): Promise<string[]> {
      const found = await companies(s.api, p.conn, !p.json, shared);
      for (const [k, v] of found.names) names.set(k, v);
      for (const h of found.handles) held.add(h);
      return found.handles;
    },
    /** Several accounts, every one answered, and a --company handle none of them holds: a typo, not "no jobs". */
    check(code: number): void {
      const missing = shared && code === EXIT.OK ? p.conn.companies.find((h) => !held.has(h)) : undefined;
      if (missing) throw new CliFailure(EXIT.USAGE, 'cli.error.companyInNoAccount', { company: missing });
    },
  };
}

function labelled<T>(rows: Row<T>[], json: (x: T) => Record<string, unknown>): Record<string, unknown>[] {
  return rows.map((r) => (r.account === undefined ? json(r.item) : { account: r.account, ...json(r.item) }));
}

const accountsOf = <T>(rows: Row<T>[], on: boolean): string[] | undefined => (on ? rows.map((r) => r.account ?? '') : undefined);

export async function runList(p: Extract<Parsed, { kind: 'list' }>, sources: readonly Source[], f: Formatter, io: ListIo): Promise<number> {
  const lookup = companyLookup(p, sources);
  const labels = sources.some((s) => s.account !== undefined);
  const print = (lines: string[]) => io.out(`${lines.join('\n')}\n`);
  const each = <T>(get: (api: IpsApi, companyHandle: string) => Promise<T[]>) =>
    gather(sources, io, async (s) => (await mapLimit(await lookup.of(s), 4, (companyHandle) => get(s.api, companyHandle))).flat());
  if (p.command === 'active') {
    const { rows, code } = await each((api, companyHandle) => api.getActiveJobs({ companyHandle }));
    lookup.check(code);
    rows.sort((a, b) => time(b.item.startDate) - time(a.item.startDate));
    if (code !== EXIT.OK && rows.length === 0) return code;
    const jobs: ActiveJob[] = rows.map((r) => r.item);
    await (p.json ? io.out(`${toJson(labelled(rows, activeJobJson))}\n`) : print(activeTable(jobs, f, lookup.names, accountsOf(rows, labels))));
    return code;
  }
  const far = Number.MAX_SAFE_INTEGER;
  const { rows, code } = await each((api, companyHandle) => api.getScheduledJobs({ companyHandle }));
  lookup.check(code);
  rows.sort((a, b) => (time(a.item.nextFireTime) || far) - (time(b.item.nextFireTime) || far));
  if (code !== EXIT.OK && rows.length === 0) return code;
  const jobs: ScheduledJob[] = rows.map((r) => r.item);
  await (p.json ? io.out(`${toJson(labelled(rows, scheduledJobJson))}\n`) : print(scheduledTable(jobs, f, lookup.names, accountsOf(rows, labels))));
  return code;
}

export async function runLogs(p: Extract<Parsed, { kind: 'logs' }>, sources: readonly Source[], f: Formatter, locale: CliLocale, io: ListIo): Promise<number> {
  const lookup = companyLookup(p, sources);
  const labels = sources.some((s) => s.account !== undefined);
  const filtering = p.search !== undefined || p.submitter !== undefined;
  let notSearched = 0;
  const { rows, code } = await gather(sources, io, async (s) => {
    const lists = await mapLimit(await lookup.of(s), 4, (companyHandle) => {
      const q: Parameters<IpsApi['getJobLogs']>[0] = { companyHandle, sortBy: 'StartDate', sortDirection: 'Descending' };
      if (p.since) q.startDate = p.since;
      // A search looks at the whole window (--since); --limit then counts the matches.
      if (p.limit !== undefined && !filtering) q.numRows = p.limit;
      return s.api.getJobLogs(q);
    });
    let logs: JobLog[] = lists.flat();
    // IPS filters by the window; filter again in case a server ignores it.
    if (p.since) {
      const since = Date.parse(p.since);
      logs = logs.filter((l) => !l.startDate || time(l.startDate) >= since);
    }
    if (!filtering) return logs;
    // Each account's details come from its own server.
    logs.sort((a, b) => time(b.startDate) - time(a.startDate));
    const hits = await filterLogs(s.api, logs, { ...(p.search ? { search: p.search } : {}), ...(p.submitter ? { submitter: p.submitter } : {}) });
    notSearched += hits.notSearchedInDetail;
    return hits.logs;
  });
  lookup.check(code);
  rows.sort((a, b) => time(b.item.startDate) - time(a.item.startDate));
  if (notSearched > 0) io.note(t(locale.app, 'cli.logs.searchNotInDetail', { count: notSearched }));
  if (code !== EXIT.OK && rows.length === 0) return code;
  const kept = p.limit !== undefined ? rows.slice(0, p.limit) : rows;
  const logs = kept.map((r) => r.item);
  if (p.csv) await io.out((await import('./csv-out.ts')).logsCsv(locale.app, logs, lookup.names, accountsOf(kept, labels)));
  else if (p.json) await io.out(`${toJson(labelled(kept, jobLogJson))}\n`);
  else await io.out(`${logsTable(logs, f, lookup.names, accountsOf(kept, labels)).join('\n')}\n`);
  return code;
}
