// End-to-end harness: the web preview as a real process (electron/preview.ts: the app
// core + demo simulator + built renderer + /ipc WebSocket) and Debian's Chromium driven
// by playwright-core.
//
//   const preview = await startPreview({ historyRows: 200 });
//   const browser = await launchBrowser();          // check chromiumMissing() first
//   const page = await browser.newPage(); await page.goto(preview.url);
//   …; await browser.close(); await preview.close();
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { removeTempDir, tempDir } from '../helpers/tmp.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Debian's Chromium; CHROMIUM_PATH points elsewhere (another distribution, a Mac). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Why browser tests cannot run here, or undefined when they can. Pass it to `t.skip()`. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

export function launchBrowser(): Promise<Browser> {
  // Chromium's own scratch files go to a folder of this test process (removed at its exit);
  // playwright's profile and artifacts folders it removes itself when the browser closes.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, TMPDIR: tempDir('chromium-') } });
}

/** How many runs' screenshots test-results/shots keeps. */
const SHOT_RUNS_KEPT = 3;
let shots: string | undefined;

/**
 * Where this run's screenshots go, for people to look at: test-results/shots/<run>/ in the
 * repository (git-ignored), one folder per test run (the test runner's process, which
 * every test file of one `npm test` shares), or SHOTS_DIR. Only the last few runs are
 * kept. The folder is printed once per test file that takes screenshots.
 */
export function shotsDir(): string {
  if (shots) return shots;
  const explicit = process.env.SHOTS_DIR;
  const base = join(ROOT, 'test-results', 'shots');
  shots = explicit || join(base, `${new Date().toISOString().slice(0, 10)}-run${process.ppid}`);
  mkdirSync(shots, { recursive: true });
  if (!explicit) {
    const runs = readdirSync(base)
      .map((name) => ({ path: join(base, name), at: statSync(join(base, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of runs.slice(SHOT_RUNS_KEPT)) if (old.path !== shots) removeTempDir(old.path);
  }
  console.log(`# screenshots in ${shots}`);
  return shots;
}

/** Build the renderer once if dist/renderer is missing (npm test builds it beforehand). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('vite build failed');
}

export interface PreviewProcess {
  url: string;
  /** Everything the preview wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

export interface StartPreviewOptions {
  historyRows?: number;
  /** The OS locale the preview pretends (e.g. zh-CN). */
  locale?: string;
  stateDir?: string;
  /** Give up waiting for the URL after this many ms (default 20 000). */
  timeoutMs?: number;
  /** The preview to run (default electron/preview.ts; the bench runs dist/preview.mjs). */
  script?: string;
}

/** Spawn `node electron/preview.ts` (Node 24 strips the types) and wait for its URL (the first stdout line). */
export async function startPreview(opts: StartPreviewOptions = {}): Promise<PreviewProcess> {
  ensureRendererBuilt();
  const args = [opts.script ?? join(ROOT, 'electron', 'preview.ts'), '--port', '0'];
  if (opts.historyRows !== undefined) args.push('--history-rows', String(opts.historyRows));
  if (opts.locale) args.push('--locale', opts.locale);
  if (opts.stateDir) args.push('--state-dir', opts.stateDir);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`preview printed no URL in time; stderr:\n${err}`));
    }, opts.timeoutMs ?? 20_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      child.stdout!.resume();
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview exited (${code}) before printing its URL; stderr:\n${err}`));
    });
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) {
    child.kill('SIGKILL');
    throw new Error(`unexpected first line from the preview: ${url}`);
  }
  return {
    url,
    stderr: () => err,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
