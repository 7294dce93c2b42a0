// Where the Electron binary is, found the way node_modules/electron/index.js finds it
// (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH) but WITHOUT loading that module: its
// first load downloads the binary, synchronously and with no way to fall back. Used by
// build/start.ts (which downloads it through Electron's own installer when it is missing,
// build/electron-install.ts) and the Electron end-to-end test.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ElectronBinary =
  | { found: true; path: string }
  | {
      found: false;
      reason: string;
      /** Why no download can help: no electron package, or ELECTRON_OVERRIDE_DIST_PATH names an empty place. */
      final: boolean;
      /** The executable that should be there. */
      missing?: string;
    };

const PLATFORM_PATHS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
};

/**
 * The electron package directory: node_modules/electron, or IPS_JOBS_ELECTRON_PACKAGE_DIR
 * (for tests, which install into a copy of the package instead of the checkout's).
 */
export function electronPackageDir(root: string = join(import.meta.dirname, '..'), env: NodeJS.ProcessEnv = process.env): string {
  return env.IPS_JOBS_ELECTRON_PACKAGE_DIR ? resolve(env.IPS_JOBS_ELECTRON_PACKAGE_DIR) : join(root, 'node_modules', 'electron');
}

export function findElectronBinary(root: string = join(import.meta.dirname, '..'), env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = electronPackageDir(root, env);
  if (!existsSync(join(pkg, 'package.json'))) return { found: false, final: true, reason: 'the electron package is not installed (run npm ci)' };
  const pathTxt = join(pkg, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : (PLATFORM_PATHS[process.platform] ?? 'electron');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const full = override ? join(override, relative) : join(pkg, 'dist', relative);
  if (existsSync(full)) return { found: true, path: full };
  if (override) return { found: false, final: true, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, and ${full} does not exist` };
  return { found: false, final: false, reason: `the Electron binary is not downloaded yet (${full} is missing; npm start downloads it)`, missing: full };
}
