// Get the Electron binary the way Electron itself does: run its own installer,
// node_modules/electron/install.js (the `install-electron` command; npm no longer runs it
// on install). The installer uses @electron/get, which honours ELECTRON_MIRROR,
// ELECTRON_CUSTOM_DIR, electron_config_cache, electron_use_remote_checksums, the npm
// config forms of those, force_no_cache and ELECTRON_GET_USE_PROXY, and verifies the
// archive's SHA-256 before it extracts into node_modules/electron/dist.
//
// Around it, only what a user needs: progress (through build/electron-download-probe.ts,
// since the installer shows a bar only after 30 s and only on a terminal), a watchdog
// that ends a download nothing arrives for, a private temp dir removed afterwards (so an
// interrupted download leaves nothing behind), and a reason in words when it fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeInstallFailure, type ProbeEvent } from './electron-install-errors.ts';

export type { ProbeEvent } from './electron-install-errors.ts';

export interface InstallOptions {
  /** The electron package directory (node_modules/electron). */
  pkgDir: string;
  env?: NodeJS.ProcessEnv;
  /** End the download when nothing has arrived for this long (default 30 s). */
  stallMs?: number;
  onEvent?: (event: ProbeEvent) => void;
  /** Stops the installer (Ctrl-C). */
  signal?: AbortSignal;
}

export type InstallResult = { ok: true; ms: number } | { ok: false; reason: string; interrupted: boolean };

const PROBE = join(import.meta.dirname, 'electron-download-probe.ts');
const MAX_OUTPUT = 64 * 1024;

export function electronVersion(pkgDir: string): string {
  try {
    return String((JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '?');
  } catch {
    return '?';
  }
}

export function installElectron(o: InstallOptions): Promise<InstallResult> {
  const started = Date.now();
  const version = electronVersion(o.pkgDir);
  const stallMs = o.stallMs ?? 30_000;
  const tmp = mkdtempSync(join(tmpdir(), 'ips-jobs-electron-'));
  const env = { ...(o.env ?? process.env), TMPDIR: tmp, TMP: tmp, TEMP: tmp };
  const child = spawn(process.execPath, ['--import', pathToFileURL(PROBE).href, join(o.pkgDir, 'install.js')], {
    cwd: o.pkgDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });

  let output = '';
  const keep = (chunk: Buffer): void => {
    if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const events: ProbeEvent[] = [];
  let lastActivity = Date.now();
  // Minded while a request is open: not start-up, a cache hit, the checksum or the extraction.
  let onNetwork = false;
  let pending = '';
  const probe = child.stdio[3] as NodeJS.ReadableStream;
  probe.setEncoding('utf8');
  probe.on('data', (text: string) => {
    lastActivity = Date.now();
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let event: ProbeEvent;
      try {
        event = JSON.parse(line) as ProbeEvent;
      } catch {
        continue;
      }
      if (events.length < 1000) events.push(event);
      if (event.e === 'request') onNetwork = true;
      if (event.e === 'error' || (event.e === 'bytes' && event.done)) onNetwork = false;
      o.onEvent?.(event);
    }
  });

  let stalledMs: number | undefined;
  const watchdog = setInterval(
    () => {
      if (onNetwork && Date.now() - lastActivity > stallMs) {
        stalledMs = stallMs;
        child.kill('SIGKILL');
      }
    },
    Math.min(1000, Math.max(50, stallMs / 4)),
  );

  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    child.kill('SIGTERM');
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise<InstallResult>((resolve) => {
    let done = false;
    const finish = (result: InstallResult): void => {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      o.signal?.removeEventListener('abort', onAbort);
      rmSync(tmp, { recursive: true, force: true });
      resolve(result);
    };
    child.once('error', (err) => finish({ ok: false, reason: `cannot run Electron's installer: ${err.message}`, interrupted }));
    child.once('close', (exitCode, signal) => {
      if (exitCode === 0) return finish({ ok: true, ms: Date.now() - started });
      // Ctrl-C in a terminal reaches the installer (same process group) before or after our abort.
      if (interrupted || (stalledMs === undefined && (signal === 'SIGINT' || signal === 'SIGTERM')))
        return finish({ ok: false, reason: 'the Electron download was interrupted', interrupted: true });
      const failure = { output, events, exitCode, signal, version, ...(stalledMs !== undefined ? { stalledMs } : {}) };
      finish({ ok: false, reason: describeInstallFailure(failure), interrupted: false });
    });
  });
}
