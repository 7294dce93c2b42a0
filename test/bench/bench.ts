// Speed and memory figures for the paths that scale with the number of jobs.
// Prints figures and ratios; asserts nothing (targets are read by people, not tests).
//
//   npm run bench
import { performance } from 'node:perf_hooks';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, createManualClock } from '../../electron/simulator/index.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { applySnapshot, createBoard } from '../../electron/core/board.ts';
import type { JobLog } from '../../shared/domain.ts';
import { cliStartupRows } from './cli-startup.ts';
import { coreScaleRows } from './core-scale.ts';
import { parseCycleRows } from './parse-cycle.ts';
import { uploadBenchRows } from './upload-bench.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const mb = (b: number) => `${fmt(b / 1024 / 1024)} MiB`;
function line(what: string, figure: string, note = ''): void {
  console.log(`${what.padEnd(52)} ${figure.padStart(14)}  ${note}`);
}
async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

console.log(`IPS Jobs benchmarks — Node ${process.version}, ${ROWS.toLocaleString('en-US')} history rows\n`);

// 1. The simulator seeds the history the scale tests use.
const clock = createManualClock(Date.now());
const [sim, seedMs] = await time(() => startSimulator({ clock, seed: 7, historyRows: ROWS }));
line('simulator: start with history rows', `${fmt(seedMs, 0)} ms`, `${fmt((ROWS / seedMs) * 1000, 0)} rows/s`);

// 2. The real SOAP client parsing job logs over loopback.
const api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, timeoutMs: 120_000 });
const [members] = await time(() => api.getCompanyMembership());
const co = members[0]!.company.companyHandle;
for (const n of [100, 1000, 5000]) {
  await api.getJobLogs({ companyHandle: co, numRows: n, sortBy: 'StartDate', sortDirection: 'Descending' }); // warm
  const [logs, ms] = await time(() => api.getJobLogs({ companyHandle: co, numRows: n, sortBy: 'StartDate', sortDirection: 'Descending' }));
  line(`client: getJobLogs numRows=${n}`, `${fmt(ms, 0)} ms`, `${fmt((logs.length / ms) * 1000, 0)} logs/s round trip (${logs.length} returned)`);
}
await sim.close();

// 3. The job board: first merge of many finished logs, then a poll where little changed.
const base = Date.now();
global.gc?.();
const heap0 = process.memoryUsage().heapUsed;
let logs: JobLog[] = Array.from({ length: ROWS }, (_, i) => ({
  companyHandle: 'c|1',
  jobHandle: `j|1||bench-${i}|${i}`,
  jobName: `bench-${i}`,
  originalJobName: `bench-${i}`,
  submitUserEmail: 'demo@example.com',
  logType: 'EndUpload',
  startDate: new Date(base - (i + 2) * 60_000).toISOString(),
  endDate: new Date(base - (i + 1) * 60_000).toISOString(),
  fileSuccessCount: i % 50,
  fileErrorCount: i % 7 === 0 ? 1 : 0,
  fileWarningCount: i % 5 === 0 ? 2 : 0,
  fileDuplicateCount: 0,
  fileUpdateCount: 0,
  totalFileCount: i % 50,
  transferSuccessCount: i % 50,
  transferErrorCount: 0,
  transferWarningCount: 0,
  fatalError: false,
}));
const opts = { now: base, finishWaitMs: 60_000, pendingTimeoutMs: 60_000 };
const board = createBoard();
const [first, firstMs] = await time(() => applySnapshot(board, { companyHandle: 'c|1', active: [], scheduled: [], logs }, opts));
line('board: first merge of all rows', `${fmt(firstMs, 0)} ms`, `${first.upsert.length} jobs`);
const windowSource = logs.slice(0, 200);
logs = []; // the board alone holds the records now
global.gc?.();
const heap1 = process.memoryUsage().heapUsed;
line(
  'board: heap held per job',
  `${fmt((heap1 - heap0) / ROWS, 0)} B`,
  `${mb(heap1 - heap0)} for ${fmt(ROWS, 0)} jobs${global.gc ? '' : ' (run with --expose-gc for exact figures)'}`,
);

const changed = 10;
const window = windowSource.map((l, i) => (i < changed ? { ...l, fileErrorCount: l.fileErrorCount + 1 } : l));
const [second, secondMs] = await time(() =>
  applySnapshot(board, { companyHandle: 'c|1', active: [], scheduled: [], logs: window }, { ...opts, now: base + 10_000 }),
);
line(`board: steady poll (200-row window, ${changed} changed)`, `${fmt(secondMs, 2)} ms`, `${fmt(firstMs / secondMs, 0)}× cheaper than the first merge`);

// 4. What the renderer receives: the snapshot once, then patches.
const snapshotBytes = Buffer.byteLength(JSON.stringify([...board.jobs.values()]));
const patchBytes = Buffer.byteLength(JSON.stringify({ upsert: second.upsert, remove: second.remove }));
line('ipc: snapshot size (once)', mb(snapshotBytes));
line(
  'ipc: patch size per steady poll',
  `${fmt(patchBytes / 1024)} KiB`,
  `${second.upsert.length} jobs; snapshot/patch = ${fmt(snapshotBytes / Math.max(1, patchBytes), 0)}×`,
);

// 4a. The getActiveJobs cycle (client + engine) beside a bare fast-xml-parser parse of the same bytes.
console.log('');
await parseCycleRows(line);

// 4b. The headless core at scale: RSS, a poll cycle beside the empty-history one, idle requests.
console.log('');
await coreScaleRows(line);

// 5. CLI start-up (dist/cli.mjs), beside a bare `node -e 0`.
console.log('');
cliStartupRows(line);

// 6. A 1 GiB upload on loopback beside curl, and the uploader's RSS (BENCH_UPLOAD=0 skips it).
if (process.env.BENCH_UPLOAD !== '0') {
  console.log('');
  await uploadBenchRows(line);
}
