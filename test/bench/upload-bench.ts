// A 1 GiB upload on loopback (issue #10): our uploader (electron/ips/upload.ts, in a child
// process of its own so its RSS is its own) against curl posting the same multipart body
// (auth part, uploadParams part, file part) to the same `ips-jobs simulator` process.
// Prints throughput, the ratio to curl and peak RSS growth of the uploading process and of
// the simulator; asserts nothing (goals: ≥ 80 % of curl, RSS growth < 64 MB).
//
//   node test/bench/upload-bench.ts            (also the last part of `npm run bench`)
//   BENCH_UPLOAD_MB=256 … for a smaller file; BENCH_UPLOAD=0 in npm run bench skips it.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authXml, uploadFiles, uploadParamsXml, uploadUrlForService } from '../../electron/ips/upload.ts';
import { received, tempDir } from '../transfers/helpers.ts';
import { startSimProcess } from '../transfers/process-sim.ts';

const SELF = fileURLToPath(import.meta.url);
const USER = 'demo@example.com';
const PASSWORD = 'demo';
const MiB = 1024 * 1024;
const ROUNDS = 3;

/** VmRSS / VmHWM of a process (Linux), bytes. */
function memoryOf(pid: number | 'self'): { rss: number; peak: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Resets a process's peak RSS (VmHWM) to its current RSS; false where Linux does not let us. */
function resetPeak(pid: number | 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface ChildResult {
  seconds: number;
  /** User + system CPU seconds of the upload. */
  cpu: number;
  bytes: number;
  rssBefore: number;
  peakGrowth: number;
  jobHandle: string;
}

/** Child mode: one upload through uploadFiles, timed, with its own RSS figures, as JSON on stdout. */
async function child(serviceUrl: string, path: string, size: number, jobName: string): Promise<void> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const cleared = resetPeak('self');
  let peak = rssBefore;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await uploadFiles(
    { companyHandle: 'c|15', destFolder: 'ExampleCo/bench/', jobName, files: [{ path, size, target: 'big.bin' }] },
    {
      user: USER,
      password: PASSWORD,
      uploadUrl: uploadUrlForService(serviceUrl),
      serviceUrl,
      maxFileSize: null,
      timeoutMs: 600_000,
      onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)),
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  clearInterval(sample);
  const hwm = cleared ? (memoryOf('self')?.peak ?? peak) : peak;
  const out: ChildResult = {
    seconds,
    cpu: (used.user + used.system) / 1e6,
    bytes: size,
    rssBefore,
    peakGrowth: Math.max(peak, hwm) - rssBefore,
    jobHandle: r.jobHandle,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(serviceUrl: string, path: string, size: number, jobName: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--expose-gc', SELF, '--child', serviceUrl, path, String(size), jobName], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    c.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult);
      else reject(new Error(`the uploading child failed (${code}): ${err.slice(-800)}`));
    });
  });
}

interface CurlResult {
  seconds: number;
  /** User + system CPU seconds (last /proc sample before it exited). */
  cpu?: number;
  bytes: number;
  jobHandle: string;
  peakGrowth?: number;
}

/** curl -F with the same three parts; the answer must be an uploadPostReturn. */
function runCurl(dir: string, serviceUrl: string, path: string, jobName: string): Promise<CurlResult> {
  const auth = join(dir, 'auth.xml');
  const params = join(dir, `params-${jobName}.xml`);
  const answer = join(dir, `answer-${jobName}.xml`);
  writeFileSync(auth, authXml({ user: USER, password: PASSWORD }));
  writeFileSync(params, uploadParamsXml({ companyHandle: 'c|15', jobName, destFolder: 'ExampleCo/bench/', fileName: 'big.bin', endJob: true, job: {} }));
  const args = ['-sS', '-H', 'Expect:', '-o', answer, '-w', '%{time_total} %{size_upload} %{http_code}'];
  args.push(
    '-F',
    `auth=<${auth};type=text/plain`,
    '-F',
    `uploadParams=<${params};type=text/plain`,
    '-F',
    `file1=@${path};filename=big.bin;type=application/octet-stream`,
  );
  args.push(uploadUrlForService(serviceUrl));
  return new Promise((resolve, reject) => {
    const c = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    const rssOf = (): number => {
      const r = memoryOf(c.pid as number)?.rss;
      return r !== undefined && Number.isFinite(r) ? r : 0;
    };
    let cpu: number | undefined;
    const tick = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const sampleCpu = (): void => {
      try {
        const f = readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        const t = (Number(f[11]) + Number(f[12])) / tick;
        if (Number.isFinite(t)) cpu = t;
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(() => {
      peak = Math.max(peak, rssOf());
      sampleCpu();
    }, 25);
    const start = rssOf;
    let base = 0;
    setTimeout(() => (base = start()), 5);
    c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    c.on('close', (code) => {
      clearInterval(timer);
      const [time, size, status] = out.trim().split(' ');
      const text = (() => {
        try {
          return readFileSync(answer, 'utf8');
        } catch {
          return '';
        }
      })();
      const handle = /<jobHandle>([^<]+)<\/jobHandle>/.exec(text)?.[1];
      if (code !== 0 || status !== '200' || !handle)
        return reject(new Error(`curl failed (${code}, HTTP ${status}): ${err.slice(-400)} ${text.slice(0, 300)}`));
      resolve({
        seconds: Number(time),
        bytes: Number(size),
        jobHandle: handle.replace(/&amp;/g, '&'),
        ...(base > 0 ? { peakGrowth: peak - base } : {}),
        ...(cpu !== undefined ? { cpu } : {}),
      });
    });
  });
}

export async function uploadBenchRows(line: (what: string, figure: string, note?: string) => void): Promise<void> {
  if (process.platform !== 'linux') return line('upload: 1 GiB vs curl', 'skipped', 'reads /proc (Linux only)');
  if (spawnSync('curl', ['--version']).status !== 0) return line('upload: 1 GiB vs curl', 'skipped', 'curl is not installed (apt-get install -y curl)');
  const size = Number(process.env.BENCH_UPLOAD_MB ?? 1024) * MiB;
  const tmp = await tempDir('ips-upload-bench-');
  const sim = await startSimProcess();
  try {
    const big = await tmp.file('big.bin', '');
    await truncate(big, size); // sparse: reads as zeros from the page cache, costs no disk
    const label = `${size / MiB} MiB`;
    // Warm-up. Reading a sparse file's holes fills the page cache with zero pages, so whoever
    // reads it first pays for 1 GiB of kernel allocations (measured: that first run is 4-8x
    // slower, curl or ours): read it once here. Then one small upload each warms the simulator.
    const fh = await open(big, 'r');
    const buf = Buffer.allocUnsafeSlow(MiB);
    for (let pos = 0; pos < size; pos += MiB) await fh.read(buf, 0, MiB, pos);
    await fh.close();
    const warm = await tmp.file('warm.bin', '');
    await truncate(warm, 16 * MiB);
    await runCurl(tmp.dir, sim.url, warm, 'bench-warm-curl');
    await runChild(sim.url, warm, 16 * MiB, 'bench-warm-ours');
    const ours: ChildResult[] = [];
    const curls: CurlResult[] = [];
    const simGrowth: number[] = [];
    // Alternate, three times each, so a busy moment on the machine hits both sides alike.
    for (let round = 1; round <= ROUNDS; round++) {
      const curl = async () => curls.push(await runCurl(tmp.dir, sim.url, big, `bench-curl-${round}`));
      if (round % 2 === 0) await curl();
      const s0 = memoryOf(sim.pid);
      const canReset = resetPeak(sim.pid);
      ours.push(await runChild(sim.url, big, size, `bench-ours-${round}`));
      const s1 = memoryOf(sim.pid);
      if (s0 && s1 && canReset) simGrowth.push(s1.peak - s0.rss);
      if (round % 2 === 1) await curl();
    }
    // Both sides delivered every byte, and the same bytes.
    const a = (await received(sim.base, ours[0]!.jobHandle)).files[0];
    const b = (await received(sim.base, curls[0]!.jobHandle)).files[0];
    const same = a !== undefined && b !== undefined && a.bytes === size && b.bytes === size && a.sha256 === b.sha256;
    const best = <T extends { seconds: number }>(xs: T[]) => xs.reduce((m, x) => (x.seconds < m.seconds ? x : m));
    const o = best(ours);
    const c = best(curls);
    const rate = (r: { seconds: number }) => size / MiB / r.seconds;
    const ratio = rate(o) / rate(c);
    const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
    line(
      `upload: ${label} by our uploader (best of 3)`,
      `${fmt(rate(o), 0)} MiB/s`,
      `${fmt(o.seconds, 2)} s; runs ${ours.map((r) => fmt(r.seconds, 2)).join(', ')} s`,
    );
    line(
      `upload: ${label} by curl -F (best of 3)`,
      `${fmt(rate(c), 0)} MiB/s`,
      `${fmt(c.seconds, 2)} s; runs ${curls.map((r) => fmt(r.seconds, 2)).join(', ')} s`,
    );
    const perGiB = (cpu: number | undefined) => (cpu !== undefined ? `${fmt(cpu / (size / 1024 / MiB), 2)} s` : '?');
    line(
      'upload: CPU per GiB, ours / curl',
      `${perGiB(o.cpu)} / ${perGiB(c.cpu)}`,
      'user + system of the uploading process; on a busy 2-core machine it competes with the simulator',
    );
    line(
      'upload: ours / curl throughput',
      `${fmt(ratio * 100, 0)} %`,
      `goal ≥ 80 %${ratio >= 0.8 ? '' : '  — MISSED'}; same bytes received: ${same ? 'yes' : 'NO'}`,
    );
    const growth = Math.max(...ours.map((r) => r.peakGrowth));
    line(
      'upload: peak RSS growth of the uploading process',
      `${fmt(growth / MiB)} MiB`,
      `goal < 64 MB${growth < 64e6 ? '' : '  — MISSED'}; curl's own: ${curls.map((r) => (r.peakGrowth !== undefined ? `${fmt(r.peakGrowth / MiB)} MiB` : '?')).join(', ')}`,
    );
    if (simGrowth.length > 0)
      line(
        'upload: peak RSS growth of the simulator',
        `${fmt(Math.max(...simGrowth) / MiB)} MiB`,
        `while receiving ${label} from our uploader (runs ${simGrowth.map((g) => fmt(g / MiB)).join(', ')} MiB)`,
      );
  } finally {
    await sim.stop();
    await tmp.remove();
  }
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === '--child') {
    const [serviceUrl, path, size, jobName] = process.argv.slice(3) as [string, string, string, string];
    await child(serviceUrl, path, Number(size), jobName);
  } else {
    await uploadBenchRows((what, figure, note = '') => console.log(`${what.padEnd(52)} ${figure.padStart(14)}  ${note}`));
  }
}
