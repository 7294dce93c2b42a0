// The application core: what the Electron shell (electron/main.ts) and the web preview
// (electron/preview.ts) both wrap. It owns the connection (demo simulator or a real IPS
// account), the engine's life, the settings and the password, and answers every IPC
// command after validating its argument. No electron imports here.
import type { AppNotification, Company, EngineEvent, ErrorInfo, TrayState } from '../../shared/domain.ts';
import {
  commandArgs,
  EVENT_NAMES,
  type ActionResult,
  type CommandName,
  type Commands,
  type ConnectionInfo,
  type EventName,
  type Events,
  type PollingInfo,
  type SettingsView,
  type Snapshot,
} from '../../shared/ipc.ts';
import { resolveLocale, settingsSchema, type AccountSettings, type AppLocale, type Settings } from '../../shared/settings.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { createIpsClient } from '../ips/client.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { checkServiceUrl, passwordFor, sameUserAndServer } from './account.ts';
import { CommandError } from '../../shared/bridge-wire.ts';
import { createEngine } from './engine.ts';
import { createAppTransfers } from './app-transfers.ts';
import type { TransferStore } from './transfers/types.ts';
import { systemClock, type Clock } from '../clock.ts';
import { createEmitter, createEventHub } from '../../shared/emitter.ts';
import type { Engine, EngineOptions, HistoryStore, SecretStore, SettingsStore } from './types.ts';

/** What the embedded simulator hands back once it listens. */
export interface SimulatorHandle {
  /** The IpsApiService endpoint, e.g. http://127.0.0.1:PORT/scene7/services/IpsApiService. */
  url: string;
  close(): Promise<void>;
}

export interface SimulatorModule {
  startSimulator(opts: { demo: boolean; historyRows?: number; port?: number }): Promise<SimulatorHandle>;
  DEMO_USER: string;
  DEMO_PASSWORD: string;
}

export interface AppCoreOptions {
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  historyStore?: HistoryStore;
  /** OS locales, best first (app.getPreferredSystemLanguages(), Intl, LANG …). */
  systemLocales: readonly string[];
  appVersion: string;
  clock?: Clock;
  /** Open an https URL in the user's browser (shell.openExternal in the app). */
  openExternal(url: string): Promise<void>;
  copyText(text: string): void | Promise<void>;
  /** The IPS client; default: createIpsClient from electron/ips/client.ts. */
  createApi?: (conn: IpsConnection) => Promise<IpsApi>;
  /** The engine; default: createEngine from ./engine.ts. */
  createEngine?: (opts: EngineOptions) => Engine;
  /**
   * The demo backend (the port the core needs; electron/simulator/index.ts satisfies it).
   * The composition roots (desktop shell, preview, CLI) pass it in, usually as a lazy
   * `() => import('…/simulator/index.ts')`, so the core never depends on the simulator.
   */
  simulator: SimulatorModule | (() => Promise<SimulatorModule>);
  /** Seed the demo simulator with this many finished job logs. */
  demoHistoryRows?: number;
  /** Where the transfer queue survives restarts (userData/transfers.json); default memory. */
  transferStore?: TransferStore;
  /** Show a downloaded file in the file manager (shell.showItemInFolder in the app). */
  showItemInFolder?(path: string): void | Promise<void>;
  /** Where the core reports problems it recovered from (never a password). Default: nothing. */
  log?: (line: string) => void;
}

type Listener<E extends EventName> = (payload: Events[E]) => void;

export interface AppCore {
  /** Connect (demo or real account) and start the engine. Resolves once the engine runs or the connection failed visibly. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Answer one IPC command. The argument is validated first: bad input resolves to
   * `{ ok: false, error: { kind: 'usage' } }` for commands with such a result and
   * rejects with a CommandError (kind `usage`) for getSnapshot/getSettings.
   */
  handle<C extends CommandName>(command: C, arg: unknown): Promise<Commands[C]>;
  handle(command: string, arg: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** Notifications decided by the engine's rules (forwarded across engine restarts). */
  onNotification(listener: (n: AppNotification) => void): () => void;
  /** Raw engine events (the CLI's watch output), forwarded across engine restarts. */
  onEngineEvent(listener: (e: EngineEvent) => void): () => void;
  /** The current snapshot (same as handle('getSnapshot')). */
  snapshot(): Snapshot;
  /** The machine woke up or was unlocked: refresh now. */
  wake(): void;
  /** The user looked at the window: the tray stops showing failures they have now seen. */
  acknowledge(): void;
  /** True while running against the embedded simulator. */
  readonly demo: boolean;
}

/** A command failed before it ran (bad argument, unknown command). The IPC layers send `info`. */
export { CommandError } from '../../shared/bridge-wire.ts';

/** Commands whose result is not `{ ok, … }`: bad input rejects instead. */
const PLAIN_RESULT = new Set<string>(['getSnapshot', 'getSettings']);

function usage(message: string, operation?: string): ErrorInfo {
  return operation ? { kind: 'usage', message, operation } : { kind: 'usage', message };
}

/** One readable line from a zod error, naming fields but never echoing values. */
function describeIssues(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return 'invalid argument';
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merge plain objects (arrays and scalars replace). */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

const FALLBACK_TRAY: TrayState = { icon: 'offline', progress: null, tooltip: 'IPS Jobs', menu: [] };

const NOT_CONNECTED: ErrorInfo = { kind: 'network', message: 'Not connected to IPS yet; try again in a moment.' };

export function createAppCore(opts: AppCoreOptions): AppCore {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const hub = createEventHub<Events>({ onError: (err, event) => log(`listener for ${String(event)} failed: ${(err as Error).message}`) });
  const notificationListeners = createEmitter<AppNotification>({ onError: (err) => log(`notification listener failed: ${(err as Error).message}`) });
  const engineEventListeners = createEmitter<EngineEvent>({ onError: (err) => log(`engine event listener failed: ${(err as Error).message}`) });

  let settings: Settings = opts.settingsStore.get();
  let hasPassword = false;
  let engine: Engine | undefined;
  let engineUnsubs: (() => void)[] = [];
  let api: IpsApi | undefined;
  let demo = true;
  let userEmail = '';
  let companies: Company[] = [];
  let connection: ConnectionInfo = { state: 'connecting' };
  let simulator: SimulatorHandle | undefined;
  let simulatorModule: SimulatorModule | undefined;
  let running = false;
  /** Bumped by stop() and restarts: a connect still in flight from an older generation gives up and cleans up. */
  let generation = 0;
  /** Serialises start/stop/restart so an account change never races a start. */
  let lifecycle: Promise<unknown> = Promise.resolve();
  // Uploads and downloads: the persisted queue, fed the session's connection (./app-transfers.ts).
  const transfers = createAppTransfers({
    ...(opts.transferStore ? { store: opts.transferStore } : {}),
    ...(opts.showItemInFolder ? { showItemInFolder: opts.showItemInFolder } : {}),
    clock,
    log,
    locale: () => locale(),
    job: (key) => engine?.jobs().find((j) => j.key === key),
    emit: (s) => emit('transfers', s),
    trayChanged: () => emit('tray', snapshot().tray),
    notify: (n) => notificationListeners.emit(n),
    notificationPrefs: () => settings.notifications,
  });

  function emit<E extends EventName>(event: E, payload: Events[E]): void {
    hub.emit(event, payload);
  }

  function locale(): AppLocale {
    return resolveLocale(settings.language, opts.systemLocales);
  }

  function settingsView(): SettingsView {
    return {
      settings: structuredClone(settings),
      hasPassword,
      secretStorage: opts.secretStore.storage(),
      locale: locale(),
      systemLocale: resolveLocale('system', opts.systemLocales),
    };
  }

  function setConnection(c: ConnectionInfo): void {
    connection = c;
    emit('connection', c);
  }

  function setCompanies(c: Company[]): void {
    companies = c;
    emit('companies', c);
  }

  async function loadSimulatorModule(): Promise<SimulatorModule> {
    if (simulatorModule) return simulatorModule;
    const s = opts.simulator;
    simulatorModule = typeof s === 'function' ? await s() : s;
    return simulatorModule;
  }

  async function createApi(conn: IpsConnection): Promise<IpsApi> {
    return (opts.createApi ?? createIpsClient)(conn);
  }

  async function makeEngine(o: EngineOptions): Promise<Engine> {
    return (opts.createEngine ?? createEngine)(o);
  }

  async function ensureSimulator(): Promise<{ handle: SimulatorHandle; mod: SimulatorModule }> {
    const mod = await loadSimulatorModule();
    if (!simulator) {
      const simOpts: { demo: boolean; historyRows?: number } = { demo: true };
      if (opts.demoHistoryRows !== undefined) simOpts.historyRows = opts.demoHistoryRows;
      simulator = await mod.startSimulator(simOpts);
    }
    return { handle: simulator, mod };
  }

  function connectionFor(account: AccountSettings, password: string): IpsConnection {
    const conn: IpsConnection = { user: account.user, password, locale: locale(), appName: 'IPS Jobs', appVersion: opts.appVersion };
    if (account.serviceUrl) conn.serviceUrl = account.serviceUrl;
    else {
      conn.region = account.region;
      conn.staging = account.staging;
    }
    return conn;
  }

  /**
   * Log in to an account and list its companies, without saving anything. Demo mode
   * always works (against the embedded simulator).
   */
  async function tryAccount(
    account: AccountSettings,
    password: string | undefined,
  ): Promise<{ ok: true; api: IpsApi; companies: Company[]; user: string } | { ok: false; error: ErrorInfo }> {
    let conn: IpsConnection;
    if (account.mode === 'demo') {
      const { handle, mod } = await ensureSimulator();
      conn = { serviceUrl: handle.url, user: mod.DEMO_USER, password: mod.DEMO_PASSWORD, locale: locale(), appName: 'IPS Jobs', appVersion: opts.appVersion };
    } else {
      if (!account.user) return { ok: false, error: usage('Enter the user name (e-mail) of the IPS account.') };
      if (!password) return { ok: false, error: usage('Enter the password of the IPS account.') };
      const bad = checkServiceUrl(account);
      if (bad) return { ok: false, error: bad };
      conn = connectionFor(account, password);
    }
    try {
      const candidate = await createApi(conn);
      const login = await candidate.checkLogin({ email: conn.user, password: conn.password });
      if (login !== 'ValidLogin') {
        return {
          ok: false,
          error: { kind: 'authentication', message: 'The user name or password was not accepted by IPS.', operation: 'checkLogin' },
        };
      }
      const memberships = await candidate.getCompanyMembership();
      const list = memberships.filter((m) => m.isActive !== false).map((m) => m.company);
      return { ok: true, api: candidate, companies: list, user: conn.user };
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  function detachEngine(): void {
    for (const u of engineUnsubs) u();
    engineUnsubs = [];
  }

  async function stopEngine(): Promise<void> {
    const e = engine;
    if (!e) return;
    engine = undefined;
    transfers.setConnection(undefined);
    detachEngine();
    const keys = e.jobs().map((j) => j.key);
    try {
      await e.stop();
    } catch (err) {
      log(`engine stop failed: ${(err as Error).message}`);
    }
    if (keys.length) emit('jobs-patch', { upsert: [], remove: keys });
  }

  function attachEngine(e: Engine): void {
    engineUnsubs = [
      e.onPatch((p) => {
        emit('jobs-patch', p);
        transfers.jobsChanged(p.upsert);
      }),
      e.onTray((t) => emit('tray', transfers.tray(t))),
      e.onConnection((c) => {
        connection = c;
        emit('connection', c);
      }),
      e.onPolling((p) => emit('polling', p)),
      e.onCompanies((c) => {
        if (c.length || !companies.length) setCompanies(c);
      }),
      e.onNotification(notificationListeners.emit),
      e.onEvent(engineEventListeners.emit),
    ];
  }

  /** Decide demo or real, connect, and run an engine. Never rejects. */
  async function connectAndRun(): Promise<void> {
    const gen = generation;
    const stale = (): boolean => !running || gen !== generation;
    settings = opts.settingsStore.get();
    let password: string | undefined;
    try {
      password = await opts.secretStore.get();
    } catch (err) {
      log(`cannot read the stored password: ${(err as Error).message}`);
    }
    if (stale()) return;
    hasPassword = password !== undefined && password !== '';
    demo = settings.account.mode === 'demo' || !settings.account.user || !hasPassword;
    setConnection({ state: 'connecting' });
    emit('settings', settingsView());

    let conn: IpsConnection;
    try {
      if (demo) {
        const { handle, mod } = await ensureSimulator();
        conn = { serviceUrl: handle.url, user: mod.DEMO_USER, password: mod.DEMO_PASSWORD, locale: locale(), appName: 'IPS Jobs', appVersion: opts.appVersion };
      } else {
        if (simulator) {
          await simulator.close().catch(() => undefined);
          simulator = undefined;
        }
        conn = connectionFor(settings.account, password ?? '');
      }
      if (stale()) return await closeSimulatorIfStopped();
      userEmail = conn.user;
      emit('session', { demo, userEmail });
      api = await createApi(conn);
      transfers.setConnection(conn);
    } catch (err) {
      if (stale()) return await closeSimulatorIfStopped();
      const error = toErrorInfo(err);
      log(`cannot connect: ${error.message}`);
      setConnection({ state: 'error', error });
      return;
    }
    if (stale()) return await closeSimulatorIfStopped();

    // The companies, for the settings view and the engine's first poll. A failure here is
    // not fatal: the engine retries with backoff and reports the connection state.
    try {
      const memberships = await api.getCompanyMembership();
      setCompanies(memberships.filter((m) => m.isActive !== false).map((m) => m.company));
    } catch (err) {
      const error = toErrorInfo(err);
      log(`cannot list companies: ${error.message}`);
      setConnection({ state: error.kind === 'authentication' ? 'auth-failed' : error.kind === 'network' || error.kind === 'timeout' ? 'offline' : 'error', error });
    }
    if (stale()) return await closeSimulatorIfStopped();

    try {
      const engineOpts: EngineOptions = { api, settings, locale: locale(), userEmail, clock };
      if (opts.historyStore) engineOpts.historyStore = opts.historyStore;
      const e = await makeEngine(engineOpts);
      if (stale()) {
        await e.stop().catch(() => undefined);
        return await closeSimulatorIfStopped();
      }
      engine = e;
      attachEngine(e);
      e.start();
      emit('tray', transfers.tray(e.tray()));
      emit('polling', e.polling());
      connection = e.connection();
      emit('connection', connection);
      const c = e.companies();
      if (c.length) setCompanies(c);
      const jobs = e.jobs();
      if (jobs.length) emit('jobs-patch', { upsert: jobs, remove: [] });
    } catch (err) {
      const error = toErrorInfo(err);
      log(`cannot start the engine: ${error.message}`);
      setConnection({ state: 'error', error });
    }
  }

  function queue<T>(step: () => Promise<T>): Promise<T> {
    const next = lifecycle.then(step, step);
    lifecycle = next.catch(() => undefined);
    return next;
  }

  async function closeSimulator(): Promise<void> {
    const s = simulator;
    simulator = undefined;
    if (s) await s.close().catch(() => undefined);
  }

  /** After stop(): a connect that was in flight may have started the simulator after the teardown. */
  async function closeSimulatorIfStopped(): Promise<void> {
    if (!running) await closeSimulator();
  }

  async function restart(): Promise<void> {
    generation += 1;
    await queue(async () => {
      await stopEngine();
      if (running) await connectAndRun();
    });
  }

  function snapshot(): Snapshot {
    const e = engine;
    return {
      jobs: e ? e.jobs() : [],
      tray: transfers.tray(e ? e.tray() : FALLBACK_TRAY),
      connection: e ? e.connection() : connection,
      companies: e && e.companies().length ? e.companies() : companies,
      polling: e ? e.polling() : { paused: false, intervalSeconds: settings.polling.idleSeconds },
      settings: settingsView(),
      demo,
      userEmail,
      appVersion: opts.appVersion,
    };
  }

  function saveAndApply(next: Settings): SettingsView {
    const valid = settingsSchema.parse(next);
    const before = locale();
    opts.settingsStore.set(valid);
    settings = opts.settingsStore.get();
    // A new language also localizes what IPS writes (job log messages), at once.
    if (locale() !== before) api?.setLocale?.(locale());
    engine?.updateSettings(settings, locale());
    const view = settingsView();
    emit('settings', view);
    return view;
  }

  async function withEngine(fn: (e: Engine) => Promise<ActionResult>): Promise<ActionResult> {
    const e = engine;
    if (!e) return { ok: false, error: NOT_CONNECTED };
    try {
      return await fn(e);
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  type Handlers = { [C in CommandName]: (arg: ReturnType<(typeof commandArgs)[C]['parse']>, raw: unknown) => Promise<Commands[C]> };

  const handlers: Handlers = {
    ...transfers.handlers,
    getSnapshot: async () => {
      // The window asks for the snapshot when it opens: what it shows has been seen.
      engine?.acknowledgeAttention?.();
      return snapshot();
    },
    getSettings: async () => settingsView(),
    getJobDetails: async (q) => {
      const e = engine;
      if (!e) return { ok: false, error: NOT_CONNECTED };
      try {
        const query: { companyHandle: string; jobHandle: string; page: number; logTypes?: string[] } = {
          companyHandle: q.companyHandle,
          jobHandle: q.jobHandle,
          page: q.page,
        };
        if (q.logTypes) query.logTypes = q.logTypes;
        return await e.getJobDetails(query);
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    stopJob: (ref) => withEngine((e) => e.stopJob(ref)),
    pauseJob: (ref) => withEngine((e) => e.pauseJob(ref)),
    resumeJob: (ref) => withEngine((e) => e.resumeJob(ref)),
    deleteJob: (ref) => withEngine((e) => e.deleteJob(ref)),
    pollNow: () =>
      withEngine(async (e) => {
        e.pollNow();
        return { ok: true };
      }),
    setPollingPaused: (a) =>
      withEngine(async (e) => {
        e.setPaused(a.paused);
        return { ok: true };
      }),
    saveSettings: async (_parsed, raw) => {
      // Merge the raw (already validated) patch so nested fields the caller left out
      // keep their current values instead of their defaults.
      const merged = deepMerge(settings, raw);
      const result = settingsSchema.safeParse({ ...(merged as object), account: settings.account, schemaVersion: settings.schemaVersion });
      if (!result.success) return { ok: false, error: usage(`Invalid settings: ${describeIssues(result.error)}`, 'saveSettings') };
      try {
        return { ok: true, value: saveAndApply(result.data) };
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot save the settings: ${(err as Error).message}` } };
      }
    },
    testAccount: async (a) => {
      // The stored password goes only to the saved user's own server (./account.ts).
      const pw = await passwordFor(a.account, settings.account, a.password, () => opts.secretStore.get());
      if ('error' in pw) return { ok: false, error: { ...pw.error, operation: 'testAccount' } };
      const r = await tryAccount(a.account, pw.password);
      return r.ok ? { ok: true, companies: r.companies } : r;
    },
    setAccount: async (a) => {
      let password = a.password || undefined;
      const pw = await passwordFor(a.account, settings.account, password, () => opts.secretStore.get());
      if ('error' in pw) return { ok: false, error: { ...pw.error, operation: 'setAccount' } };
      const r = await tryAccount(a.account, pw.password);
      if (!r.ok) return r;
      try {
        if (password !== undefined && a.account.mode === 'ips') await opts.secretStore.set(password, { sessionOnly: a.sessionOnly });
        // The stored password belongs to the saved user and server: another one, without a new password, forgets it.
        else if (!sameUserAndServer(a.account, settings.account) && (await opts.secretStore.get()) !== undefined) await opts.secretStore.clear();
        saveAndApply({ ...settings, account: a.account });
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot save the account: ${(err as Error).message}` } };
      }
      password = undefined;
      await restart();
      return { ok: true, value: settingsView() };
    },
    openExternal: async (a) => {
      let u: URL;
      try {
        u = new URL(a.url);
      } catch {
        return { ok: false, error: usage('Not a valid URL.', 'openExternal') };
      }
      if (u.protocol !== 'https:') return { ok: false, error: usage('Only https:// links are opened.', 'openExternal') };
      try {
        await opts.openExternal(u.href);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot open the link: ${(err as Error).message}` } };
      }
    },
    copyText: async (a) => {
      try {
        await opts.copyText(a.text);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot copy: ${(err as Error).message}` } };
      }
    },
    pauseNotifications: async (a) => {
      if (a.until !== '' && Number.isNaN(Date.parse(a.until))) {
        return { ok: false, error: usage('`until` must be an ISO date or empty.', 'pauseNotifications') };
      }
      const until = a.until === '' ? '' : new Date(a.until).toISOString();
      try {
        saveAndApply({ ...settings, notifications: { ...settings.notifications, pausedUntil: until } });
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot save the settings: ${(err as Error).message}` } };
      }
    },
  };

  async function handle(command: string, arg: unknown): Promise<unknown> {
    if (typeof command !== 'string' || !Object.hasOwn(commandArgs, command)) {
      throw new CommandError(usage(`Unknown command ${JSON.stringify(String(command)).slice(0, 80)}.`));
    }
    const name = command as CommandName;
    const parsed = commandArgs[name].safeParse(arg);
    if (!parsed.success) {
      const error = usage(`Invalid argument for ${name}: ${describeIssues(parsed.error)}`, name);
      if (PLAIN_RESULT.has(name)) throw new CommandError(error);
      return { ok: false, error };
    }
    const fn = handlers[name] as (a: unknown, raw: unknown) => Promise<unknown>;
    try {
      return await fn(parsed.data, arg);
    } catch (err) {
      // Handlers return errors as data; anything thrown is a bug, reported without crashing.
      const error = toErrorInfo(err);
      log(`${name} failed: ${error.message}`);
      if (PLAIN_RESULT.has(name)) throw new CommandError({ ...error, kind: 'internal' });
      return { ok: false, error };
    }
  }

  const core: AppCore = {
    get demo() {
      return demo;
    },
    async start() {
      if (running) return;
      running = true;
      await transfers.start();
      await queue(connectAndRun);
    },
    async stop() {
      // Not queued behind a connect that may wait for a slow server: tear down now; the
      // connect in flight sees the new generation and cleans up after itself.
      running = false;
      generation += 1;
      await stopEngine();
      await transfers.stop();
      await closeSimulator();
    },
    handle: handle as AppCore['handle'],
    on(event, listener) {
      if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
      return hub.on(event, listener);
    },
    onNotification: notificationListeners.on,
    onEngineEvent: engineEventListeners.on,
    snapshot,
    wake() {
      engine?.wake();
    },
    acknowledge() {
      engine?.acknowledgeAttention?.();
    },
  };
  return core;
}
