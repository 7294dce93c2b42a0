// `npm start`: run the desktop app (dist/ must be built: npm start builds first).
//
// Electron's npm package no longer downloads its binary on install; it does so the first
// time the `electron` module is loaded, or through its `install-electron` command. This
// script never loads the module. Where the binary is missing it runs Electron's own
// installer (build/electron-install.ts), with a progress line, and then starts the app.
// Only when that cannot work (offline, a checksum that does not match, a full disk,
// ELECTRON_SKIP_BINARY_DOWNLOAD set…) does it say why in ONE line on stderr and start the
// web preview instead, so a newcomer still sees the app: the same window against the demo
// data, in a browser (its URL is the first line on stdout; --show opens it).
//
// For tests: IPS_JOBS_ELECTRON_PACKAGE_DIR installs into a copy of the electron package,
// IPS_JOBS_DOWNLOAD_STALL_SECONDS shortens the watchdog (default 30 s without data).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createProgress } from './download-progress.ts';
import { electronPackageDir, findElectronBinary } from './electron-binary.ts';
import { electronVersion, installElectron } from './electron-install.ts';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const env = process.env;

const run = (cmd: string, argv: string[]): void => {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`ips-jobs: cannot start ${cmd}: ${err.message}`);
    process.exit(1);
  });
};

const startPreview = (reason: string): void => {
  console.error(`ips-jobs: cannot start the desktop app: ${reason}. Starting the web preview instead (the same window, in your browser).`);
  run(process.execPath, [join(root, 'dist', 'preview.mjs'), ...args]);
};

const isSet = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

async function obtainElectron(): Promise<{ path: string } | { reason: string }> {
  const first = findElectronBinary(root, env);
  if (first.found) return first;
  if (first.final) return first;
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return { reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary is not downloaded' };

  const pkgDir = electronPackageDir(root, env);
  const progress = createProgress({ write: (t) => process.stderr.write(t), tty: process.stderr.isTTY === true, version: electronVersion(pkgDir) });
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const stallSeconds = Number(env.IPS_JOBS_DOWNLOAD_STALL_SECONDS);
  const result = await installElectron({
    pkgDir,
    env,
    onEvent: (e) => progress.onEvent(e),
    signal: abort.signal,
    ...(stallSeconds > 0 ? { stallMs: stallSeconds * 1000 } : {}),
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (!result.ok) {
    progress.failed();
    if (result.interrupted) {
      console.error('ips-jobs: the Electron download was stopped; npm start tries again next time.');
      process.exit(130);
    }
    return result;
  }
  progress.succeeded(result.ms);
  const after = findElectronBinary(root, env);
  if (after.found) return after;
  return { reason: after.missing ? `Electron's installer finished, but ${after.missing} is still missing` : after.reason };
}

const electron = await obtainElectron();
if ('path' in electron) run(electron.path, ['.', ...args]);
else startPreview(electron.reason);
