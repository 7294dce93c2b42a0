// The transfer queue inside the AppCore (electron/core/app.ts): created with the app's
// store (userData/transfers.json in the app, DIR/transfers.json in the preview with
// --state-dir, else memory), restored on start, and fed the IPS connection of the current
// session (the demo simulator or the signed-in account) whenever the core connects. It
// answers the transfer commands of shared/ipc-transfers.ts, sends the compact `transfers`
// event (throttled while bytes move), follows each upload's job on the board — the counts
// stay with the transfer after the board forgets the job — and adds the transfers to the
// tray. Finished upload jobs are notified by the engine's own rules (notify-rules.ts), as
// every job is. No electron imports here.
import type { z } from 'zod';
import type { AppNotification, ErrorInfo, Job, TrayState } from '../../shared/domain.ts';
import { errorText } from '../../shared/i18n/error-text.ts';
import { jobKey } from '../../shared/domain.ts';
import type { TransferCommands, TransferJobView, TransfersState, transferCommandArgs } from '../../shared/ipc-transfers.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import { quietNow } from './notify-rules.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { accountKey } from './accounts-engine.ts';
import { resendFailed } from './app-transfers-resend.ts';
import { IpsError, toErrorInfo } from '../ips/errors.ts';
import { listFolders } from '../ips/folders.ts';
import { resolveServiceUrl, uploadUrlFor } from '../ips/regions.ts';
import { TransferCancelledError, uploadUrlForService } from '../ips/upload.ts';
import { checkDestFolder, collectUploadItems } from './app-transfers-files.ts';
import { jobViewOf, liveFromUpload, transferView, transfersState, trayWithTransfers, type LiveProgress } from './app-transfers-view.ts';
import { ipsDownloader, ipsUploader, type IpsTransferConfig } from './transfers/ips.ts';
import { createTransferQueue, type TransferQueue } from './transfers/queue.ts';
import { createMemoryTransferStore } from './transfers/store.ts';
import type { Downloader, PersistedTransfers, Transfer, TransferStore, Uploader } from './transfers/types.ts';
import { systemClock, type Clock } from '../clock.ts';

export type TransferCommandName = keyof typeof transferCommandArgs;
export type TransferHandlers = {
  [C in TransferCommandName]: (arg: z.output<(typeof transferCommandArgs)[C]>) => Promise<TransferCommands[C]>;
};

export interface AppTransfersOptions {
  /** Where the queue survives restarts; default memory. */
  store?: TransferStore;
  clock?: Clock;
  locale(): AppLocale;
  /** The board's job by key (the engine's), for the job link and its counts. */
  job(key: string): Job | undefined;
  emit(state: TransfersState): void;
  /** The transfers' part of the tray changed: the core re-emits the tray. */
  trayChanged(): void;
  /** A transfer gave up or was interrupted: tell the user (the core's notification listeners). */
  notify?(n: AppNotification): void;
  /** The notification switches (the error switch and quiet hours apply). */
  notificationPrefs?(): Settings['notifications'];
  /** Show a file in the system's file manager (shell.showItemInFolder); absent in the preview. */
  showItemInFolder?(path: string): void | Promise<void>;
  log?(line: string): void;
  /** Tests: the queue's seams. */
  uploader?: Uploader;
  downloader?: Downloader;
  concurrency?: number;
  backoff?: { baseMs: number; maxMs: number };
  platform?: NodeJS.Platform;
  /** Throttle of `transfers` events while bytes move (ms, default 250). */
  emitEveryMs?: number;
}

export interface AppTransfers {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The session's watched accounts (after each connect; the demo is one), or undefined while
   * there are none. An upload goes to its account (the first when it names none); with
   * several, its job's key carries the account's id as the board's keys do (./accounts-engine.ts).
   */
  setConnections(accounts: readonly TransferAccount[] | undefined): void;
  /** The board changed these jobs: refresh the transfers that became them. */
  jobsChanged(jobs: readonly Job[]): void;
  handlers: TransferHandlers;
  state(): TransfersState;
  tray(t: TrayState): TrayState;
  /** For the export flow and tests: queue a download. */
  addDownload(input: { url: string; dir: string; fileName?: string }): Promise<string>;
  readonly queue: TransferQueue;
}

/** One watched account as the transfers use it: its connection, and its client for the job logs. */
export interface TransferAccount {
  id: string;
  conn: IpsConnection;
  api?: Pick<IpsApi, 'getJobLogDetails'>;
}

type Persisted = PersistedTransfers & { jobs?: Record<string, TransferJobView> };

function usage(message: string, operation: string): ErrorInfo {
  return { kind: 'usage', message, operation };
}

/** A job name as IPS shows runs: readable and unique (as the CLI names them). */
export function defaultUploadJobName(now = new Date()): string {
  return `ips-jobs-upload-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** The servlet and service of a connection (the region's upload host, or beside --service-url). */
export function transferConfigOf(conn: IpsConnection): IpsTransferConfig {
  const serviceUrl = resolveServiceUrl(conn);
  const uploadUrl = conn.serviceUrl ? uploadUrlForService(serviceUrl) : uploadUrlFor(conn.region ?? 'na', conn.staging ?? false);
  const c: IpsTransferConfig = { user: conn.user, password: conn.password, uploadUrl, serviceUrl };
  if (conn.locale) c.locale = conn.locale;
  if (conn.appName) c.appName = conn.appName;
  if (conn.appVersion) c.appVersion = conn.appVersion;
  return c;
}

export function createAppTransfers(o: AppTransfersOptions): AppTransfers {
  const clock = o.clock ?? systemClock;
  const log = o.log ?? (() => {});
  const base = o.store ?? createMemoryTransferStore();
  const jobs = new Map<string, TransferJobView>();
  const live = new Map<string, LiveProgress>();
  let lastSaved: PersistedTransfers = { version: 1, transfers: [] };
  let accounts: readonly TransferAccount[] | undefined;
  /** Whether the last connect watched several accounts (job keys carry the account then). */
  let several = false;
  let firstId: string | undefined;
  let waiters: Array<() => void> = [];

  // The queue's file, with the jobs' last known counts beside its records.
  const store: TransferStore = {
    async load() {
      const p = (await base.load()) as Persisted | undefined;
      for (const [id, j] of Object.entries(p?.jobs ?? {})) if (j && typeof j === 'object' && typeof j.jobKey === 'string') jobs.set(id, j);
      return p;
    },
    save(p) {
      lastSaved = p;
      const ids = new Set(p.transfers.map((t) => t.id));
      for (const id of jobs.keys()) if (!ids.has(id)) jobs.delete(id);
      return base.save({ ...p, jobs: Object.fromEntries(jobs) } as Persisted);
    },
  };
  const saveJobs = (): void => {
    store.save(lastSaved).catch((err: Error) => log(`cannot save the transfers: ${err.message}`));
  };

  /** The account an upload goes to among those watched now (undefined: not watched, or not connected). */
  const accountOf = (accountId: string | undefined): TransferAccount | undefined =>
    accountId === undefined ? accounts?.[0] : accounts?.find((a) => a.id === accountId);
  const gone = (accountId: string | undefined): IpsError =>
    new IpsError('usage', translator(o.locale())('ui.transfers.error.accountGone', { account: accountId ?? '' }));
  /** The account's connection, once the core has one (a restored transfer waits for it). */
  const connection = (accountId: string | undefined, signal: AbortSignal): Promise<IpsConnection> => {
    if (accounts) {
      const a = accountOf(accountId);
      return a ? Promise.resolve(a.conn) : Promise.reject(gone(accountId));
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new TransferCancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        const a = accountOf(accountId);
        if (a) resolve(a.conn);
        else reject(gone(accountId));
      });
    });
  };
  /** The board's key of an upload's job. */
  const keyOf = (accountId: string | undefined, companyHandle: string, jobHandle: string): string => {
    const key = jobKey(companyHandle, jobHandle);
    const id = accountId ?? firstId;
    return several && id ? accountKey(id, key) : key;
  };

  const baseUploader: Uploader =
    o.uploader ??
    (async (t, ctx) => {
      const c = await connection(t.accountId, ctx.signal);
      return ipsUploader({ ...transferConfigOf(c), timeoutMs: 120_000 })(t, ctx);
    });
  const uploader: Uploader = (t, ctx) =>
    baseUploader(t, {
      ...ctx,
      onProgress: (p) => {
        live.set(t.id, liveFromUpload(p));
        ctx.onProgress(p);
      },
    });
  const baseDownloader = o.downloader ?? ipsDownloader();
  const downloader: Downloader = (t, ctx) =>
    baseDownloader(t, {
      ...ctx,
      onProgress: (p) => {
        live.set(t.id, { speed: p.bytesPerSecond, ...(p.etaSeconds !== undefined ? { eta: p.etaSeconds } : {}) });
        ctx.onProgress(p);
      },
    });

  const queue = createTransferQueue({
    store,
    uploader,
    downloader,
    clock,
    ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
    ...(o.backoff ? { backoff: o.backoff } : {}),
  });

  const jobFor = (t: Transfer): TransferJobView | undefined => {
    if (t.kind !== 'upload' || !t.jobHandle) return undefined;
    const id = t.id;
    const key = keyOf(t.accountId, t.spec.companyHandle, t.jobHandle);
    const j = o.job(key);
    if (j) return jobViewOf(j);
    // What the board last said of this very job (not of an earlier job a Retry replaced).
    const kept = jobs.get(id);
    return kept?.jobKey === key ? kept : undefined;
  };

  const state = (): TransfersState => {
    const all = queue.list();
    const names = new Map(all.map((t) => [t.id, t.kind === 'upload' ? t.spec.jobName : undefined]));
    return transfersState(
      all.map((t) =>
        transferView(t, live.get(t.id), jobFor(t), {
          ...(t.kind === 'upload' && t.jobHandle ? { jobKey: keyOf(t.accountId, t.spec.companyHandle, t.jobHandle) } : {}),
          nameOf: (id) => names.get(id),
        }),
      ),
    );
  };

  // Events: at once when a state changes, at most every emitEveryMs while bytes move.
  const every = o.emitEveryMs ?? 250;
  let timer: unknown;
  let lastTray = '';
  const flush = (): void => {
    timer = undefined;
    const s = state();
    o.emit(s);
    const trayKey = s.active === 0 ? '' : `${s.active}:${Math.floor((s.sent / Math.max(1, s.total)) * 100)}`;
    if (trayKey !== lastTray) {
      lastTray = trayKey;
      o.trayChanged();
    }
  };
  /** Per transfer, what makes an event urgent (its state, its accepted files); progress alone is not. */
  const signatures = new Map<string, string>();
  const changed = (t?: Transfer): void => {
    let urgent = t === undefined;
    if (t) {
      const sig = `${t.state}:${t.kind === 'upload' ? t.doneFiles.length : ''}`;
      urgent = signatures.get(t.id) !== sig;
      signatures.set(t.id, sig);
    }
    if (urgent) {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      flush();
    } else if (timer === undefined) timer = clock.setTimeout(flush, every);
  };
  // A transfer that stops for good while the user may not be looking is notified once.
  const lastState = new Map<string, string>();
  queue.onChange((t) => {
    if (t.state !== 'running') live.delete(t.id);
    const before = lastState.get(t.id);
    lastState.set(t.id, t.state);
    if (before !== undefined && before !== t.state && (t.state === 'failed' || t.state === 'interrupted')) tellStopped(t);
    changed(t);
  });

  function tellStopped(t: Transfer): void {
    const prefs = o.notificationPrefs?.();
    if (!o.notify || (prefs && (!prefs.error || quietNow(prefs, clock.now())))) return;
    const locale = o.locale();
    const tr = translator(locale);
    const name = t.kind === 'upload' ? t.spec.jobName : (t.fileName ?? t.url);
    const failed = t.state === 'failed';
    o.notify({
      id: `transfer:${t.id}:${t.state}:${t.updatedAt}`,
      kind: 'transfer-failed',
      title: tr(failed ? 'ui.transfers.notify.failed.title' : 'ui.transfers.notify.interrupted.title'),
      body: tr('ui.transfers.notify.body', {
        name,
        done: t.kind === 'upload' ? t.doneFiles.length : 0,
        total: t.kind === 'upload' ? t.spec.files.length : 1,
        message: t.error ? errorText(locale, t.error) : '',
      }),
      urgency: 'normal',
    });
  }

  const act =
    (fn: (id: string) => Promise<void>, operation: string) =>
    async (a: { id: string }): Promise<{ ok: true } | { ok: false; error: ErrorInfo }> => {
      if (!queue.get(a.id)) return { ok: false, error: usage(translator(o.locale())('ui.transfers.error.noTransfer'), operation) };
      try {
        await fn(a.id);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    };

  const handlers: TransferHandlers = {
    getTransfers: async () => ({ ok: true, value: state() }),
    addUpload: async (a) => {
      const op = 'addUpload';
      const tr = translator(o.locale());
      if (!a.companyHandle.trim()) return { ok: false, error: usage(tr('ui.transfers.needCompany'), op) };
      try {
        const destFolder = checkDestFolder(a.destFolder, tr);
        const files = await collectUploadItems(a.paths, o.platform ?? process.platform, tr);
        const jobName = a.jobName?.trim() || defaultUploadJobName(new Date(clock.now()));
        const target = accountOf(a.account);
        if (accounts && !target) return { ok: false, error: usage(tr('ui.transfers.error.accountGone', { account: a.account ?? '' }), op) };
        const locale = target?.conn.locale;
        const id = await queue.addUpload(
          {
            companyHandle: a.companyHandle,
            destFolder,
            jobName,
            files,
            overwrite: a.overwrite,
            readyForPublish: a.publish,
            emailSetting: 'None',
            ...(locale ? { locale } : {}),
          },
          a.account ? { accountId: a.account } : {},
        );
        return { ok: true, value: { id, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) } };
      } catch (err) {
        const error = err instanceof IpsError && err.kind === 'usage' ? usage(err.message, op) : toErrorInfo(err);
        return { ok: false, error };
      }
    },
    getFolders: async (a) => {
      const c = accountOf(a.account)?.conn;
      if (!c) return { ok: false, error: { kind: 'network', message: 'Not connected to IPS yet; try again in a moment.', operation: 'getFolders' } };
      try {
        const cfg = transferConfigOf(c);
        return { ok: true, value: await listFolders({ ...cfg, companyHandle: a.companyHandle }) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    pauseTransfer: act((id) => queue.pause(id), 'pauseTransfer'),
    resumeTransfer: act((id) => queue.resume(id), 'resumeTransfer'),
    cancelTransfer: act((id) => queue.cancel(id), 'cancelTransfer'),
    retryTransfer: act((id) => queue.retry(id), 'retryTransfer'),
    resendFailed: (a) =>
      resendFailed(
        {
          queue,
          tr: translator(o.locale()),
          api: (t) => accountOf(t.accountId)?.api,
          job: (t) => jobFor(t),
        },
        a.id,
      ),
    clearTransfers: async () => {
      try {
        await queue.clearFinished();
        changed();
        flush();
        return { ok: true };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    showTransferInFolder: async (a) => {
      const t = queue.get(a.id);
      const path = t?.kind === 'download' ? t.result?.path : undefined;
      const tr = translator(o.locale());
      if (!path) return { ok: false, error: usage(tr('ui.transfers.error.nothingToShow'), 'showTransferInFolder') };
      if (!o.showItemInFolder) return { ok: false, error: usage(tr('ui.transfers.error.fileAt', { path }), 'showTransferInFolder') };
      try {
        await o.showItemInFolder(path);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot show the file: ${(err as Error).message}` } };
      }
    },
  };

  let started = false;
  return {
    queue,
    handlers,
    state,
    async start() {
      if (started) return;
      started = true;
      try {
        await queue.start();
      } catch (err) {
        log(`cannot restore the transfers: ${(err as Error).message}`);
      }
      flush();
    },
    async stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      if (!started) return;
      started = false;
      accounts = undefined;
      await queue.stop();
    },
    setConnections(list) {
      accounts = list && list.length > 0 ? [...list] : undefined;
      if (accounts) {
        several = accounts.length > 1;
        firstId = accounts[0]!.id;
        const w = waiters;
        waiters = [];
        for (const r of w) r();
      }
    },
    jobsChanged(changedJobs) {
      if (changedJobs.length === 0) return;
      const keys = new Map(changedJobs.map((j) => [j.key, j]));
      let touched = false;
      for (const t of queue.list()) {
        if (t.kind !== 'upload' || !t.jobHandle) continue;
        const j = keys.get(keyOf(t.accountId, t.spec.companyHandle, t.jobHandle));
        if (!j) continue;
        const v = jobViewOf(j);
        if (JSON.stringify(jobs.get(t.id)) === JSON.stringify(v)) continue;
        jobs.set(t.id, v);
        touched = true;
      }
      if (touched) {
        saveJobs();
        flush();
      }
    },
    tray: (t) => {
      const s = state();
      return trayWithTransfers(t, s, o.locale());
    },
    addDownload: (input) => queue.addDownload(input),
  };
}
