// The application core: what the Electron shell (electron/main.ts) and the web preview
// (electron/preview.ts) both wrap. It owns the engine's life, the settings and the events;
// the session (./app-session.ts) decides the backend (demo simulator or a real IPS account)
// and its credentials, the commands (./app-commands.ts) validate and answer every IPC
// command, the transfers (./app-transfers.ts) run the upload / download queue. Companies
// and the connection state come from the engine alone. No electron imports here.
import type { AppNotification, Company, EngineEvent, Job, TrayState } from '../../shared/domain.ts';
import {
  EVENT_NAMES,
  type CommandName,
  type Commands,
  type ConnectionInfo,
  type EventName,
  type Events,
  type SettingsView,
  type Snapshot,
} from '../../shared/ipc.ts';
import {
  LEGACY_ACCOUNT_ID,
  accountSettingsOf,
  resolveLocale,
  settingsSchema,
  type AccountSettings,
  type AppLocale,
  type Settings,
} from '../../shared/settings.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { createCommands } from './app-commands.ts';
import { createSession, type SimulatorModule } from './app-session.ts';
import { createEngine } from './engine.ts';
import { createAccountsEngine, splitAccountKey } from './accounts-engine.ts';
import { DEMO_ACCOUNT } from './history-identity.ts';
import { historyWithFallback } from './history.ts';
import { createAppTransfers } from './app-transfers.ts';
import { createFirstErrors } from './first-error.ts';
import { createAppSearch } from './app-search.ts';
import { createHistoryCursors, splitWindowJobs, windowJobsOf } from './snapshot-history.ts';
import type { TransferStore } from './transfers/types.ts';
import { systemClock, type Clock } from '../clock.ts';
import { createEmitter, createEventHub } from '../../shared/emitter.ts';
import type { Engine, EngineOptions, HistoryStore, SecretStore, SettingsStore } from './types.ts';

export type { SimulatorHandle, SimulatorModule } from './app-session.ts';

export interface AppCoreOptions {
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  /** The demo's history (and, until it has its own, a saved account's: the file of a version-1 install). */
  historyStore?: HistoryStore;
  /** Each saved account's own history (userData/history-<id>.json); without it, only one watched account keeps its history. */
  historyStoreFor?: (accountId: string) => HistoryStore;
  /** OS locales, best first (app.getPreferredSystemLanguages(), Intl, LANG …). */
  systemLocales: readonly string[];
  appVersion: string;
  clock?: Clock;
  /** Open an https URL in the user's browser (shell.openExternal in the app). */
  openExternal(url: string): Promise<void>;
  copyText(text: string): void | Promise<void>;
  /** Save an export where the user chooses (the desktop app's save dialog); absent in the preview. */
  saveFile?(fileName: string, text: string): Promise<{ path: string; bytes: number } | undefined>;
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
   * Answer one IPC command (./app-commands.ts). The argument is validated first: bad input
   * resolves to `{ ok: false, error: { kind: 'usage' } }`, as every failure is a Result; only
   * an unknown command name rejects, with a CommandError (kind `usage`).
   */
  handle<C extends CommandName>(command: C, arg: unknown): Promise<Commands[C]>;
  handle(command: string, arg: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** Notifications decided by the engine's rules (forwarded across engine restarts). */
  onNotification(listener: (n: AppNotification) => void): () => void;
  /** Raw engine events (the CLI's watch output), forwarded across engine restarts. */
  onEngineEvent(listener: (e: EngineEvent) => void): () => void;
  /** The current snapshot (the value of handle('getSnapshot')). */
  snapshot(): Snapshot;
  /** The machine woke up or was unlocked: refresh now. */
  wake(): void;
  /** True while running against the embedded simulator. */
  readonly demo: boolean;
}

/** A command failed before it ran (unknown command). The IPC layers send `info`. */
export { CommandError } from '../../shared/bridge-wire.ts';

const FALLBACK_TRAY: TrayState = { icon: 'offline', progress: null, running: 0, tooltip: 'IPS Jobs', menu: [] };

export function createAppCore(opts: AppCoreOptions): AppCore {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const hub = createEventHub<Events>({ onError: (err, event) => log(`listener for ${String(event)} failed: ${(err as Error).message}`) });
  const notificationListeners = createEmitter<AppNotification>({ onError: (err) => log(`notification listener failed: ${(err as Error).message}`) });
  const engineEventListeners = createEmitter<EngineEvent>({ onError: (err) => log(`engine event listener failed: ${(err as Error).message}`) });

  let settings: Settings = opts.settingsStore.get();
  let passwords: Record<string, boolean> = {};
  let engine: Engine | undefined;
  let engineUnsubs: (() => void)[] = [];
  let apis: IpsApi[] = [];
  /** Each watched account's client by account id (the demo: `demo`). */
  let apiById: Map<string, IpsApi> | undefined;
  let demo = true;
  let userEmail = '';
  let companies: Company[] = [];
  let connection: ConnectionInfo = { state: 'connecting' };
  let running = false;
  /** Bumped by stop() and restarts: a connect still in flight from an older generation gives up and cleans up. */
  let generation = 0;
  /** Serialises start/stop/restart so an account change never races a start. */
  let lifecycle: Promise<unknown> = Promise.resolve();
  const session = createSession({
    appVersion: opts.appVersion,
    locale: () => locale(),
    secretStore: opts.secretStore,
    simulator: opts.simulator,
    log,
    ...(opts.createApi ? { createApi: opts.createApi } : {}),
    ...(opts.demoHistoryRows !== undefined ? { demoHistoryRows: opts.demoHistoryRows } : {}),
  });
  // Uploads and downloads: the persisted queue, fed the session's connection (./app-transfers.ts).
  const transfers = createAppTransfers({
    ...(opts.transferStore ? { store: opts.transferStore } : {}),
    ...(opts.showItemInFolder ? { showItemInFolder: opts.showItemInFolder } : {}),
    clock,
    log,
    locale: () => locale(),
    job: (key) => engine?.jobs().find((j) => j.key === key),
    emit: (s) => emit('transfers', s),
    trayChanged: () => emit('tray', transfers.tray(engine ? engine.tray() : FALLBACK_TRAY)),
    notify: (n) => notificationListeners.emit(n),
    notificationPrefs: () => settings.notifications,
  });

  // The index of log details that History's search matches (./app-search.ts).
  const search = createAppSearch({ clock, log, emit: (p) => emit('search-index', p) });

  function emit<E extends EventName>(event: E, payload: Events[E]): void {
    hub.emit(event, payload);
  }

  function locale(): AppLocale {
    return resolveLocale(settings.language, opts.systemLocales);
  }

  function settingsView(): SettingsView {
    const first = settings.accounts[0]?.id;
    return {
      settings: structuredClone(settings),
      hasPassword: first !== undefined && !!passwords[first],
      secretStorage: first !== undefined ? opts.secretStore.storage(first) : 'none',
      accounts: settings.accounts.map((a) => ({ id: a.id, hasPassword: !!passwords[a.id], secretStorage: opts.secretStore.storage(a.id) })),
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

  function detachEngine(): void {
    for (const u of engineUnsubs) u();
    engineUnsubs = [];
  }

  async function stopEngine(): Promise<void> {
    const e = engine;
    if (!e) return;
    engine = undefined;
    transfers.setConnections(undefined);
    search.detach();
    detachEngine();
    const keys = e.jobs().map((j) => j.key);
    try {
      await e.stop();
    } catch (err) {
      log(`engine stop failed: ${(err as Error).message}`);
    }
    if (keys.length) emit('jobs-patch', { upsert: [], remove: keys });
  }

  /**
   * A failure notification waits (briefly, ./first-error.ts) for its first error's reason; the
   * others go out at once. One fetcher per engine: a new account never sees the old one's cache.
   */
  function withFirstError(e: Engine): (n: AppNotification) => void {
    // With several accounts, the job's key names its account: the reason comes from that account's server.
    const fetchers = new Map(apiById ? [...apiById].map(([id, api]) => [id, createFirstErrors({ api, clock })] as const) : []);
    return (n) => {
      const split = n.jobKey ? splitAccountKey(n.jobKey) : undefined;
      const reasons = split ? fetchers.get(split.id) : fetchers.size === 1 ? [...fetchers.values()][0] : undefined;
      if (!reasons || n.kind !== 'finished-error' || !n.jobKey) return notificationListeners.emit(n);
      const [companyHandle = '', jobHandle = ''] = (split?.key ?? n.jobKey).split('\u0000');
      void reasons.enrich(n, locale(), { companyHandle, jobHandle }).then((out) => {
        if (engine === e) notificationListeners.emit(out);
      });
    };
  }

  function attachEngine(e: Engine): void {
    engineUnsubs = [
      e.onPatch((p) => {
        emit('jobs-patch', p);
        transfers.jobsChanged(p.upsert);
      }),
      e.onTray((t) => emit('tray', transfers.tray(t))),
      e.onConnection(setConnection),
      e.onPolling((p) => emit('polling', p)),
      e.onCompanies((c) => {
        if (c.length || !companies.length) setCompanies(c);
      }),
      e.onNotification(withFirstError(e)),
      e.onEvent(engineEventListeners.emit),
      e.onEvent(search.onEvent),
    ];
  }

  /**
   * Decide demo or real, connect, and run an engine. Never rejects. The engine discovers
   * the companies and reports the connection state (with backoff) from its first call on.
   */
  async function connectAndRun(): Promise<void> {
    const gen = generation;
    const stale = (): boolean => !running || gen !== generation;
    settings = opts.settingsStore.get();
    const plan = await session.plan(settings);
    if (stale()) return;
    passwords = plan.passwords;
    demo = plan.demo;
    setConnection({ state: 'connecting' });
    emit('settings', settingsView());

    /** One engine per watched account (the demo is one). */
    let targets: { id: string; name: string; account: AccountSettings; conn: IpsConnection; api?: IpsApi }[];
    try {
      if (plan.demo) targets = [{ id: 'demo', name: 'Demo', account: DEMO_ACCOUNT, conn: await session.openDemo() }];
      else {
        await session.closeSimulator();
        targets = plan.accounts.map(({ account, password }) => ({
          id: account.id,
          name: account.name,
          account: accountSettingsOf(account),
          conn: session.connectionFor(account, password),
        }));
      }
      if (stale()) return await closeSimulatorIfStopped();
      userEmail = targets[0]!.conn.user;
      emit('session', { demo, userEmail });
      for (const t of targets) t.api = await session.createApi(t.conn);
      apis = targets.map((t) => t.api!);
      apiById = new Map(targets.map((t) => [t.id, t.api!]));
      // An upload goes to the account its company was chosen under (the first when none); downloads need none.
      transfers.setConnections(targets.map((t) => ({ id: t.id, conn: t.conn, api: t.api! })));
    } catch (err) {
      if (stale()) return await closeSimulatorIfStopped();
      const error = toErrorInfo(err);
      log(`cannot connect: ${error.message}`);
      setConnection({ state: 'error', error });
      return;
    }
    if (stale()) return await closeSimulatorIfStopped();

    try {
      const several = targets.length > 1;
      const parts = targets.map((t) => {
        const engineOpts: EngineOptions = { api: t.api!, settings, locale: locale(), userEmail: t.conn.user, clock, account: t.account };
        const store = historyStoreOf(t.id, several);
        if (store) engineOpts.historyStore = store;
        return { id: t.id, name: t.name, engine: (opts.createEngine ?? createEngine)(engineOpts) };
      });
      const e = several ? createAccountsEngine(parts) : parts[0]!.engine;
      if (stale()) {
        await e.stop().catch(() => undefined);
        return await closeSimulatorIfStopped();
      }
      engine = e;
      attachEngine(e);
      e.start();
      search.attach(
        targets.map((t) => `${t.id}|${t.conn.serviceUrl ?? ''}|${t.conn.region ?? ''}|${t.conn.staging ?? ''}|${t.conn.user}`).join(' '),
        searchApi(targets, e),
        () => e.jobs(),
      );
      emit('tray', transfers.tray(e.tray()));
      emit('polling', e.polling());
      setConnection(e.connection());
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

  /**
   * The client History's search fetches log details with. Several accounts: the account whose
   * engine has that job (the same handles on two servers: neither, rather than the wrong rows).
   */
  function searchApi(targets: { id: string; name: string; api?: IpsApi }[], e: Engine): Pick<IpsApi, 'getJobLogDetails'> {
    if (targets.length === 1) return targets[0]!.api!;
    return {
      getJobLogDetails: async (q) => {
        const owners = e.jobs().filter((j) => j.companyHandle === q.companyHandle && j.jobHandle === q.jobHandle);
        const owner = owners.length === 1 ? targets.find((t) => t.name === owners[0]!.account) : undefined;
        return owner?.api ? owner.api.getJobLogDetails(q) : [];
      },
    };
  }

  /**
   * Where an engine keeps its history: the demo in historyStore; an account in its own store,
   * which starts from historyStore's file when it has none yet (a version-1 install's history
   * follows its account; the history's identity keeps another account's jobs out). Several
   * accounts without their own stores keep memory only, never one file for two.
   */
  function historyStoreOf(id: string, several: boolean): HistoryStore | undefined {
    if (id === 'demo') return opts.historyStore;
    if (opts.historyStoreFor) return historyWithFallback(opts.historyStoreFor(id), opts.historyStore, id === LEGACY_ACCOUNT_ID);
    return several ? undefined : opts.historyStore;
  }

  function queue<T>(step: () => Promise<T>): Promise<T> {
    const next = lifecycle.then(step, step);
    lifecycle = next.catch(() => undefined);
    return next;
  }

  /** After stop(): a connect that was in flight may have started the simulator after the teardown. */
  async function closeSimulatorIfStopped(): Promise<void> {
    if (!running) await session.closeSimulator();
  }

  async function restart(): Promise<void> {
    generation += 1;
    await queue(async () => {
      await stopEngine();
      if (running) await connectAndRun();
    });
  }

  function snapshot(jobs: Job[]): Snapshot {
    const e = engine;
    return {
      jobs,
      tray: transfers.tray(e ? e.tray() : FALLBACK_TRAY),
      connection: e ? e.connection() : connection,
      companies: e && e.companies().length ? e.companies() : companies,
      polling: e ? e.polling() : { paused: false, intervalSeconds: settings.polling.idleSeconds },
      settings: settingsView(),
      demo,
      userEmail,
      appVersion: opts.appVersion,
      finishedToFollow: 0,
    };
  }

  /** Older history the windows' snapshots left out, pulled page by page (getOlderHistory). */
  const historyCursors = createHistoryCursors();

  /**
   * What getSnapshot answers: the unfinished and the newest finished jobs; the window pulls the
   * older finished ones with the snapshot's historyCursor once it has painted (./snapshot-history.ts).
   */
  function windowSnapshot(): Snapshot {
    const e = engine;
    // Only the newest finished jobs are materialized here; the rest as they are pulled.
    const { head, rest } = splitWindowJobs(e ? (e.windowJobs?.() ?? windowJobsOf(e.jobs())) : { live: [], finished: [] });
    const snap = snapshot(head);
    if (!rest.length) return snap;
    return { ...snap, finishedToFollow: rest.length, historyCursor: historyCursors.open(rest, e) };
  }

  function saveAndApply(next: Settings): SettingsView {
    const valid = settingsSchema.parse(next);
    const before = locale();
    opts.settingsStore.set(valid);
    settings = opts.settingsStore.get();
    // A new language also localizes what IPS writes (job log messages), at once.
    if (locale() !== before) for (const api of apis) api.setLocale?.(locale());
    engine?.updateSettings(settings, locale());
    const view = settingsView();
    emit('settings', view);
    return view;
  }

  const handle = createCommands({
    settings: () => settings,
    now: () => clock.now(),
    settingsView,
    snapshot: windowSnapshot,
    olderHistory: (cursor, max) => historyCursors.next(cursor, max, engine),
    engine: () => engine,
    saveAndApply,
    restart,
    session,
    secretStore: opts.secretStore,
    openExternal: opts.openExternal,
    copyText: opts.copyText,
    ...(opts.saveFile ? { saveFile: opts.saveFile } : {}),
    transferHandlers: transfers.handlers,
    search,
    log,
  });

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
      await session.closeSimulator();
    },
    handle: handle as AppCore['handle'],
    on(event, listener) {
      if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
      return hub.on(event, listener);
    },
    onNotification: notificationListeners.on,
    onEngineEvent: engineEventListeners.on,
    snapshot: () => snapshot(engine ? engine.jobs() : []),
    wake() {
      engine?.wake();
    },
  };
  return core;
}
