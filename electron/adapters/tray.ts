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
import { join } from 'node:path';
import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem, TrayState } from '../../shared/domain.ts';
import { iconPlatform, trayIconFile, type IconTheme } from './tray-icons.ts';

export interface TrayOptions {
  /** Folder holding mac/, win/ and linux/ (build/icons/tray). */
  iconsDir: string;
  platform?: NodeJS.Platform;
  /** For the Linux desktop guess (XDG_CURRENT_DESKTOP). */
  env?: NodeJS.ProcessEnv;
  onAction(action: TrayAction): void;
  onOpenJob(jobKey: string): void;
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

/** The core's label; a running job whose label lacks its percent gets it appended. */
function jobLabel(item: Extract<TrayMenuItem, { type: 'job' }>): string {
  if (item.phase !== 'running' || item.progress === undefined || item.label.includes('%')) return item.label;
  return `${item.label} — ${Math.round(item.progress)}%`;
}

export function menuTemplate(
  items: readonly TrayMenuItem[],
  opts: Pick<TrayOptions, 'onAction' | 'onOpenJob' | 'fallbackLabels'>,
): MenuItemConstructorOptions[] {
  const out: MenuItemConstructorOptions[] = items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'job':
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
  });
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

  const first = imageFor({ icon: 'idle', progress: null, tooltip: '', menu: [] });
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
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(state.menu, opts)));
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
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
