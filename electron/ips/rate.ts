// Transfer speed and time left, from byte counts over a sliding window of a few seconds
// (steadier than the last chunk, quicker than the whole-transfer average).

export interface RateMeter {
  /** Record the running total of bytes done. */
  add(total: number): void;
  /** Bytes per second over the window (0 until two samples span some time). */
  bytesPerSecond(): number;
  /** Seconds left for `remaining` bytes at the current speed; undefined while unknown. */
  etaSeconds(remaining: number): number | undefined;
}

export function createRateMeter(now: () => number = Date.now, windowMs = 5000): RateMeter {
  const samples: Array<[number, number]> = [];
  return {
    add(total) {
      const t = now();
      samples.push([t, total]);
      while (samples.length > 2 && (samples[1] as [number, number])[0] <= t - windowMs) samples.shift();
    },
    bytesPerSecond() {
      if (samples.length < 2) return 0;
      const [t0, b0] = samples[0] as [number, number];
      const [t1, b1] = samples[samples.length - 1] as [number, number];
      const dt = (t1 - t0) / 1000;
      return dt > 0 ? Math.max(0, (b1 - b0) / dt) : 0;
    },
    etaSeconds(remaining) {
      if (remaining <= 0) return 0;
      const bps = this.bytesPerSecond();
      return bps > 0 ? Math.ceil(remaining / bps) : undefined;
    },
  };
}
