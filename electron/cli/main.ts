// The `ips-jobs` CLI: parse, connect, run one command, print, and return the exit code.
// Everything the process touches (argv, env, stdout, stderr, signals) comes in through
// CliIo, so the whole flow runs the same from electron/cli.ts and from tests.
import type { ActiveJob, JobLog, ScheduledJob } from '../../shared/domain.ts';
import { defaultSettings, type AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { parseCommandLine, type ConnectionArgs, type Parsed } from './args.ts';
import { CliFailure, EXIT, UsageError, errorMessage, exitCodeFor } from './errors.ts';
import { activeTable, formatter, logsTable, scheduledTable } from './format.ts';
import { helpText } from './help.ts';
import { streamJobLog } from './log-stream.ts';
import { filterLogs } from './logs-search.ts';
import { mapLimit } from './map-limit.ts';
import { activeJobJson, jobLogJson, scheduledJobJson, toJson } from './json.ts';
import { cliLocale, envLocaleTag, type CliLocale } from './locale.ts';
import type { WatchContext } from './watch.ts';
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = (pkg as { version: string }).version;
const APP_NAME = 'ips-jobs';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Write to stdout; resolves once the text is handed to the OS. */
  out(text: string): Promise<void> | void;
  /** One line to stderr (without the newline). */
  err(line: string): void;
  /** The terminal's width when stdout is a terminal (tables are fitted to it). */
  columns?: number;
  /** Aborted on SIGINT / SIGTERM once a long-running command called holdSignals(). */
  signal: AbortSignal;
  /** Called by the long-running commands (watch, simulator): from now on SIGINT / SIGTERM
   * abort `signal` for an orderly stop instead of ending the process at once. */
  holdSignals?(): void;
}

export interface SimulatorHandle {
  url: string;
  close(): Promise<void> | void;
}
export interface SimulatorModule {
  startSimulator(opts: { demo: boolean; port?: number; control?: boolean }): Promise<SimulatorHandle>;
  DEMO_USER: string;
  DEMO_PASSWORD: string;
}

/** What the CLI loads lazily (so `--help` stays fast); tests may swap them. */
export interface CliDeps {
  createClient(conn: IpsConnection): Promise<IpsApi>;
  simulator(): Promise<SimulatorModule>;
  watch(): Promise<{ runWatch: RunWatch }>;
}

export const defaultDeps: CliDeps = {
  createClient: async (conn) => (await import('../ips/client.ts')).createIpsClient(conn),
  simulator: () => import('../simulator/index.ts'),
  watch: () => loadWatch(),
};

/** A connected session: the API, who we are, and what to close at the end. */
interface Session {
  api: IpsApi;
  user: string;
  /** How it connected (uploads talk to the servlet beside the service). */
  conn: IpsConnection;
  close(): Promise<void>;
}

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = defaultDeps): Promise<number> {
  let locale = cliLocale(envLocaleTag(io.env));
  const secrets = [io.env.IPS_PASSWORD ?? ''].filter((s) => s.length > 0);
  const fail = (err: unknown): number => {
    io.err(`${APP_NAME}: ${errorMessage(err, locale.app, secrets)}`);
    return exitCodeFor(err);
  };

  let parsed: Parsed;
  try {
    const r = parseCommandLine(argv);
    parsed = r.parsed;
    if (r.locale) locale = cliLocale(r.locale);
  } catch (err) {
    return fail(err);
  }

  let session: Session | undefined;
  try {
    switch (parsed.kind) {
      case 'help':
        await io.out(helpText(locale.app, parsed.command));
        return EXIT.OK;
      case 'version':
        await io.out(`${VERSION}\n`);
        return EXIT.OK;
      case 'simulator':
        return await runSimulator(parsed, locale.app, io, deps);
      case 'download':
        return await (await import('./download.ts')).runDownload(parsed, locale.app, io);
      default:
        break;
    }
    session = await connect(parsed.conn, locale, io.env, deps);
    return await runCommand(parsed, session, locale, io, deps);
  } catch (err) {
    return fail(err);
  } finally {
    if (session) await session.close().catch(() => undefined);
  }
}

async function connect(c: ConnectionArgs, locale: CliLocale, env: NodeJS.ProcessEnv, deps: CliDeps): Promise<Session> {
  const base: Omit<IpsConnection, 'user' | 'password'> = { appName: 'IPS Jobs CLI', appVersion: VERSION };
  if (locale.ips) base.locale = locale.ips;
  if (c.timeoutMs !== undefined) base.timeoutMs = c.timeoutMs;

  if (c.demo) {
    const sim = await deps.simulator();
    const handle = await sim.startSimulator({ demo: true, port: 0 });
    try {
      const demoConn: IpsConnection = { ...base, serviceUrl: handle.url, user: sim.DEMO_USER, password: sim.DEMO_PASSWORD };
      const api = await deps.createClient(demoConn);
      return { api, user: sim.DEMO_USER, conn: demoConn, close: () => Promise.resolve(handle.close()) };
    } catch (err) {
      await Promise.resolve(handle.close()).catch(() => undefined);
      throw err;
    }
  }

  if (!c.serviceUrl && !c.region) throw new UsageError('cli.error.noService');
  const user = c.user ?? env.IPS_USER?.trim();
  if (!user) throw new UsageError('cli.error.noUser');
  const password = env.IPS_PASSWORD;
  if (!password) throw new UsageError('cli.error.noPassword');
  const conn: IpsConnection = { ...base, user, password };
  if (c.serviceUrl) conn.serviceUrl = c.serviceUrl;
  else {
    conn.region = c.region!;
    conn.staging = c.staging;
  }
  const api = await deps.createClient(conn);
  return { api, user, conn, close: async () => undefined };
}

/** Company handle → name from the user's memberships. */
async function membershipNames(api: IpsApi): Promise<{ handles: string[]; names: Map<string, string> }> {
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
 * costs the names.
 */
async function companies(api: IpsApi, c: ConnectionArgs, wantNames: boolean): Promise<{ handles: string[]; names: Map<string, string> }> {
  if (c.companies.length > 0) {
    const names = wantNames
      ? await membershipNames(api).then(
          (m) => m.names,
          () => new Map<string, string>(),
        )
      : new Map<string, string>();
    return { handles: c.companies, names };
  }
  const found = await membershipNames(api);
  if (found.handles.length === 0) throw new CliFailure(EXIT.AUTH, 'cli.error.noCompanies');
  return found;
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) || 0 : 0);

async function runCommand(
  p: Exclude<Parsed, { kind: 'help' | 'version' | 'simulator' | 'download' }>,
  s: Session,
  locale: CliLocale,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  const f = formatter(locale, undefined, io.columns);
  const print = (lines: string[]) => io.out(`${lines.join('\n')}\n`);
  switch (p.kind) {
    case 'list': {
      const { handles, names } = await companies(s.api, p.conn, !p.json);
      if (p.command === 'active') {
        const lists = await mapLimit(handles, 4, (companyHandle) => s.api.getActiveJobs({ companyHandle }));
        const jobs: ActiveJob[] = lists.flat().sort((a, b) => time(b.startDate) - time(a.startDate));
        await (p.json ? io.out(`${toJson(jobs.map(activeJobJson))}\n`) : print(activeTable(jobs, f, names)));
      } else {
        const lists = await mapLimit(handles, 4, (companyHandle) => s.api.getScheduledJobs({ companyHandle }));
        const far = Number.MAX_SAFE_INTEGER;
        const jobs: ScheduledJob[] = lists.flat().sort((a, b) => (time(a.nextFireTime) || far) - (time(b.nextFireTime) || far));
        await (p.json ? io.out(`${toJson(jobs.map(scheduledJobJson))}\n`) : print(scheduledTable(jobs, f, names)));
      }
      return EXIT.OK;
    }
    case 'logs': {
      const { handles, names } = await companies(s.api, p.conn, !p.json);
      const filtering = p.search !== undefined || p.submitter !== undefined;
      const lists = await mapLimit(handles, 4, (companyHandle) => {
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
      logs.sort((a, b) => time(b.startDate) - time(a.startDate));
      if (filtering) {
        const found = await filterLogs(s.api, logs, { ...(p.search ? { search: p.search } : {}), ...(p.submitter ? { submitter: p.submitter } : {}) });
        logs = found.logs;
        if (found.notSearchedInDetail > 0) io.err(`${APP_NAME}: ${t(locale.app, 'cli.logs.searchNotInDetail', { count: found.notSearchedInDetail })}`);
      }
      if (p.limit !== undefined) logs = logs.slice(0, p.limit);
      if (p.csv) await io.out((await import('./csv-out.ts')).logsCsv(locale.app, logs, names));
      else await (p.json ? io.out(`${toJson(logs.map(jobLogJson))}\n`) : print(logsTable(logs, f, names)));
      return EXIT.OK;
    }
    case 'job': {
      const ref = { companyHandle: p.companyHandle, jobHandle: p.jobHandle };
      if (p.command === 'log') {
        // Page by page, bounded by rows and time (./log-stream.ts).
        const csvOut = p.csv ? await import('./csv-out.ts') : undefined;
        return await streamJobLog({
          api: s.api,
          ref,
          json: p.json,
          ...(csvOut ? { csv: { head: csvOut.logCsvHead(locale.app), rows: (log, rows) => csvOut.logCsvRows(locale.app, log, rows) } } : {}),
          f,
          names: async () => (await companies(s.api, p.conn, true)).names,
          out: (text) => io.out(text),
          note: (line) => io.err(`${APP_NAME}: ${line}`),
        });
      }
      if (p.command === 'rerun') return (await import('./rerun.ts')).runRerun(s.api, ref, p.json, locale.app, (text) => io.out(text));
      if (p.command === 'stop') await s.api.stopJob(ref);
      else if (p.command === 'pause') await s.api.pauseJob(ref);
      else if (p.command === 'resume') await s.api.resumeJob(ref);
      else if (p.command === 'run-now') await s.api.executeJob(ref);
      else await s.api.deleteJob(ref);
      if (p.json) await io.out(`${JSON.stringify({ ok: true, action: p.command, ...ref })}\n`);
      else await io.out(`${t(locale.app, `cli.action.${p.command}`, { job: p.jobHandle, company: p.companyHandle })}\n`);
      return EXIT.OK;
    }
    case 'watch':
      return runWatchCommand(p, s, locale.app, io, deps);
    case 'upload':
      return (await import('./upload.ts')).runUpload(p, s, locale.app, io);
    case 'upload-urls':
      return (await import('./upload-urls.ts')).runUploadUrls(p, s, locale.app, io);
    case 'export':
      return (await import('./export.ts')).runExport(p, s, locale.app, io);
  }
}

async function runWatchCommand(p: Extract<Parsed, { kind: 'watch' }>, s: Session, locale: AppLocale, io: CliIo, deps: CliDeps): Promise<number> {
  const settings = defaultSettings();
  settings.companies = [...p.conn.companies];
  settings.language = locale;
  const { runWatch } = await deps.watch();
  io.holdSignals?.();
  const ctx: Parameters<RunWatch>[0] = {
    api: s.api,
    settings,
    locale,
    userEmail: s.user,
    json: p.json,
    once: p.once,
    write: (line: string) => void io.out(line.endsWith('\n') ? line : `${line}\n`),
    error: (line: string) => io.err(line),
    signal: io.signal,
  };
  if (p.intervalSeconds !== undefined) ctx.intervalSeconds = p.intervalSeconds;
  return runWatch(ctx);
}

export type RunWatch = (ctx: WatchContext) => Promise<number>;

async function loadWatch(): Promise<{ runWatch: RunWatch }> {
  return import('./watch.ts');
}

async function runSimulator({ port, control }: Extract<Parsed, { kind: 'simulator' }>, locale: AppLocale, io: CliIo, deps: CliDeps): Promise<number> {
  const sim = await deps.simulator();
  let handle: SimulatorHandle;
  try {
    handle = await sim.startSimulator({ demo: true, port, ...(control ? { control } : {}) });
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') throw new CliFailure(EXIT.NETWORK, 'cli.error.portInUse', { port });
    if (code === 'EACCES') throw new CliFailure(EXIT.NETWORK, 'cli.error.portDenied', { port });
    throw err;
  }
  io.holdSignals?.();
  try {
    await io.out(`${handle.url}\n`);
    io.err(t(locale, 'cli.simulator.running', { user: sim.DEMO_USER, password: sim.DEMO_PASSWORD }));
    if (control) io.err(t(locale, 'cli.simulator.control', { url: new URL('/__sim/', handle.url).href }));
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await Promise.resolve(handle.close()).catch(() => undefined);
  }
  return EXIT.OK;
}
