// The hostile suite through the CLI as a process (issue #13 §9): `node electron/cli.ts …
// --service-url http://127.0.0.1:PORT/…` against named hostile cases and a seeded
// sample of 20 mutants. Each run ends within its timeout with the exit code of its class
// (0 ok, 3 sign-in, 4 network/timeout, 5 IPS fault or unreadable answer — never 1, an
// internal error), at most one stderr line, no stack trace, no password, and bounded
// memory (peak RSS of the process, sampled from /proc where there is one).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CLI_SOURCE, baseEnv } from '../cli/helpers.ts';
import { mutants, rng } from './mutate.ts';
import { COMPANY, SEED, SENTINEL, USER, record, startRig, type Rig } from './setup.ts';

const TIMEOUT_S = 3;
const PEAK_RSS_LIMIT = 400 * 1024 * 1024;
const EXIT: Record<string, number> = { ok: 0, authentication: 3, authorization: 3, network: 4, timeout: 4, fault: 5, malformed: 5 };
const CASES = [
  'proto-id',
  'gzip-bomb-1gib',
  'answer-50mb-chunked',
  'deep-100k',
  'xxe-file',
  'fault12-no-reason',
  'fault12-deep-detail',
  'redirect-other-host',
  'html-502',
  'slow-drip',
  'type-html-good-xml',
];
const COMMAND: Record<string, string> = { getActiveJobs: 'active', getScheduledJobs: 'scheduled', getJobLogs: 'logs' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakRss: number;
}

function vmRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [CLI_SOURCE, ...args], { env: baseEnv({ IPS_PASSWORD: SENTINEL }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const sampler = setInterval(() => child.pid !== undefined && (peakRss = Math.max(peakRss, vmRss(child.pid))), 20);
    const killer = setTimeout(() => child.kill('SIGKILL'), (TIMEOUT_S + 20) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, peakRss });
    });
  });
}

/** Runs `jobs` with at most `n` processes at a time (the machine has two cores). */
async function pool<T>(jobs: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

function checkRun(label: string, r: Run, allowed: number[]): void {
  assert.ok(allowed.includes(r.code ?? -1), `${label}: exit ${r.code}, expected ${allowed.join(' or ')}\nstderr: ${r.stderr}`);
  // Start-up of the TypeScript source is ~0.7 s; the call's own deadline is TIMEOUT_S.
  assert.ok(r.ms < (TIMEOUT_S + 12) * 1000, `${label}: ended in ${r.ms} ms`);
  const lines = r.stderr.split('\n').filter(Boolean);
  if (r.code === 0) assert.deepEqual(lines, [], `${label}: nothing on stderr`);
  else assert.equal(lines.length, 1, `${label}: one stderr line: ${r.stderr}`);
  for (const text of [r.stdout, r.stderr]) {
    assert.ok(!text.includes(SENTINEL), `${label}: the password appears in the output`);
    assert.ok(!/^\s+at /m.test(text), `${label}: a stack trace in the output`);
    assert.ok(!/root:x?:0:0/.test(text), `${label}: /etc/passwd content in the output`);
  }
  assert.doesNotMatch(r.stderr, /internal error/i, label);
  if (r.peakRss > 0) assert.ok(r.peakRss < PEAK_RSS_LIMIT, `${label}: peak RSS ${Math.round(r.peakRss / 1e6)} MB`);
}

let rig: Rig;
let rec: Awaited<ReturnType<typeof record>>;

before(async () => {
  rig = await startRig(TIMEOUT_S * 1000);
  rec = await record(rig, 10_000);
});
after(async () => {
  await rig?.close();
});

describe('hostile answers through the CLI as a process', () => {
  it(`${CASES.length} named cases: the exit code of their class, one line, bounded memory`, async (t) => {
    const byName = new Map(rig.cases.map((c) => [c.name, c]));
    const runs = await pool(
      CASES.map(
        (name) => () => runCli(['active', '--service-url', rig.server.url('case', name), '--user', USER, '--company', COMPANY, '--timeout', String(TIMEOUT_S)]),
      ),
      3,
    );
    let peak = 0;
    for (const [i, name] of CASES.entries()) {
      const c = byName.get(name);
      assert.ok(c, name);
      checkRun(name, runs[i] as Run, [...new Set(c.expect.map((k) => EXIT[k] as number))]);
      peak = Math.max(peak, runs[i]?.peakRss ?? 0);
    }
    assert.equal(rig.canary.hits(), 0, 'the redirect was not followed');
    t.diagnostic(
      `peak RSS of a CLI run: ${Math.round(peak / 1e6)} MB (gzip bomb ${Math.round((runs[CASES.indexOf('gzip-bomb-1gib')]?.peakRss ?? 0) / 1e6)} MB)`,
    );
  });

  it('20 seeded mutants of recorded answers: exit 0 or 5, never an internal error', async () => {
    const pickFrom = new Map([...rec.bodies].filter(([op]) => op in COMMAND));
    const all = mutants(pickFrom, 200, SEED + 1);
    const r = rng(SEED);
    const sample = Array.from({ length: 20 }, () => Math.floor(r() * all.length));
    rig.server.mutants = all;
    const runs = await pool(
      sample.map((i) => () => {
        const m = all[i];
        assert.ok(m);
        return runCli([
          COMMAND[m.op] as string,
          '--service-url',
          rig.server.url('mutant', String(i)),
          '--user',
          USER,
          '--company',
          COMPANY,
          '--timeout',
          String(TIMEOUT_S),
        ]);
      }),
      3,
    );
    for (const [k, i] of sample.entries()) {
      const m = all[i];
      checkRun(`mutant ${i} (${m?.op}: ${m?.kinds.join('+')})`, runs[k] as Run, /Fault/.test(m?.body ?? '') ? [0, 3, 5] : [0, 5]);
    }
  });
});
