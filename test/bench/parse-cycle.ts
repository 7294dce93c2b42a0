// The getActiveJobs poll cycle with 100 / 1,000 / 10,000 running jobs, beside a bare
// fast-xml-parser parse of the same bytes. The simulator writes the answers once (two of each
// size, every job's progress moved, so every job changes every poll); a static HTTP server in
// this process serves them, and a child process runs the real client and engine against it:
// each cycle is HTTP over loopback, the outline, the parse (the one-pass reader), normalizing,
// a worker above 256 KB, and the engine's merge of the changed jobs. CPU is the child's
// (worker thread included), per cycle, median of the repeats; the anchor runs in the same
// child on the same bytes. Figures only: nothing here fails.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createManualClock as simClock, startSimulator } from '../../electron/simulator/index.ts';
import { raw, x } from '../integration/simulator-helpers.ts';

const T0 = Date.parse('2024-05-02T16:00:00.000Z');
const SIZES = [100, 1000, 10_000];

interface Answers {
  active: [string, string];
  membership: string;
  scheduled: string;
  logs: string;
}

/** Two getActiveJobs answers of `n` running jobs (progress apart), and the small answers a cycle needs. */
async function record(n: number): Promise<Answers> {
  const sim = await startSimulator({ clock: simClock(T0), seed: 5 });
  try {
    for (let i = 0; i < n; i++) sim.world.addJob({ name: `job-${i}`, files: 100, plan: { newMs: 0, waitMs: 0, runMs: 3_600_000 } });
    const co = x({ companyHandle: 'c|15' });
    sim.world.advance(60_000);
    const a = (await raw(sim, 'getActiveJobs', co)).text;
    sim.world.advance(60_000);
    const b = (await raw(sim, 'getActiveJobs', co)).text;
    return {
      active: [a, b],
      // One company (c|15): the engine polls each company the user belongs to.
      membership: (await raw(sim, 'getCompanyMembership')).text.replace(/(<\/items>)<items>.*(<\/membershipArray>)/s, '$1$2'),
      scheduled: (await raw(sim, 'getScheduledJobs', co)).text,
      logs: (await raw(sim, 'getJobLogs', x({ companyHandle: 'c|15', numRows: 200 }))).text,
    };
  } finally {
    await sim.close();
  }
}

/** Serves the recorded answers by SOAPAction; getActiveJobs alternates between its two. */
function serve(ans: Answers): Promise<http.Server> {
  let turn = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
      const body =
        action === 'getActiveJobs'
          ? ans.active[turn++ % 2]
          : action === 'getScheduledJobs'
            ? ans.scheduled
            : action === 'getJobLogs'
              ? ans.logs
              : action === 'getCompanyMembership'
                ? ans.membership
                : undefined;
      if (body === undefined) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[xs.length >> 1] ?? NaN;

async function child(url: string, repeats: number): Promise<Record<string, number>> {
  const { XMLParser } = await import('fast-xml-parser');
  const { createIpsClient } = await import('../../electron/ips/client.ts');
  const { createEngine } = await import('../../electron/core/engine.ts');
  const { createManualClock } = await import('../../electron/clock.ts');
  const { defaultSettings } = await import('../../shared/settings.ts');
  const api = await createIpsClient({ serviceUrl: url, user: 'demo@example.com', password: 'demo', timeoutMs: 120_000 });
  const clock = createManualClock(T0);
  const engine = createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5 });
  const cycle = (start: () => void) =>
    new Promise<void>((resolve) => {
      const off = engine.onCycle((c) => {
        if (c.companyHandle === undefined) return;
        off();
        resolve();
      });
      start();
    });
  await cycle(() => engine.start());
  const cpuMs = (fn: () => Promise<unknown> | unknown) => async () => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const oneCycle = cpuMs(() => cycle(() => engine.pollNow()));
  for (let i = 0; i < 3; i++) await oneCycle();
  const cycles: number[] = [];
  for (let i = 0; i < repeats; i++) cycles.push(await oneCycle());
  const jobs = engine.jobs().length;
  await engine.stop();
  // The anchor: fast-xml-parser's default parse of the same bytes (both answers, in turn).
  const bodies = await Promise.all(
    [0, 1].map(async () => {
      const res = await fetch(url, { method: 'POST', headers: { SOAPAction: 'getActiveJobs' }, body: '' });
      return res.text();
    }),
  );
  const parser = new XMLParser();
  const bare = cpuMs(() => parser.parse(bodies[0] ?? ''));
  for (let i = 0; i < 3; i++) await bare();
  const parses: number[] = [];
  for (let i = 0; i < repeats; i++) parses.push(await bare());
  return { jobs, bytes: Buffer.byteLength(bodies[0] ?? ''), cycleMs: median(cycles), bareMs: median(parses) };
}

function runChild(url: string, repeats: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child', url, String(repeats)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`parse-cycle child failed: ${err.slice(-2000)}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
    });
  });
}

export async function parseCycleRows(line: (what: string, figure: string, note?: string) => void): Promise<void> {
  const fmt = (v: number, d = 1) => v.toLocaleString('en-US', { maximumFractionDigits: d });
  for (const n of SIZES) {
    const ans = await record(n);
    const server = await serve(ans);
    try {
      const r = await runChild(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, n >= 10_000 ? 5 : 15);
      line(
        `client+engine: getActiveJobs cycle, ${fmt(n, 0)} active`,
        `${fmt(r.cycleMs!, n >= 1000 ? 0 : 1)} ms CPU`,
        `${fmt(r.cycleMs! / r.bareMs!, 2)}× a bare fast-xml-parser parse of the same ${fmt(r.bytes! / 1e6, 2)} MB (${fmt(r.bareMs!, 1)} ms; goal ≤ 1×); every job changed; ${fmt(r.jobs!, 0)} jobs`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

if (process.argv[2] === 'child') {
  console.log(JSON.stringify(await child(process.argv[3] ?? '', Number(process.argv[4] ?? 10))));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await parseCycleRows((w, f, n = '') => console.log(`${w.padEnd(52)} ${f.padStart(14)}  ${n}`));
}
