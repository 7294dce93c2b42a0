// The options the shell tests start the desktop shell with (not a test file itself).
import { join } from 'node:path';
import type { ShellOptions } from '../../../electron/adapters/shell.ts';

const root = join(import.meta.dirname, '../../..');

/** The built app (npm run build) on a GNOME desktop, no arguments, no log; `over` changes any of it. */
export function shellOptions(createCore: ShellOptions['createCore'], over: Partial<Omit<ShellOptions, 'createCore'>> = {}): ShellOptions {
  return {
    createCore,
    preload: join(root, 'dist/preload.cjs'),
    rendererDir: join(root, 'dist/renderer'),
    trayIconsDir: join(root, 'build/icons/tray'),
    platform: 'linux',
    env: { XDG_CURRENT_DESKTOP: 'GNOME' },
    argv: [],
    log: () => {},
    ...over,
  };
}
