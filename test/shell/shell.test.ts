// The whole desktop shell around a stand-in core: what the user sees when the core
// reports (tray, taskbar progress, notifications that open the window on a job), what the
// tray menu does, wake-up refresh, a second launch, launch at login, Windows' app id and
// a clean quit.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppNotification, TrayState } from '../../shared/domain.ts';
import type { EventName, Events, Snapshot } from '../../shared/ipc.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { app, dialog, fake, ipcMain, powerMonitor, type MenuItemOptions } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';
import { shellOptions } from './helpers/shell-options.ts';

const { startShell, APP_USER_MODEL_ID } = await import('../../electron/adapters/shell.ts');
type ShellCoreOptions = Parameters<Parameters<typeof startShell>[0]['createCore']>[0];

class FakeCore {
  events = new EventEmitter();
  notes = new EventEmitter();
  calls: [string, unknown][] = [];
  started = 0;
  stopped = 0;
  woken = 0;
  options: ShellCoreOptions | undefined;
  paused = false;
  async start() {
    this.started++;
  }
  async stop() {
    this.stopped++;
  }
  /** What a command answers (default: success). */
  answer: (command: string) => unknown = () => ({ ok: true });
  async handle(command: string, arg?: unknown) {
    this.calls.push([command, arg]);
    return this.answer(command);
  }
  on<E extends EventName>(event: E, l: (p: Events[E]) => void) {
    this.events.on(event, l);
    return () => this.events.off(event, l);
  }
  onNotification(l: (n: AppNotification) => void) {
    this.notes.on('n', l);
    return () => this.notes.off('n', l);
  }
  emit<E extends EventName>(event: E, payload: Events[E]) {
    this.events.emit(event, payload);
  }
  snapshot(): Snapshot {
    return {
      jobs: [],
      tray: { icon: 'offline', progress: null, running: 0, tooltip: 'IPS Jobs — connecting', menu: [] },
      connection: { state: 'connecting' },
      companies: [],
      polling: { paused: this.paused, intervalSeconds: 60 },
      settings: { settings: defaultSettings(), hasPassword: false, secretStorage: 'none', accounts: [], locale: 'en' },
      demo: true,
      userEmail: '',
      appVersion: '0.0.0-test',
    };
  }
  wake() {
    this.woken++;
  }
}

const running: TrayState = {
  icon: 'running',
  progress: 0.5,
  running: 1,
  tooltip: 'IPS Jobs — 1 job running, 50%',
  menu: [
    {
      type: 'job',
      id: 'run:x',
      label: 'Upload assets — 50%',
      name: 'Upload assets',
      jobKey: 'c\u0000x',
      companyHandle: 'c',
      jobHandle: 'x',
      phase: 'running',
      progress: 50,
    },
    {
      type: 'job',
      id: 'fin:y',
      label: 'Export done',
      name: 'Export',
      jobKey: 'c\u0000y',
      companyHandle: 'c',
      jobHandle: 'y',
      phase: 'finished',
      outcome: 'success',
    },
    { type: 'action', id: 'open-window', label: 'Open', enabled: true },
    { type: 'action', id: 'poll-now', label: 'Check now', enabled: true },
    { type: 'action', id: 'toggle-pause', label: 'Pause', enabled: true, checked: false },
    { type: 'action', id: 'settings', label: 'Settings…', enabled: true },
    { type: 'action', id: 'quit', label: 'Quit', enabled: true },
  ],
};

async function start(platform: NodeJS.Platform, opts: { firstRun?: boolean } = {}) {
  app.userData = tempDir('ips-shell-');
  if (!opts.firstRun) writeFileSync(join(app.userData, 'settings.json'), '{"schemaVersion":1}');
  const core = new FakeCore();
  const logs: string[] = [];
  const shell = await startShell(
    shellOptions(
      (o) => {
        core.options = o;
        return core;
      },
      { platform, env: { XDG_CURRENT_DESKTOP: 'KDE' }, log: (l) => logs.push(l) },
    ),
  );
  return { core, shell, logs, tray: fake.trays.at(-1)! };
}

const menuItem = (tray: { contextMenu: { items: MenuItemOptions[] } | null }, id: string): MenuItemOptions => tray.contextMenu!.items.find((i) => i.id === id)!;

beforeEach(() => fake.reset());

test('starts the core with the stores and the OS languages; tray first, no window', async () => {
  const { core, tray } = await start('linux');
  assert.equal(core.started, 1);
  assert.deepEqual(core.options!.systemLocales, ['en-US']);
  assert.equal(core.options!.secretStore.storage('main'), 'none');
  assert.equal(core.options!.settingsStore.get().schemaVersion, 2);
  assert.match(tray.image.path, /offline-light\.png$/);
  assert.equal(fake.windows.length, 0);
});

test('first run opens the window so the newcomer sees the app', async () => {
  await start('linux', { firstRun: true });
  assert.equal(fake.windows.length, 1);
});

test('core tray updates change the icon, tooltip, menu and taskbar progress', async () => {
  const { core, shell, tray } = await start('win32');
  shell.windows.show();
  core.emit('tray', running);
  assert.match(tray.image.path, /win\/running-light\.png$/);
  assert.equal(tray.tooltip, 'IPS Jobs — 1 job running, 50%');
  assert.equal(menuItem(tray, 'run:x').label, 'Upload assets — 50%');
  assert.equal(fake.windows[0]!.progress, 0.5);
  core.emit('tray', { ...running, icon: 'idle', progress: null });
  assert.equal(fake.windows[0]!.progress, -1);
});

test('tray menu: jobs open the window on them, the actions reach the core', async () => {
  const { core, tray } = await start('linux');
  core.emit('tray', running);
  menuItem(tray, 'fin:y').click!();
  const w = fake.windows[0]!;
  assert.deepEqual(w.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c\u0000y' } });
  menuItem(tray, 'poll-now').click!();
  menuItem(tray, 'toggle-pause').click!();
  core.emit('polling', { paused: true, intervalSeconds: 60 });
  menuItem(tray, 'toggle-pause').click!();
  assert.deepEqual(core.calls, [
    ['pollNow', undefined],
    ['setPollingPaused', { paused: true }],
    ['setPollingPaused', { paused: false }],
  ]);
  menuItem(tray, 'settings').click!();
  assert.deepEqual(w.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'settings' } });
});

test('tray "Pause notifications" submenu: presets and Resume reach the core, Custom… opens Settings on Notifications', async () => {
  const { core, tray } = await start('linux');
  const act = (id: string, label: string) => ({ type: 'action' as const, id: id as 'snooze-1h', label, enabled: true });
  const items = [
    act('snooze-resume', 'Resume'),
    act('snooze-1h', 'For 1 hour'),
    act('snooze-tomorrow', 'Until tomorrow 08:00'),
    act('snooze-custom', 'Custom…'),
  ];
  core.emit('tray', { ...running, menu: [...running.menu, { type: 'submenu', id: 'snooze', label: 'Notifications paused until 9:00 AM', items }] });
  const sub = menuItem(tray, 'snooze');
  assert.equal(sub.label, 'Notifications paused until 9:00 AM');
  const child = (id: string) => (sub.submenu as MenuItemOptions[]).find((i) => i.id === id)!;
  for (const id of ['snooze-1h', 'snooze-tomorrow', 'snooze-resume', 'snooze-custom']) child(id).click!();
  assert.deepEqual(core.calls, [
    ['pauseNotifications', { preset: '1h' }],
    ['pauseNotifications', { preset: 'tomorrow' }],
    ['pauseNotifications', { until: '' }],
  ]);
  assert.deepEqual(fake.windows[0]!.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'settings', section: 'notifications' } });
});

test('tray quick actions: Open goes to the job, Stop asks first and stops only after Stop is pressed', async () => {
  const { core, tray } = await start('linux');
  const quick = [
    { id: 'open' as const, label: 'Open', enabled: true },
    {
      id: 'stop' as const,
      label: 'Stop…',
      enabled: true,
      confirm: { title: 'Stop this job?', body: '“Upload assets” will stop.', ok: 'Stop', cancel: 'Cancel' },
    },
  ];
  core.emit('tray', { ...running, menu: running.menu.map((m) => (m.id === 'run:x' ? { ...m, quick } : m)) });
  const sub = (id: string) => menuItem(tray, 'run:x').submenu!.find((i) => i.id === id)!;
  sub('run:x:open').click!();
  assert.deepEqual(fake.windows[0]!.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'active', jobKey: 'c\u0000x' } });
  // Cancel (the default button): nothing is stopped.
  sub('run:x:stop').click!();
  await new Promise((r) => setImmediate(r));
  assert.equal(dialog.asked.at(-1).message, 'Stop this job?');
  assert.deepEqual(dialog.asked.at(-1).buttons, ['Stop', 'Cancel']);
  assert.deepEqual(core.calls, []);
  dialog.answers.push(0);
  sub('run:x:stop').click!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(core.calls, [['stopJob', { companyHandle: 'c', jobHandle: 'x' }]]);
  assert.equal(dialog.asked.length, 2, 'no message after a stop that worked');
  // IPS refuses: the user is told why, in their language.
  core.answer = () => ({ ok: false, error: { kind: 'fault', message: 'IPS fault: Job is not running', reason: 'Job is not running' } });
  core.emit('settings', { ...core.snapshot().settings, locale: 'zh-CN' });
  dialog.answers.push(0);
  sub('run:x:stop').click!();
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(dialog.asked.at(-1).type, 'error');
  assert.equal(dialog.asked.at(-1).message, '无法停止“Upload assets”');
  assert.match(dialog.asked.at(-1).detail, /Job is not running/);
});

test('a notification click opens the window on that job', async () => {
  const { core } = await start('darwin');
  core.notes.emit('n', { id: '1', kind: 'finished-error', title: 'Upload failed', body: '3 files failed', jobKey: 'c\u0000x' });
  const n = fake.notifications[0]!;
  assert.equal(n.options.title, 'Upload failed');
  assert.equal(fake.windows.length, 0);
  n.click();
  assert.equal(fake.windows[0]!.visible, true);
  assert.deepEqual(fake.windows[0]!.webContents.sent, [{ channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c\u0000x' } }]);
  assert.equal(app.dockShown, 1, 'the dock icon appears with the window on macOS');
});

test('waking from sleep or unlocking refreshes at once', async () => {
  const { core } = await start('linux');
  powerMonitor.emit('resume');
  powerMonitor.emit('unlock-screen');
  assert.equal(core.woken, 2);
});

test('a second launch brings the window up', async () => {
  await start('win32');
  app.emit('second-instance', {}, ['ips-jobs.exe'], '/');
  assert.equal(fake.windows.length, 1);
  assert.equal(fake.windows[0]!.visible, true);
  app.emit('second-instance', {}, ['ips-jobs.exe'], '/');
  assert.equal(fake.windows.length, 1);
});

test('focusing the window acknowledges nothing by itself (the window reports what was on screen)', async () => {
  const { core } = await start('linux');
  app.emit('second-instance', {}, ['ips-jobs'], '/');
  fake.windows[0]!.emit('focus');
  assert.deepEqual(core.calls, []);
});

test('Windows gets its AppUserModelID (toasts titled IPS Jobs)', async () => {
  await start('win32');
  assert.equal(app.appUserModelId, APP_USER_MODEL_ID);
});

test('launch at login follows the setting', async () => {
  const { core } = await start('darwin');
  assert.equal(app.loginItem.openAtLogin, false);
  const view = core.snapshot().settings;
  core.emit('settings', { ...view, settings: { ...view.settings, launchAtLogin: true } });
  assert.equal(app.loginItem.openAtLogin, true);
});

test('closing the last window keeps the app in the tray; quitting stops the core cleanly once', async () => {
  const { core, tray, shell } = await start('linux');
  shell.windows.show();
  fake.windows[0]!.close();
  assert.ok(app.listenerCount('window-all-closed') > 0);
  assert.equal(app.quitCalls, 0);
  let prevented = false;
  app.emit('before-quit', { preventDefault: () => (prevented = true) });
  assert.equal(prevented, true, 'waits for the core');
  await shell.shutdown();
  await new Promise((r) => setImmediate(r));
  assert.equal(core.stopped, 1);
  assert.equal(tray.destroyed, true);
  assert.equal(ipcMain.handlers.size, 0);
  assert.equal(app.quitCalls, 1, 'then quits for real');
  app.emit('before-quit', { preventDefault: () => assert.fail('second before-quit must pass') });
});

test('Linux: launch at login writes (and removes) an XDG autostart entry for the packaged app', async () => {
  const { applyLaunchAtLogin, autostartPath } = await import('../../electron/adapters/login-item.ts');
  const env = { XDG_CONFIG_HOME: tempDir('ips-xdg-'), APPIMAGE: '/home/me/Apps/IPS Jobs.AppImage' };
  const path = autostartPath(env);
  app.isPackaged = true;
  try {
    applyLaunchAtLogin(true, { platform: 'linux', env });
    const entry = readFileSync(path, 'utf8');
    assert.match(entry, /^\[Desktop Entry\]/);
    assert.match(entry, /^Exec="\/home\/me\/Apps\/IPS Jobs\.AppImage"$/m);
    applyLaunchAtLogin(false, { platform: 'linux', env });
    assert.equal(existsSync(path), false);
  } finally {
    app.isPackaged = false;
  }
});
