// Which tray icon file shows for a state, per platform and theme. Pure (no electron), so
// the icon generator (build/icons/generate.ts), the tray adapter and the tests agree on
// one naming scheme:
//
//   build/icons/tray/mac/<state>Template.png (+ @2x)    16/32 px, black + alpha; macOS
//                                                       tints template images itself
//   build/icons/tray/win/<state>-<theme>.png (+ @2x)    16/32 px
//   build/icons/tray/linux/<state>-<theme>.png (+ @2x)  22/44 px (AppIndicator panels are 22 px)
//
// <theme> names the taskbar the icon is drawn for: `light` = dark glyph for a light
// taskbar, `dark` = light glyph for a dark taskbar. nativeImage.createFromPath picks up
// the @2x sibling by itself.
import type { TrayIcon } from '../../shared/domain.ts';

export type IconPlatform = 'mac' | 'win' | 'linux';
export type IconTheme = 'light' | 'dark';

export const TRAY_ICON_SIZES: Record<IconPlatform, number> = { mac: 16, win: 16, linux: 22 };

/** The themes drawn per platform: macOS has one template image per state (it tints it itself). */
const THEMES: Record<IconPlatform, IconTheme[]> = { mac: ['light'], win: ['light', 'dark'], linux: ['light', 'dark'] };
/** Every platform × theme an icon file exists for (build/icons/generate.ts draws them all). */
export const TRAY_ICON_VARIANTS: ReadonlyArray<{ platform: IconPlatform; theme: IconTheme }> = (Object.keys(THEMES) as IconPlatform[]).flatMap((platform) =>
  THEMES[platform].map((theme) => ({ platform, theme })),
);

export function iconPlatform(platform: NodeJS.Platform): IconPlatform {
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return 'win';
  return 'linux';
}

/** The 1x file, relative to the tray icon folder (build/icons/tray). */
export function trayIconFile(icon: TrayIcon, platform: IconPlatform, theme: IconTheme): string {
  if (platform === 'mac') return `mac/${icon}Template.png`;
  return `${platform}/${icon}-${theme}.png`;
}

/** The @2x sibling of a 1x file name. */
export function retinaFile(file: string): string {
  return file.replace(/\.png$/, '@2x.png');
}
