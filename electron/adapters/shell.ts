// The desktop shell around the AppCore: stores, tray, notifications, the window on
// demand, IPC, wake-up refresh, launch at login, taskbar progress and a clean quit.
// electron/main.ts only decides the paths and calls startShell; everything here runs
// against the fake electron module in test/shell/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, clipboard, dialog, powerMonitor, shell } from 'electron';
import type { AppNotification, Phase, TrayAction, TrayState } from '../../shared/domain.ts';
import { errorText } from '../../shared/i18n/error-text.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { ActionResult, EventName, Events, PollingInfo, Snapshot } from '../../shared/ipc.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { createFileHistoryStore } from '../core/history.ts';
import { createFileTransferStore } from '../core/transfers/store.ts';
import type { TransferStore } from '../core/transfers/types.ts';
import type { HistoryStore, SecretStore, SettingsStore } from '../core/types.ts';
import { registerIpc } from './ipc.ts';
import { createSaveFile, type SaveFile } from './save-file.ts';
import { applyLaunchAtLogin } from './login-item.ts';
import { createNotifier } from './notifications.ts';
import { createSecretStore } from './secret-store.ts';
import { createSettingsStore } from './settings-store.ts';
import { createTray, type TrayController } from './tray.ts';
import { createWindowManager, guardWebContents, hardenSession, openExternalHttps, type WindowManager } from './window.ts';

export const APP_USER_MODEL_ID = 'com.ipsjobs.app';

/** The AppCore as the shell uses it (electron/core/app.ts). */
export interface ShellCore {
  start(): Promise<void>;
  stop(): Promise<void>;
  handle(command: string, arg?: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  onNotification(listener: (n: AppNotification) => void): () => void;
  snapshot(): Snapshot;
  wake(): void;
}

export interface ShellCoreOptions {
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  historyStore: HistoryStore;
  /** userData/history-<account id>.json: each saved account's own history. */
  historyStoreFor(accountId: string): HistoryStore;
  /** userData/transfers.json: the upload and download queue. */
  transferStore: TransferStore;
  systemLocales: readonly string[];
  appVersion: string;
  openExternal(url: string): Promise<void>;
  copyText(text: string): void;
  /** Save an export where the user chooses (./save-file.ts). */
  saveFile: SaveFile;
  /** A downloaded file in the system's file manager. */
  showItemInFolder(path: string): void;
  log(line: string): void;
}

export interface ShellOptions {
  createCore(opts: ShellCoreOptions): ShellCore;
  /** dist/preload.cjs */
  preload: string;
  /** dist/renderer */
  rendererDir: string;
  /** build/icons/tray */
  trayIconsDir: string;
  /** The window icon (Linux). */
  appIcon?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Command-line arguments (`--show` opens the window at start). */
  argv?: readonly string[];
  log?: (line: string) => void;
}

export interface Shell {
  core: ShellCore;
  tray: TrayController;
  windows: WindowManager;
  /** Stop the core and tear the shell down (before-quit does this). */
  shutdown(): Promise<void>;
}

function viewForPhase(phase: Phase): Events['navigate']['view'] {
  if (phase === 'finished') return 'history';
  if (phase === 'scheduled') return 'scheduled';
  return 'active';
}

export async function startShell(opts: ShellOptions): Promise<Shell> {
  const platform = opts.platform ?? process.platform;
  const log = opts.log ?? ((line: string) => console.warn(`[ips-jobs] ${line}`));
  await app.whenReady();

  // Windows titles toasts and groups the taskbar button by this id (must match the
  // installer's appId in electron-builder.yml).
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // A tray app: no dock icon on macOS until the window is open.
  if (platform === 'darwin') app.dock?.hide();

  hardenSession(opts.rendererDir);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  const userData = app.getPath('userData');
  // First run: show the window so the newcomer sees the app (and where its tray icon is).
  const firstRun = !existsSync(join(userData, 'settings.json'));
  const settingsStore = createSettingsStore({ cwd: userData });
  if (settingsStore.problem) log(`${settingsStore.problem}${settingsStore.keptAsidePath ? ` (kept at ${settingsStore.keptAsidePath})` : ''}`);
  const secretStore = createSecretStore({ path: join(userData, 'credentials.bin'), platform, log });
  const historyStore = createFileHistoryStore(join(userData, 'history.json'));

  const core = opts.createCore({
    settingsStore,
    secretStore,
    historyStore,
    // Each saved account's own history; the one of a version-1 install starts from history.json.
    historyStoreFor: (id) => createFileHistoryStore(join(userData, `history-${id}.json`)),
    transferStore: createFileTransferStore(join(userData, 'transfers.json')),
    systemLocales: app.getPreferredSystemLanguages(),
    appVersion: app.getVersion(),
    openExternal: async (url) => {
      if (!(await openExternalHttps(url))) throw new Error('Only https:// links are opened.');
    },
    copyText: (text) => clipboard.writeText(text),
    // The window manager exists once the core does; the dialog opens over its window.
    saveFile: createSaveFile(() => windows.webContents()),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    log,
  });

  const windows = createWindowManager({
    preload: opts.preload,
    statePath: join(userData, 'window-state.json'),
    ...(opts.appIcon ? { icon: opts.appIcon } : {}),
    // Focusing the window acknowledges nothing: the window tells the core which failures were on screen (acknowledgeJobs).
    onVisibilityChange: (open) => {
      if (platform !== 'darwin') return;
      if (open) void app.dock?.show();
      else app.dock?.hide();
    },
  });

  const unregisterIpc = registerIpc({ core, isTrustedSender: (e) => windows.isTrustedSender(e), target: () => windows.webContents() });

  let polling: PollingInfo | undefined;
  const run = (command: string, arg?: unknown): void => {
    core.handle(command, arg).catch((err: Error) => log(`${command} failed: ${err.message}`));
  };
  const onAction = (action: TrayAction): void => {
    switch (action) {
      case 'open-window':
        windows.show();
        break;
      case 'poll-now':
        run('pollNow');
        break;
      case 'toggle-pause':
        run('setPollingPaused', { paused: !(polling ?? core.snapshot().polling).paused });
        break;
      case 'settings':
        windows.navigate({ view: 'settings' });
        break;
      case 'snooze-1h':
      case 'snooze-tomorrow':
        run('pauseNotifications', { preset: action === 'snooze-1h' ? '1h' : 'tomorrow' });
        break;
      case 'snooze-resume':
        run('pauseNotifications', { until: '' });
        break;
      case 'snooze-custom':
        windows.navigate({ view: 'settings', section: 'notifications' });
        break;
      case 'quit':
        app.quit();
        break;
    }
  };

  let locale: AppLocale = 'en';
  /** Stop from the tray's quick action (confirmed there): a refusal is told in a message box. */
  const stopFromTray = async (job: { companyHandle: string; jobHandle: string; name: string; account?: string }): Promise<void> => {
    const res = (await core
      .handle('stopJob', { companyHandle: job.companyHandle, jobHandle: job.jobHandle, ...(job.account ? { account: job.account } : {}) })
      .catch((err: Error) => ({
        ok: false,
        error: { kind: 'internal', message: err.message },
      }))) as ActionResult;
    if (res.ok) return;
    log(`stopJob failed: ${res.error.message}`);
    await dialog.showMessageBox({
      type: 'error',
      message: translator(locale)('tray.quick.stopFailed', { name: job.name }),
      detail: errorText(locale, res.error),
    });
  };

  let trayState: TrayState | undefined;
  const tray = createTray({
    iconsDir: opts.trayIconsDir,
    platform,
    ...(opts.env ? { env: opts.env } : {}),
    onAction,
    onStopJob: (job) => void stopFromTray(job),
    onOpenJob: (jobKey) => {
      const item = trayState?.menu.find((m) => m.type === 'job' && m.jobKey === jobKey);
      windows.navigate({ view: item && item.type === 'job' ? viewForPhase(item.phase) : 'active', jobKey });
    },
  });
  const showTray = (state: TrayState): void => {
    trayState = state;
    tray.update(state);
    windows.setProgress(state.progress);
  };

  const notifier = createNotifier({ onClick: (target) => windows.navigate(target), platform });

  const unsubs = [
    core.on('tray', showTray),
    core.on('polling', (p) => {
      polling = p;
    }),
    core.on('settings', (view) => {
      locale = view.locale;
      applyLaunchAtLogin(view.settings.launchAtLogin, { platform });
    }),
    core.onNotification((n) => {
      notifier.show(n);
    }),
  ];

  // Refetch as soon as the machine is back: after sleep, or when the user unlocks it.
  const wake = (): void => core.wake();
  powerMonitor.on('resume', wake);
  powerMonitor.on('unlock-screen', wake);

  // A second launch (a start-menu click while we run in the tray) brings the window up.
  app.on('second-instance', () => windows.show());
  app.on('activate', () => windows.show());
  // Closing the window leaves the app in the tray.
  app.on('window-all-closed', () => {});

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      for (const u of unsubs) u();
      powerMonitor.removeListener('resume', wake);
      powerMonitor.removeListener('unlock-screen', wake);
      unregisterIpc();
      notifier.closeAll();
      try {
        await core.stop();
      } catch (err) {
        log(`stop failed: ${(err as Error).message}`);
      }
      tray.destroy();
      windows.destroy();
    })();
    return stopping;
  };
  let quitReady = false;
  app.on('before-quit', (event) => {
    if (quitReady) return;
    // Let the core stop cleanly (history saved, simulator closed), then quit for real.
    event.preventDefault();
    void shutdown().finally(() => {
      quitReady = true;
      app.quit();
    });
  });

  const initial = core.snapshot();
  locale = initial.settings.locale;
  showTray(initial.tray);
  polling = initial.polling;
  applyLaunchAtLogin(initial.settings.settings.launchAtLogin, { platform });

  if (firstRun || (opts.argv ?? process.argv).includes('--show')) windows.show();
  await core.start();
  return { core, tray, windows, shutdown };
}
