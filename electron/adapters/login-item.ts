// Launch at login (settings.launchAtLogin). macOS and Windows: app.setLoginItemSettings.
// Linux has no such API in Electron: an XDG autostart entry
// (~/.config/autostart/ips-jobs.desktop) does the same on every desktop that follows
// the spec; an AppImage starts from $APPIMAGE, not its temporary mount.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

export interface LoginItemOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  execPath?: string;
}

/** The XDG autostart entry that starts the app (in the tray) at login. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=IPS Jobs', `Exec=${quoted}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export function autostartPath(env: NodeJS.ProcessEnv): string {
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'autostart', 'ips-jobs.desktop');
}

/** Make the OS start the app at login, or stop doing so. Never throws. */
export function applyLaunchAtLogin(enabled: boolean, opts: LoginItemOptions = {}): void {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  try {
    if (platform === 'darwin' || platform === 'win32') {
      app.setLoginItemSettings({ openAtLogin: enabled });
      return;
    }
    // A development run (electron .) is not something to start at login.
    if (!app.isPackaged) return;
    const path = autostartPath(env);
    if (enabled) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, autostartEntry(env.APPIMAGE || opts.execPath || process.execPath));
    } else {
      rmSync(path, { force: true });
    }
  } catch {
    // The setting stays as the user chose it; the OS simply did not take it.
  }
}
