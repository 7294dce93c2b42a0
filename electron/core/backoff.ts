// Retry delays after failures: exponential, bounded, with jitter so many clients (or many
// companies of one client) do not retry in lockstep.

export interface BackoffOptions {
  /** First retry delay (ms). */
  baseMs: number;
  /** Upper bound (ms). */
  maxMs: number;
  /** 0–1 random source. */
  random: () => number;
  /** ± fraction of jitter (default 0.2). */
  jitter?: number;
}

/** Delay before retry number `failures` (1 = first retry). */
export function backoffDelay(failures: number, o: BackoffOptions): number {
  const n = Math.max(1, Math.min(failures, 30));
  const raw = Math.min(o.maxMs, o.baseMs * 2 ** (n - 1));
  const j = o.jitter ?? 0.2;
  const factor = 1 - j + 2 * j * clamp01(o.random());
  return Math.round(Math.min(o.maxMs * (1 + j), Math.max(1000, raw * factor)));
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5;
}
