// Helpers for tests that run the project as separate processes: `ips-jobs simulator --control`
// in one, `ips-jobs watch --json` (or any command) in another, talking over real loopback HTTP.
//
//   const sim = await startSimulatorProcess();           // its first stdout line is the URL
//   const w = spawnCli(['watch', '--json', '--interval', '1', ...sim.connectArgs], { env: sim.env });
//   const ok = await w.waitFor((e) => e.event === 'connection' && e.state === 'ok', { what: 'first poll' });
//   await sim.control('fault', { kind: 'http', status: 502, count: 'all' });
//   ...
//   after(() => killAll());                              // every process these helpers started
//
// Or, for a file that only runs commands against one simulator:
//   const { ips, list } = simulatorSuite();              // registers before() and after()
//   const r = await ips(['run-now', handle, '--company', 'c|15']);
//
// Every process is tracked; killAll() (and, as a last resort, this process's exit) kills
// what is still running, so a failed assertion never leaves a simulator or a watch behind.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { baseEnv, CLI_SOURCE, runCli, type RunResult } from './helpers.ts';
import { DEMO_PASSWORD, DEMO_USER } from '../../electron/simulator/demo.ts';

export type JsonEvent = { event?: string; [k: string]: unknown };

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  /** stdout lines that parse as JSON objects, in order (others are skipped). */
  json(): JsonEvent[];
  stderr(): string;
  /** Exit code and signal once the process ended; undefined while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Throws (with its exit code, stderr and last output) if the process has ended. */
  assertRunning(what?: string): void;
  /**
   * The first JSON line at index ≥ `from` (default 0) matching `pred`, with its index. Rejects
   * after `timeoutMs` (default 15 s) or when the process ends first, saying what it waited for.
   */
  waitFor(pred: (e: JsonEvent) => boolean, opts?: { from?: number; timeoutMs?: number; what?: string }): Promise<{ event: JsonEvent; index: number }>;
  /** The first stdout line (raw) matching `pred`, waiting like waitFor. */
  waitForLine(pred: (line: string) => boolean, opts?: { timeoutMs?: number; what?: string }): Promise<string>;
  /** Send `signal` (default SIGINT) and wait for the exit; SIGKILL after `timeoutMs` (default 5 s). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

/** Kill every process started by these helpers that is still running (use in after()). */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const c of left) c.kill('SIGKILL');
  await Promise.all(left.map((c) => new Promise<void>((res) => (c.exitCode !== null || c.signalCode !== null ? res() : c.once('exit', () => res())))));
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  /** Default: this Node (24) running the TypeScript source. */
  node?: string;
  script?: string;
}

/** Run `ips-jobs ARGS` as a process with a clean environment (see helpers.ts baseEnv). */
export function spawnCli(args: string[], opts: SpawnOptions = {}): CliProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  const child = spawn(opts.node ?? process.execPath, [opts.script ?? CLI_SOURCE, ...args], { env: baseEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  const lines: string[] = [];
  const parsed: JsonEvent[] = [];
  let partial = '';
  let err = '';
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    partial += d;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      try {
        const v: unknown = JSON.parse(line);
        if (v && typeof v === 'object' && !Array.isArray(v)) parsed.push(v as JsonEvent);
      } catch {
        /* not JSON: a readable line */
      }
    }
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      exitInfo = { code, signal };
      wake();
      resolve(exitInfo);
    });
  });
  child.on('error', () => undefined);

  const describe = () =>
    `ips-jobs ${args.join(' ')}${exitInfo ? ` (exited: code ${exitInfo.code}, signal ${exitInfo.signal})` : ''}\nstderr: ${err.slice(-2000)}\nlast stdout: ${lines.slice(-5).join('\n').slice(-2000)}`;

  function wait<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = find();
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (exitInfo) {
          done();
          reject(new Error(`gave up waiting for ${what}: the process ended\n${describe()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    child,
    lines,
    json: () => parsed,
    stderr: () => err,
    exit: () => exitInfo,
    exited,
    assertRunning(what = 'the process') {
      if (exitInfo) throw new Error(`${what} is not running any more\n${describe()}`);
    },
    waitFor(pred, o = {}) {
      const from = o.from ?? 0;
      return wait(
        () => {
          for (let i = from; i < parsed.length; i++) if (pred(parsed[i]!)) return { event: parsed[i]!, index: i };
          return undefined;
        },
        o.timeoutMs ?? 15_000,
        o.what ?? 'a matching JSON line',
      );
    },
    waitForLine(pred, o = {}) {
      return wait(() => lines.find(pred), o.timeoutMs ?? 15_000, o.what ?? 'a matching line');
    },
    async stop(signal = 'SIGINT', timeoutMs = 5000) {
      if (exitInfo) return exitInfo;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface SimulatorProcess {
  proc: CliProcess;
  /** The SOAP service URL (the simulator's first stdout line). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** `--service-url URL --user demo@example.com` for a command against this simulator. */
  connectArgs: string[];
  /** The environment that carries the demo password (IPS_PASSWORD). */
  env: Record<string, string>;
  /** POST /__sim/<command> with a JSON body; resolves to the JSON answer, rejects on a non-2xx. */
  control(command: 'job' | 'fault' | 'clear', body?: object): Promise<Record<string, unknown>>;
  /** GET /__sim/state: calls per operation so far and the pending fault rules. */
  state(): Promise<{ calls: Record<string, number>; pending: number; now: string }>;
  /** Total calls the simulator received (every operation). */
  totalCalls(): Promise<number>;
  close(): Promise<void>;
}

/** `ips-jobs simulator --control` as its own process, ready once it printed its URL. */
export async function startSimulatorProcess(opts: SpawnOptions & { args?: string[]; timeoutMs?: number } = {}): Promise<SimulatorProcess> {
  const proc = spawnCli(['simulator', '--control', ...(opts.args ?? [])], opts);
  let url: string;
  try {
    url = await proc.waitForLine((l) => /^http:\/\/127\.0\.0\.1:\d+\//.test(l), { timeoutMs: opts.timeoutMs ?? 20_000, what: 'the simulator URL' });
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
  const origin = new URL(url).origin;
  const control = async (command: string, body: object = {}): Promise<Record<string, unknown>> => {
    const r = await fetch(`${origin}/__sim/${command}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await r.json()) as Record<string, unknown>;
    if (!r.ok) throw new Error(`simulator control ${command} answered ${r.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const state = async () => {
    const r = await fetch(`${origin}/__sim/state`);
    if (!r.ok) throw new Error(`simulator state answered ${r.status}`);
    return (await r.json()) as { calls: Record<string, number>; pending: number; now: string };
  };
  return {
    proc,
    url,
    origin,
    connectArgs: ['--service-url', url, '--user', DEMO_USER],
    env: { IPS_PASSWORD: DEMO_PASSWORD },
    control,
    state,
    totalCalls: async () => Object.values((await state()).calls).reduce((a, b) => a + b, 0),
    close: async () => {
      await proc.stop('SIGINT');
    },
  };
}

export interface SimulatorSuite {
  /** The file's simulator (started in before()). */
  sim(): SimulatorProcess;
  /** `ips-jobs ARGS` against it, signed in as the demo user; `env` adds to (or replaces) the environment. */
  ips(args: string[], env?: Record<string, string>): Promise<RunResult>;
  /** `ips-jobs ARGS --json`, asserted to exit 0, parsed. */
  list(...args: string[]): Promise<Record<string, unknown>[]>;
}

/**
 * One `ips-jobs simulator --control` process for a whole test file: registers before() to
 * start it and after() to kill every process these helpers started. Call at the top level.
 */
export function simulatorSuite(): SimulatorSuite {
  let started: SimulatorProcess | undefined;
  before(async () => {
    started = await startSimulatorProcess();
  });
  after(async () => {
    await killAll();
  });
  const sim = (): SimulatorProcess => {
    if (!started) throw new Error('the simulator process has not started (simulatorSuite() registers before())');
    return started;
  };
  const ips = (args: string[], env: Record<string, string> = {}): Promise<RunResult> =>
    runCli([...sim().connectArgs, ...args], { env: { ...sim().env, ...env } });
  const list = async (...args: string[]): Promise<Record<string, unknown>[]> => {
    const r = await ips([...args, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>[];
  };
  return { sim, ips, list };
}

/** Poll `probe` every `everyMs` until it returns true; rejects after `timeoutMs` saying `what`. */
export async function eventually(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000, everyMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
