// ETA from the progress the window has observed across patches: a least-squares rate
// over the recent samples of each running job.
import type { Job } from '../../../shared/domain.ts';

interface Sample {
  t: number;
  p: number;
}

const MAX_SAMPLES = 30;
const WINDOW_MS = 15 * 60_000;

export class ProgressTracker {
  private samples = new Map<string, Sample[]>();

  observe(job: Job, now = Date.now()): void {
    if (job.phase !== 'running' || job.progress === undefined) {
      if (job.phase === 'finished') this.samples.delete(job.key);
      return;
    }
    // Receive time, not the server's lastProgressUpdate: one clock for rate and "now".
    const t = now;
    const list = this.samples.get(job.key) ?? [];
    const last = list[list.length - 1];
    if (last && last.p === job.progress) return;
    if (last && job.progress < last.p) list.length = 0; // restarted
    list.push({ t, p: job.progress });
    while (list.length > MAX_SAMPLES || (list.length > 2 && list[0]!.t < t - WINDOW_MS)) list.shift();
    this.samples.set(job.key, list);
  }

  forget(key: string): void {
    this.samples.delete(key);
  }

  /** Milliseconds left, or undefined while there is too little history. */
  remainingMs(job: Job, now: number): number | undefined {
    const list = this.samples.get(job.key);
    if (job.progress === undefined) return undefined;
    if (!list || list.length < 2 || list[list.length - 1]!.t - list[0]!.t < 5000) return this.fromStart(job, now);
    const n = list.length;
    const mt = list.reduce((s, x) => s + x.t, 0) / n;
    const mp = list.reduce((s, x) => s + x.p, 0) / n;
    let num = 0;
    let den = 0;
    for (const x of list) {
      num += (x.t - mt) * (x.p - mp);
      den += (x.t - mt) ** 2;
    }
    if (den === 0) return this.fromStart(job, now);
    const rate = num / den; // percent per ms
    if (!(rate > 0)) return this.fromStart(job, now);
    const last = list[n - 1]!;
    const remaining = (100 - job.progress) / rate - Math.max(0, now - last.t);
    return Math.max(0, remaining);
  }

  /**
   * Before there is history: the average rate from the job's start to its last progress
   * update. Both instants come from the server's clock, so clock skew does not matter.
   */
  private fromStart(job: Job, _now: number): number | undefined {
    const p = job.progress ?? 0;
    const start = job.active?.startDate ? Date.parse(job.active.startDate) : NaN;
    const last = job.active?.lastProgressUpdate ? Date.parse(job.active.lastProgressUpdate) : NaN;
    if (!(p >= 3 && p < 100) || !Number.isFinite(start) || !Number.isFinite(last) || last <= start) return undefined;
    return ((last - start) * (100 - p)) / p;
  }
}
