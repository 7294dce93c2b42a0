// Helpers for the CLI process tests: run `ips-jobs` as a real process with a clean
// environment, and find a plain (non-pinned) Node to run the bundle with.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI_SOURCE = join(ROOT, 'electron/cli.ts');
export const CLI_DIST = join(ROOT, 'dist/cli.mjs');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Default: this Node (24) running the TypeScript source. */
  node?: string;
  script?: string;
  timeoutMs?: number;
}

/** A clean environment: no inherited IPS_* or locale variables unless given. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', LANG: 'en_US.UTF-8' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.node ?? process.execPath, [opts.script ?? CLI_SOURCE, ...args], {
      env: baseEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ips-jobs ${args.join(' ')} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A Node 20+ other than the one running the tests (the system `node`), if there is one. */
export function plainNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const major = Number(r.stdout.trim().split('.')[0]);
    if (r.status === 0 && major >= 20) return candidate;
  }
  return process.execPath;
}

/** Asserts helpers: one line on stderr, nothing secret anywhere. */
export function stderrLines(r: RunResult): string[] {
  return r.stderr.split('\n').filter((l) => l.length > 0);
}

/** Exit 5, nothing on stdout, exactly one `ips-jobs: ` line on stderr matching `reason` and naming the job, no stack trace. */
export function refusedWith(r: RunResult, reason: RegExp, jobHandle: string): void {
  assert.equal(r.code, 5, `exit code: ${r.stdout} ${r.stderr}`);
  assert.equal(r.stdout, '', 'no success message');
  const lines = stderrLines(r);
  assert.equal(lines.length, 1, `one stderr line: ${r.stderr}`);
  assert.match(lines[0]!, /^ips-jobs: /);
  assert.match(lines[0]!, reason);
  assert.ok(lines[0]!.includes(jobHandle), 'the line names the job');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
