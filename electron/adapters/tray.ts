// The tray icon: one image per TrayState.icon, the tooltip, and a context menu built from
// TrayState.menu.
//
// Platform rules (as the tray monitors users know — CCMenu, Gitify, CatLight — follow them):
// - macOS: template images (black + alpha; the menu bar tints them). A click opens the
//   menu, as menu bar extras do.
// - Windows: light or dark glyph by the taskbar's colour; left click opens the window,
//   right click the menu.
// - Linux (AppIndicator): click events are unreliable, so the menu is the only way in and
//   always has "Open"; the context menu is set again after every change, because
//   AppIndicator only picks up a menu when it is set.
// The count of running jobs: the menu bar title on macOS (beside the icon, as CCMenu shows
// it), the app badge where Electron has one (macOS dock, Unity launchers on Linux), and the
// tooltip everywhere (Windows has no badge for a tray app without a taskbar button).
// Quick actions: an unfinished run is a submenu (Open, Stop…); Stop asks first with a
// native message box, in the words the window uses.
import { join } from 'node:path';
import { Menu, Tray, app, dialog, nativeImage, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayJobAction, TrayMenuItem, TrayState } from '../../shared/domain.ts';
import { iconPlatform, trayIconFile, type IconTheme } from './tray-icons.ts';

export interface TrayOptions {
  /** Folder holding mac/, win/ and linux/ (build/icons/tray). */
  iconsDir: string;
  platform?: NodeJS.Platform;
  /** For the Linux desktop guess (XDG_CURRENT_DESKTOP). */
  env?: NodeJS.ProcessEnv;
  onAction(action: TrayAction): void;
  onOpenJob(jobKey: string): void;
  /** Stop a run (after the user confirmed it in the tray's message box). */
  onStopJob?(job: { companyHandle: string; jobHandle: string; name: string; account?: string }): void;
  /** Labels for the Open and Quit items, used only when the menu from the core lacks them. */
  fallbackLabels?: { open: string; quit: string };
}

export interface TrayController {
  update(state: TrayState): void;
  /** The file shown now (absolute, 1x). */
  readonly iconPath: string;
  destroy(): void;
}

/** GNOME and Ubuntu draw their top bar dark whatever the theme. */
const DARK_PANEL_DESKTOPS = /gnome|unity|ubuntu|pantheon|budgie/i;

export function trayTheme(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): IconTheme {
  if (platform === 'win32') return nativeTheme.shouldUseDarkColorsForSystemIntegratedUI ? 'dark' : 'light';
  if (platform === 'linux' && DARK_PANEL_DESKTOPS.test(env.XDG_CURRENT_DESKTOP ?? '')) return 'dark';
  return nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
}

type JobItem = Extract<TrayMenuItem, { type: 'job' }>;

/** The core's label; a running job whose label lacks its percent gets it appended. */
function jobLabel(item: JobItem): string {
  if (item.phase !== 'running' || item.progress === undefined || item.label.includes('%')) return item.label;
  return `${item.label} — ${Math.round(item.progress)}%`;
}

/** Ask before a destructive quick action; true when the user confirmed (no question: true). */
export async function confirmQuick(action: TrayJobAction): Promise<boolean> {
  const c = action.confirm;
  if (!c) return true;
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: c.title,
    message: c.title,
    detail: c.body,
    buttons: [c.ok, c.cancel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

type MenuOpts = Pick<TrayOptions, 'onAction' | 'onOpenJob' | 'onStopJob' | 'fallbackLabels'>;

function quickItem(item: JobItem, action: TrayJobAction, opts: MenuOpts): MenuItemConstructorOptions {
  const run = async (): Promise<void> => {
    if (action.id === 'open') return opts.onOpenJob(item.jobKey);
    if (await confirmQuick(action))
      opts.onStopJob?.({ companyHandle: item.companyHandle, jobHandle: item.jobHandle, name: item.name, ...(item.account ? { account: item.account } : {}) });
  };
  return { id: `${item.id}:${action.id}`, label: action.label, enabled: action.enabled && (action.id !== 'stop' || !!opts.onStopJob), click: () => void run() };
}

export function menuTemplate(items: readonly TrayMenuItem[], opts: MenuOpts): MenuItemConstructorOptions[] {
  const one = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'submenu':
        return { id: item.id, label: item.label, submenu: item.items.map(one) };
      case 'job':
        if (item.quick?.length) return { id: item.id, label: jobLabel(item), submenu: item.quick.map((a) => quickItem(item, a, opts)) };
        return { id: item.id, label: jobLabel(item), click: () => opts.onOpenJob(item.jobKey) };
      case 'header':
        return { id: item.id, label: item.label, enabled: false };
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'action':
        return item.checked === undefined
          ? { id: item.id, label: item.label, enabled: item.enabled, click: () => opts.onAction(item.id) }
          : { id: item.id, label: item.label, enabled: item.enabled, type: 'checkbox', checked: item.checked, click: () => opts.onAction(item.id) };
    }
  };
  const out: MenuItemConstructorOptions[] = items.map(one);
  // The menu is the one way in on Linux and the one way out everywhere: never without them.
  const labels = opts.fallbackLabels ?? { open: 'Open IPS Jobs', quit: 'Quit IPS Jobs' };
  const has = (id: TrayAction): boolean => items.some((i) => i.type === 'action' && i.id === id);
  if (!has('open-window')) {
    out.unshift({ id: 'open-window', label: labels.open, click: () => opts.onAction('open-window') }, { type: 'separator' });
  }
  if (!has('quit')) out.push({ type: 'separator' }, { id: 'quit', label: labels.quit, click: () => opts.onAction('quit') });
  return out;
}

export function createTray(opts: TrayOptions): TrayController {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const iconPlat = iconPlatform(platform);
  let state: TrayState | undefined;
  let iconPath = '';

  const imageFor = (s: TrayState) => {
    const path = join(opts.iconsDir, trayIconFile(s.icon, iconPlat, trayTheme(platform, env)));
    const image = nativeImage.createFromPath(path);
    if (iconPlat === 'mac') image.setTemplateImage(true);
    return { path, image };
  };

  const first = imageFor({ icon: 'idle', progress: null, running: 0, tooltip: '', menu: [] });
  iconPath = first.path;
  const tray = new Tray(first.image);
  tray.setToolTip('IPS Jobs');
  tray.setContextMenu(Menu.buildFromTemplate(menuTemplate([], opts)));

  if (platform === 'win32') tray.on('click', () => opts.onAction('open-window'));

  function render(): void {
    if (!state || tray.isDestroyed()) return;
    const { path, image } = imageFor(state);
    if (path !== iconPath) {
      tray.setImage(image);
      iconPath = path;
    }
    tray.setToolTip(state.tooltip);
    showCount(state.running);
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(state.menu, opts)));
  }

  let count = 0;
  function showCount(n: number): void {
    if (n === count) return;
    count = n;
    if (iconPlat === 'mac') tray.setTitle(n > 0 ? String(n) : '', { fontType: 'monospacedDigit' });
    // The dock (macOS) and Unity launchers (Linux); a no-op where there is none.
    if (platform === 'darwin' || platform === 'linux') app.setBadgeCount(n);
  }

  const onTheme = (): void => render();
  nativeTheme.on('updated', onTheme);

  return {
    update(next) {
      state = next;
      render();
    },
    get iconPath() {
      return iconPath;
    },
    destroy() {
      nativeTheme.removeListener('updated', onTheme);
      if (count > 0 && (platform === 'darwin' || platform === 'linux')) app.setBadgeCount(0);
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
