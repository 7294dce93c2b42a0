// Overview's chart data: jobs started per hour (last day) or per local day (last week),
// with each bar in the middle of its bucket so the first and last bars are whole, and the
// durations of finished jobs. Plain TypeScript (no Svelte).
import type uPlot from 'uplot';
import type { Job } from '../../../shared/domain.ts';

const HOUR = 3600_000;

/** Bucket bounds: 24 hourly bars for the day, 7 daily bars (local midnights) for the week. */
export function buckets(sp: 'day' | 'week', now: number): number[] {
  const out: number[] = [];
  if (sp === 'day') {
    const end = Math.ceil(now / HOUR) * HOUR;
    for (let i = 24; i >= 0; i--) out.push(end - i * HOUR);
  } else {
    const d = new Date(now);
    const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
    for (let i = 7; i >= 0; i--) out.push(new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() - i).getTime());
  }
  return out;
}

/** Jobs started per bucket (all, failed) and the durations of finished jobs, for Overview's charts. */
export function overviewSeries(jobs: Iterable<Job>, span: 'day' | 'week', now: number) {
  const bounds = buckets(span, now);
  const n = bounds.length - 1;
  const start = bounds[0]!;
  const end = bounds[n]!;
  // Each bar sits in the middle of its bucket, so the first and last bars are whole.
  const xs: number[] = [];
  const total: number[] = [];
  const failed: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push((bounds[i]! + bounds[i + 1]!) / 2000);
    total.push(0);
    failed.push(0);
  }
  const dx: number[] = [];
  const dy: number[] = [];
  const dk: string[] = [];
  for (const j of jobs) {
    if (!j.startDate) continue;
    const s = Date.parse(j.startDate);
    if (!(s >= start && s < end)) continue;
    let b = span === 'day' ? Math.floor((s - start) / HOUR) : 0;
    if (span === 'week') while (b < n - 1 && s >= bounds[b + 1]!) b++;
    total[b]!++;
    if (j.outcome === 'error') failed[b]!++;
    if (j.phase === 'finished' && j.endDate) {
      const d = Date.parse(j.endDate) - s;
      if (d >= 0) {
        dx.push(s / 1000);
        dy.push(d / 60_000);
        dk.push(j.name);
      }
    }
  }
  // uPlot wants x ascending.
  const order = dx.map((_, i) => i).sort((a, b) => dx[a]! - dx[b]!);
  const durX = order.map((i) => dx[i]!);
  const durY = order.map((i) => dy[i]!);
  const durName = order.map((i) => dk[i]!);
  const sum = total.reduce((a, b) => a + b, 0);
  const maxDur = durY.reduce((a, b) => Math.max(a, b), 0);
  const med = durY.length ? durY.slice().sort((a, b) => a - b)[Math.floor(durY.length / 2)]! : 0;
  return {
    counts: [xs, total, failed] as uPlot.AlignedData,
    durations: [durX, durY] as uPlot.AlignedData,
    durName,
    bounds,
    sum,
    failedSum: failed.reduce((a, b) => a + b, 0),
    durCount: durY.length,
    maxDur,
    med,
    start,
    end,
  };
}
