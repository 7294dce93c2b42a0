// The simulator as a separate process (`node electron/cli.ts simulator`), as users run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI_SOURCE, baseEnv } from '../cli/helpers.ts';

export interface SimProcess {
  url: string;
  base: string;
  pid: number;
  /** VmRSS and VmHWM (peak) of the simulator process, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } | undefined;
  stop(): Promise<void>;
}

export async function startSimProcess(env: Record<string, string> = {}): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI_SOURCE, 'simulator'], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the simulator did not start')), 20_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', () => reject(new Error('the simulator exited')));
  });
  child.stderr?.resume();
  return {
    url,
    base: new URL(url).origin,
    pid: child.pid as number,
    memory() {
      try {
        const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
        return { rss: kb('VmRSS'), peak: kb('VmHWM') };
      } catch {
        return undefined;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
