// The headless core at scale: RSS with 10,000 active + 100,000 history jobs, CPU of a poll
// cycle beside the same cycle with an empty history, and idle requests per hour beside
// reading all three lists every cycle (the old cadence). Each figure runs in a fresh child
// process (`--expose-gc`), its anchor in the same run. Records are cut out of one big string
// per response, as a SOAP parse does (so a kept substring would pin the whole body).
// Figures only: nothing here fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { createEngine } from '../../electron/core/engine.ts';
import { reduceMemory, RELEASE_DELAY_MS, RELEASE_INTERVAL_MS } from '../../electron/core/memory.ts';
import { createManualClock } from '../../electron/clock.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { ActiveJob, JobLog } from '../../shared/domain.ts';
import type { IpsApi, JobLogsQuery } from '../../electron/ips/api.ts';
import { active, log, CO } from '../unit/core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();

/** Records whose strings are slices of one response-sized string, markup included (as a SOAP parse leaves them). */
function sliced<T extends object>(records: T[]): T[] {
  const parts: string[] = ['<soap:Envelope><soap:Body><items>'];
  const at: number[] = [];
  let len = parts[0]!.length;
  for (const r of records) {
    parts.push('<item>');
    len += 6;
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'string') continue;
      const open = `<${k} xsi:type="xsd:string">`;
      at.push(len + open.length);
      const piece = `${open}${v}</${k}>`;
      parts.push(piece);
      len += piece.length;
    }
    parts.push('</item>');
    len += 7;
  }
  parts.push('</items></soap:Body></soap:Envelope>');
  const body = parts.join('');
  let n = 0;
  return records.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'string') {
        const from = at[n++]!;
        out[k] = body.slice(from, from + v.length);
      } else out[k] = v;
    }
    return out as T;
  });
}

function logRecord(i: number): JobLog {
  const start = T0 - (i + 2) * 20_000;
  return log(`c|1|j|${100_000 + i}|ImageServingPublish|${start}`, {
    jobName: `publish-${i % 400}`,
    originalJobName: `publish-${i % 400}`,
    submitUserEmail: `user${i % 20}@example.com`,
    logType: 'EndImageServingPublish',
    startDate: iso(start),
    endDate: iso(start + 15_000),
    fileSuccessCount: i % 50,
    fileErrorCount: i % 7 === 0 ? 1 : 0,
    totalFileCount: i % 50,
  });
}

function activeRecord(i: number, now: number): ActiveJob {
  return active(`c|1|a|${i}|UrlUpload|${T0}`, {
    name: `upload-${i}`,
    originalName: `upload-${i}`,
    startDate: iso(T0 - 60_000),
    progressMessage: `Processing ${i % 10} of 10`,
    lastProgressUpdate: iso(now - 1000),
    submitUserEmail: `user${i % 20}@example.com`,
  });
}

/** The server holds the history: log i started at T0 − (i + 2) × 20 s; pages are made on demand. */
function scaleApi(activeN: number, historyN: number, clock: { now(): number }): IpsApi & { calls: number } {
  const api = {
    calls: 0,
    getCompanyMembership: async () => [{ company: { companyHandle: CO, name: 'Acme' } }],
    getActiveJobs: async () => {
      api.calls++;
      return sliced(Array.from({ length: activeN }, (_, i) => activeRecord(i, clock.now())));
    },
    getScheduledJobs: async () => {
      api.calls++;
      return [];
    },
    getJobLogs: async (q: JobLogsQuery) => {
      api.calls++;
      const before = q.endDate ? Date.parse(q.endDate) : Infinity;
      const from = q.startDate ? Date.parse(q.startDate) : -Infinity;
      const out: JobLog[] = [];
      const first = Number.isFinite(before) ? Math.max(0, Math.ceil((T0 - before) / 20_000 - 2)) : 0;
      for (let i = first; i < historyN && out.length < (q.numRows ?? 200); i++) {
        const l = logRecord(i);
        const s = Date.parse(l.startDate!);
        if (s < from) break;
        if (s <= before) out.push(l);
      }
      return sliced(out);
    },
  } as unknown as IpsApi & { calls: number };
  return api;
}

const settle = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

/**
 * `appRelease`: the engine gives memory back after the backfill as the app does (./memory.ts,
 * no test gc before the figures); else the release is off and the figures follow the test's GCs.
 */
async function child(activeN: number, historyN: number, cycles: number, appRelease = false): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: (o?: object) => void }).gc ?? (() => undefined);
  gc();
  const rss0 = process.memoryUsage().rss;
  const clock = createManualClock(T0);
  const api = scaleApi(activeN, historyN, clock);
  const settings = defaultSettings();
  /** CPU (ms) of each release the engine asked for. */
  const releases: number[] = [];
  const releaseMemory = appRelease
    ? () => {
        const c0 = process.cpuUsage();
        const ok = reduceMemory();
        const c = process.cpuUsage(c0);
        releases.push((c.user + c.system) / 1000);
        return ok;
      }
    : () => undefined;
  const engine = createEngine({ api, settings, locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5, releaseMemory });
  engine.start();
  await settle(40);
  // Backfill: pages of 2000, 250 ms apart.
  for (let i = 0; i < Math.ceil(historyN / 2000) + 5; i++) {
    clock.advance(300);
    await settle(20);
  }
  const jobs = engine.jobs().length;
  if (appRelease) {
    // As the app runs: the engine's release after the backfill, then three full cycles in
    // which all 10,000 running jobs change, then the polls go on (every job keeps changing)
    // until the engine's next release, rate-limited to one a minute.
    clock.advance(RELEASE_DELAY_MS + 100);
    await settle(20);
    const afterRelease = process.memoryUsage().rss;
    const early = releases.length;
    for (let i = 0; i < 3; i++) {
      engine.pollNow();
      await settle(20);
    }
    const m = process.memoryUsage();
    let waitedMs = 0;
    while (releases.length === early && waitedMs < 3 * RELEASE_INTERVAL_MS) {
      clock.advance(1000);
      waitedMs += 1000;
      await settle(20);
    }
    const afterBurst = process.memoryUsage();
    await engine.stop();
    return {
      jobs,
      rss0,
      released: releases.length,
      early,
      releaseCpuMs: Math.max(...releases.slice(0, early)),
      rssReleased: afterRelease,
      rssAfterCycles: m.rss,
      heap: m.heapUsed,
      heapTotal: m.heapTotal,
      rssAfterBurst: afterBurst.rss,
      heapAfterBurst: afterBurst.heapUsed,
      burstWaitS: waitedMs / 1000,
      burstReleaseCpuMs: releases[early] ?? NaN,
    };
  }
  gc();
  await settle();
  gc();
  const mem = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_size]));
  // What V8 gives back when asked to reduce memory (as on a low-memory notification): the
  // young generation shrinks to its minimum and free pages are released.
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const reduced = process.memoryUsage();
  // A full cycle (pollNow: all three lists, 200-row window), CPU per cycle.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < cycles; i++) {
    engine.pollNow();
    await settle(20);
  }
  const cpu = process.cpuUsage(cpu0);
  await engine.stop();
  return {
    jobs,
    rss0,
    rss: mem.rss,
    heap: mem.heapUsed,
    heapTotal: mem.heapTotal,
    external: mem.external,
    newSpace: spaces['new_space'] ?? 0,
    rssReduced: reduced.rss,
    heapTotalReduced: reduced.heapTotal,
    cycleMs: (cpu.user + cpu.system) / 1000 / cycles,
  };
}

async function idleRequests(): Promise<{ requests: number; cycles: number }> {
  const clock = createManualClock(T0);
  const api = scaleApi(0, 0, clock);
  const engine = createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5 });
  engine.start();
  await settle(40);
  for (let i = 0; i < 3600; i++) {
    clock.advance(1000);
    await settle(3);
  }
  const before = api.calls;
  let cycles = 0;
  engine.onCycle(() => cycles++);
  for (let i = 0; i < 3600; i++) {
    clock.advance(1000);
    await settle(3);
  }
  await engine.stop();
  return { requests: api.calls - before, cycles };
}

/**
 * The child runs from an esbuild bundle, as the app's main process and the CLI do (dist/main.mjs,
 * dist/cli.mjs): run from the .ts sources, Node's type stripping alone holds ~50 MiB of RSS.
 */
let bundled: string | undefined;
async function childScript(): Promise<string> {
  if (bundled) return bundled;
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.mjs')) return (bundled = self);
  const { build } = await import('esbuild');
  const out = fileURLToPath(new URL('../../dist/bench/core-scale.mjs', import.meta.url));
  await build({
    entryPoints: [self],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    packages: 'external',
    logLevel: 'warning',
  });
  return (bundled = out);
}

/** The anchor: a bare Node process (node -e, the same binary) after a full GC. */
async function bareNode(): Promise<{ rss: number }> {
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', 'gc(); console.log(JSON.stringify({ rss: process.memoryUsage().rss }))'], { encoding: 'utf8' });
  return JSON.parse(r.stdout.trim()) as { rss: number };
}

async function runChild(args: string[], flags: string[] = []): Promise<Record<string, number>> {
  const r = spawnSync(process.execPath, ['--expose-gc', ...flags, await childScript(), 'child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`core-scale child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

export async function coreScaleRows(line: (what: string, figure: string, note?: string) => void): Promise<void> {
  const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
  const mib = (b: number) => `${fmt(b / 1048576)} MiB`;
  // The anchor holds only the 200 jobs of the log window: the same requests and rows per cycle.
  const empty = await runChild(['0', '200', '100']);
  const bare = await bareNode();
  const big = await runChild(['10000', '100000', '3']);
  line(
    'core: 10,000 active + 100,000 history: RSS',
    mib(big.rss!),
    `after a full GC; ${mib(big.rss0!)} before any job (a bare node -e: ${mib(bare.rss!)}; goal < 150 MB); heap used ${mib(big.heap!)} of ${mib(big.heapTotal!)} (young generation ${mib(big.newSpace!)}), external ${mib(big.external!)}, ${fmt(big.jobs!, 0)} jobs`,
  );
  line(
    'core: same, after V8 reduces memory',
    mib(big.rssReduced!),
    `${fmt(big.rssReduced! / big.rss!, 2)}× the RSS above (gc flavor last-resort: young generation at its minimum, heap total ${mib(big.heapTotalReduced!)})`,
  );
  const app = await runChild(['10000', '100000', '3', '1']);
  line(
    'core: same, as the app runs (release after backfill)',
    mib(app.rssReleased!),
    `${fmt(app.rssReleased! / big.rss!, 2)}× the RSS after a full GC above; ${fmt(app.rssReleased! / bare.rss!, 2)}× a bare node -e (${mib(bare.rss!)}); the engine's release 2 s after the backfill (electron/core/memory.ts; ${app.early} release(s) by then, the longest ${fmt(app.releaseCpuMs!, 0)} ms CPU); goal < 150 MB`,
  );
  line(
    'core: same, after 3 cycles where all 10,000 running jobs change',
    mib(app.rssAfterCycles!),
    `heap ${mib(app.heap!)} of ${mib(app.heapTotal!)}; then ${mib(app.rssAfterBurst!)} (heap used ${mib(app.heapAfterBurst!)}) at the engine's next release, ${fmt(app.burstWaitS!, 0)} s later while every job kept changing (at most one a minute; ${fmt(app.burstReleaseCpuMs!, 0)} ms CPU); ${app.released} releases in all`,
  );
  const semi = await runChild(['10000', '100000', '1'], ['--max-semi-space-size=2']);
  line(
    'core: same, --max-semi-space-size=2',
    mib(semi.rss!),
    `${fmt(semi.rss! / big.rss!, 2)}× the default's RSS (young generation ${mib(semi.newSpace!)}, heap total ${mib(semi.heapTotal!)}): the young generation's share`,
  );
  const histOnly = await runChild(['0', '100000', '100']);
  line(
    'core: poll cycle (200-row window), 100,000 history',
    `${fmt(histOnly.cycleMs!, 2)} ms CPU`,
    `${fmt(histOnly.cycleMs! / empty.cycleMs!, 2)}× the same cycle holding only the window's 200 jobs (${fmt(empty.cycleMs!, 2)} ms; goal ≤ 1.5×)`,
  );
  line(
    'core: poll cycle, 10,000 active + 100,000 history',
    `${fmt(big.cycleMs!, 0)} ms CPU`,
    `${fmt(big.cycleMs! / empty.cycleMs!, 0)}× that cycle (10,000 jobs change every poll)`,
  );
  const idle = await idleRequests();
  line(
    'core: idle requests per company per hour',
    `${idle.requests}`,
    `${fmt(idle.requests / (idle.cycles * 3), 2)}× reading all three lists every cycle (${idle.cycles * 3}; goal ≤ 60)`,
  );
}

if (process.argv[2] === 'child') {
  const [a, h, c, r] = process.argv.slice(3).map(Number);
  console.log(JSON.stringify(await child(a!, h!, c!, r === 1)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await coreScaleRows((w, f, n = '') => console.log(`${w.padEnd(52)} ${f.padStart(14)}  ${n}`));
}
