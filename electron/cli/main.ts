// The `ips-jobs` CLI: parse, connect, run one command, print, and return the exit code.
// Everything the process touches (argv, env, stdout, stderr, signals) comes in through
// CliIo, so the whole flow runs the same from electron/cli.ts and from tests.
import type { AppLocale } from '../../shared/settings.ts';
import { defaultSettings } from '../../shared/settings-defaults.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { parseCommandLine, serviceUrl, type ConnectionArgs, type Parsed } from './args.ts';
import { CliFailure, EXIT, UsageError, errorMessage, exitCodeFor } from './errors.ts';
import { formatter } from './format.ts';
import { helpText } from './help.ts';
import { streamJobLog } from './log-stream.ts';
import { companies, runList, runLogs, type Source } from './lists.ts';
import type { ResolvedAccount } from './accounts.ts';
import { cliLocale, envLocaleTag, type CliLocale } from './locale.ts';
import type { WatchAccount, WatchContext } from './watch.ts';
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
  // IPS_PASSWORD and every account's IPS_PASSWORD_<NAME> (./accounts.ts).
  const secrets = Object.entries(io.env)
    .filter(([k, v]) => k.startsWith('IPS_PASSWORD') && !!v)
    .map(([, v]) => v!);
  /** The one saved account a command talks to: its errors start with its name. */
  let accountName: string | undefined;
  const fail = (err: unknown): number => {
    const named = accountName !== undefined && !(err instanceof UsageError) ? `${accountName}: ` : '';
    io.err(`${APP_NAME}: ${named}${errorMessage(err, locale.app, secrets)}`);
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

  const sessions: Session[] = [];
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
      case 'accounts':
        return await (await import('./accounts-command.ts')).runAccounts(parsed, locale.app, io);
      default:
        break;
    }
    const targets = await savedTargets(parsed, io.env);
    const f = formatter(locale, undefined, io.columns);
    if (parsed.kind === 'list' || parsed.kind === 'logs') {
      // Every named account at once, each row labelled with its account (./lists.ts).
      const sources: Source[] = [];
      for (const target of targets ?? [undefined]) {
        const s = await connect(parsed.conn, locale, io.env, deps, target);
        sessions.push(s);
        sources.push(target ? { api: s.api, account: target.account.name } : { api: s.api });
      }
      const listIo = { out: io.out, note: (line: string) => io.err(`${APP_NAME}: ${line}`), message: (err: unknown) => errorMessage(err, locale.app, secrets) };
      return await (parsed.kind === 'list' ? runList(parsed, sources, f, listIo) : runLogs(parsed, sources, f, locale, listIo));
    }
    if (targets && parsed.kind === 'watch') {
      // The app's multi-account engine: every event and job names its account.
      for (const target of targets) sessions.push(await connect(parsed.conn, locale, io.env, deps, target));
      const accounts = sessions.map((s, i) => ({ id: targets[i]!.account.id, name: targets[i]!.account.name, api: s.api, userEmail: s.user }));
      return await runWatchCommand(parsed, { accounts }, locale.app, io, deps);
    }
    accountName = targets?.[0]?.account.name;
    const session = await connect(parsed.conn, locale, io.env, deps, targets?.[0]);
    sessions.push(session);
    return await runCommand(parsed, session, locale, io, deps, accountName);
  } catch (err) {
    return fail(err);
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  }
}

/**
 * With --account: the saved accounts it names (read from the app's settings), else undefined.
 * The settings file's reader (and zod, its schema) loads only then.
 */
async function savedTargets(
  p: Exclude<Parsed, { kind: 'help' | 'version' | 'simulator' | 'download' | 'accounts' }>,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedAccount[] | undefined> {
  if (p.conn.accounts.length === 0) return undefined;
  const { readSavedAccounts, selectAccounts, settingsPathFor } = await import('./accounts.ts');
  const saved = readSavedAccounts(settingsPathFor(p.conn.settingsPath, env));
  // Reading is for every account at once; an action, an upload or a job's log is for one.
  const several = p.kind === 'list' || p.kind === 'logs' || p.kind === 'watch';
  const single = several ? undefined : p.kind === 'job' ? p.command : p.kind;
  return selectAccounts(p.conn.accounts, saved, env, single);
}

async function connect(c: ConnectionArgs, locale: CliLocale, env: NodeJS.ProcessEnv, deps: CliDeps, target?: ResolvedAccount): Promise<Session> {
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

  if (target) {
    // A saved account: its own server and user, the password from its variable (./accounts.ts).
    const a = target.account;
    const conn: IpsConnection = { ...base, user: a.user, password: target.password! };
    if (a.serviceUrl) conn.serviceUrl = serviceUrl(a.serviceUrl);
    else {
      conn.region = a.region;
      conn.staging = a.staging;
    }
    return { api: await deps.createClient(conn), user: a.user, conn, close: async () => undefined };
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

async function runCommand(
  p: Exclude<Parsed, { kind: 'help' | 'version' | 'simulator' | 'download' | 'accounts' | 'list' | 'logs' }>,
  s: Session,
  locale: CliLocale,
  io: CliIo,
  deps: CliDeps,
  /** The saved account --account named, if it did. */
  account?: string,
): Promise<number> {
  const f = formatter(locale, undefined, io.columns);
  switch (p.kind) {
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
      if (p.command === 'rerun') return (await import('./rerun.ts')).runRerun(s.api, ref, p.json, locale.app, (text) => io.out(text), account);
      if (p.command === 'stop') await s.api.stopJob(ref);
      else if (p.command === 'pause') await s.api.pauseJob(ref);
      else if (p.command === 'resume') await s.api.resumeJob(ref);
      else if (p.command === 'run-now') await s.api.executeJob(ref);
      else await s.api.deleteJob(ref);
      // With --account, the account it went to, as the reading commands name theirs.
      if (p.json) await io.out(`${JSON.stringify({ ok: true, action: p.command, ...(account ? { account } : {}), ...ref })}\n`);
      else await io.out(`${t(locale.app, `cli.action.${p.command}`, { job: p.jobHandle, company: p.companyHandle })}\n`);
      return EXIT.OK;
    }
    case 'watch':
      return runWatchCommand(p, { api: s.api, userEmail: s.user }, locale.app, io, deps);
    case 'upload':
      return (await import('./upload.ts')).runUpload(p, s, locale.app, io);
    case 'upload-urls':
      return (await import('./upload-urls.ts')).runUploadUrls(p, s, locale.app, io);
    case 'export':
      return (await import('./export.ts')).runExport(p, s, locale.app, io);
  }
}

async function runWatchCommand(
  p: Extract<Parsed, { kind: 'watch' }>,
  who: { api: IpsApi; userEmail: string } | { accounts: WatchAccount[] },
  locale: AppLocale,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  const settings = defaultSettings();
  settings.companies = [...p.conn.companies];
  settings.language = locale;
  const { runWatch } = await deps.watch();
  io.holdSignals?.();
  const ctx: Parameters<RunWatch>[0] = {
    ...who,
    settings,
    locale,
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
