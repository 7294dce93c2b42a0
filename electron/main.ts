// The desktop app's composition root (bundled to dist/main.mjs). It only decides where
// things are and hands over to the shell (electron/adapters/shell.ts), which wires the
// AppCore (electron/core/app.ts) to the tray, notifications, window and IPC.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { createAppCore } from './core/app.ts';
import { installCrashGuard } from './core/crash-guard.ts';
import { startShell } from './adapters/shell.ts';
import { registerAppScheme } from './adapters/window.ts';

const dist = fileURLToPath(new URL('.', import.meta.url));
// build/icons travel inside the app (electron-builder.yml "files"), next to dist/.
const appRoot = app.getAppPath();

// Must happen before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it shows its window (second-instance) and we leave.
  app.quit();
} else {
  // An error nothing caught is logged (scrubbed, one line) and the tray keeps running;
  // a storm of them restarts the app cleanly.
  installCrashGuard(process, {
    log: (line) => console.error(line),
    onStorm: () => {
      app.relaunch();
      app.exit(1);
    },
  });
  startShell({
    // The demo backend is passed in here, at the composition root, and loaded only when needed.
    createCore: (o) => createAppCore({ ...o, simulator: () => import('./simulator/index.ts') }),
    preload: join(dist, 'preload.cjs'),
    rendererDir: join(dist, 'renderer'),
    trayIconsDir: join(appRoot, 'build', 'icons', 'tray'),
    appIcon: join(appRoot, 'build', 'icons', 'app', '512x512.png'),
  }).catch((err: unknown) => {
    console.error(`[ips-jobs] cannot start: ${(err as Error).message}`);
    app.exit(1);
  });
}
