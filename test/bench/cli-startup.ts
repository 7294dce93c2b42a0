// Start-up time of the bundled CLI (dist/cli.mjs): `--version`, `--help` and one real
// command, each beside `node -e 0` run the same way, on this Node and on the plain `node`
// on PATH (the package's `bin` runs under whatever Node the user has, 20 or newer).
// Figures only: nothing here fails on time.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tempDir } from '../helpers/tmp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli.mjs');
const GOAL_MS = 100;

export interface Timing {
  median: number;
  min: number;
  /** User + system CPU time of the command, per run (hyperfine only): what the machine's
   * load does not inflate. */
  cpu?: number;
}

function runOnce(node: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(node, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, LANG: 'en_US.UTF-8' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}`);
  return ms;
}

const HYPERFINE = ['/usr/bin/hyperfine', '/usr/local/bin/hyperfine'].find((p) => existsSync(p));
const quote = (a: string) => (/^[\w./=-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** Median and fastest of `runs` runs after warm-ups (the compile cache, the page cache):
 * with hyperfine when installed (apt-get install hyperfine; it also gives CPU time), else
 * a loop of spawnSync. */
export function timeCommand(node: string, args: string[], runs: number): Timing {
  if (HYPERFINE) {
    const out = join(tempDir('ips-bench-'), 'hf.json');
    try {
      const r = spawnSync(HYPERFINE, ['-N', '--style', 'none', '-w', '2', '-r', String(runs), '--export-json', out, [node, ...args].map(quote).join(' ')], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LANG: 'en_US.UTF-8' },
      });
      if (r.status === 0) {
        const res = (JSON.parse(readFileSync(out, 'utf8')) as { results: { median: number; min: number; user: number; system: number }[] }).results[0]!;
        return { median: res.median * 1000, min: res.min * 1000, cpu: (res.user + res.system) * 1000 };
      }
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  }
  runOnce(node, args);
  runOnce(node, args);
  const t = Array.from({ length: runs }, () => runOnce(node, args)).sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, min: t[0]! };
}

function nodeVersion(node: string): string | undefined {
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function cliStartupRows(line: (what: string, figure: string, note?: string) => void): void {
  if (!existsSync(CLI)) {
    line('cli: start-up', 'skipped', 'dist/cli.mjs missing: run `npm run build` first');
    return;
  }
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const cpu = (t: Timing) => (t.cpu === undefined ? '' : `, ${fmt(t.cpu)} ms CPU`);
  const nodes = [process.execPath];
  const plain = nodeVersion('node');
  if (plain && plain !== process.version) nodes.push('node');
  line('cli: machine load (1-minute average)', loadavg()[0]!.toFixed(1), 'wall times grow with it; CPU times much less');
  for (const node of nodes) {
    const version = node === process.execPath ? process.version : plain!;
    const anchor = timeCommand(node, ['-e', '0'], 20);
    line(`cli (Node ${version}): node -e 0 (anchor)`, `${fmt(anchor.median)} ms`, `fastest ${fmt(anchor.min)} ms${cpu(anchor)}`);
    for (const [label, args, runs] of [
      ['ips-jobs --version', ['--version'], 20],
      ['ips-jobs --help', ['--help'], 20],
      ['ips-jobs active --demo', ['active', '--demo'], 5],
    ] as const) {
      const m = timeCommand(node, [CLI, ...args], runs);
      const goal = args.length > 1 ? '' : `; goal ≤ ${GOAL_MS} ms${m.median <= GOAL_MS ? ': met' : `: ${(m.median / GOAL_MS).toFixed(2)}× the goal`}`;
      line(
        `cli (Node ${version}): ${label}`,
        `${fmt(m.median)} ms`,
        `fastest ${fmt(m.min)} ms${cpu(m)}; ${(m.median / anchor.median).toFixed(1)}× node -e 0${goal}`,
      );
    }
  }
}
