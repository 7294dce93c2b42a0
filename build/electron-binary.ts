// Where the Electron binary is, found the way node_modules/electron/index.js finds it
// (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH) but WITHOUT loading that module: its
// first load downloads the binary, which cannot happen on machines without the network
// for it. Used by build/start.ts and the Electron end-to-end test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

const PLATFORM_PATHS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
};

export function findElectronBinary(root: string = join(import.meta.dirname, '..'), env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { found: false, reason: 'the electron package is not installed (run npm install)' };
  const pathTxt = join(pkg, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : PLATFORM_PATHS[process.platform] ?? 'electron';
  const full = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(pkg, 'dist', relative);
  if (existsSync(full)) return { found: true, path: full };
  return {
    found: false,
    reason: `the Electron binary is not installed (${full} is missing; npm install downloads it where its download host is reachable)`,
  };
}
