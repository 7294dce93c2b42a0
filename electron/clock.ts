// Clocks, a leaf module with no dependencies: the system clock (timers unref'd, liveness by
// keepAlive) and a manual clock for tests and the simulator, so a job's whole life runs in
// milliseconds. Every layer (core, simulator, CLI, transfers) takes a Clock from here.

/** Injectable time, so tests run a job's whole life in milliseconds. */
export interface Clock {
  now(): number;
  /** Timers never keep the process alive by themselves: liveness is keepAlive's job. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Keep the process alive until the returned release is called: a running engine holds one
   * (start() to stop()), so `ips-jobs watch` lives between polls against any server, and a
   * stopped engine lets its process exit. The system clock holds a ref'd handle; a manual
   * clock has nothing to hold (its time does not pass by itself).
   */
  keepAlive?(): () => void;
}

/** Longest delay a Node timer takes (about 24.8 days); the hold only has to exist, not fire. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  keepAlive: () => {
    const hold = setInterval(() => undefined, MAX_TIMER_MS);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearInterval(hold);
    };
  },
};

export interface ManualClock extends Clock {
  /** Marks this clock as manual (the simulator's world.advance needs one). */
  readonly manual: true;
  /**
   * Move time forward by `ms`, firing every timer that falls due, in due order (ties in
   * the order they were set). Timers set by a firing callback also fire if they fall
   * due within the window. `now()` inside a callback returns that timer's due time.
   */
  advance(ms: number): void;
  /** Advance to an absolute time (no-op if it is in the past). */
  advanceTo(ms: number): void;
  /** Fire due timers without moving time (e.g. after setting a 0 ms timer). */
  runDue(): void;
  /** How many timers are waiting. */
  pending(): number;
  /** Due time of the next timer, if any. */
  nextDue(): number | undefined;
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export function createManualClock(startMs: number = Date.parse('2024-05-02T09:00:00.000Z')): ManualClock {
  let now = startMs;
  let seq = 0;
  const timers = new Map<number, Timer>();

  function takeNextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    if (best) timers.delete(best.id);
    return best;
  }

  function runUntil(target: number): void {
    for (;;) {
      const t = takeNextDue(target);
      if (!t) break;
      if (t.due > now) now = t.due;
      t.fn();
    }
    if (target > now) now = target;
  }

  return {
    manual: true,
    now: () => now,
    setTimeout(fn: () => void, ms: number): unknown {
      const id = ++seq;
      timers.set(id, { id, due: now + Math.max(0, Number.isFinite(ms) ? ms : 0), fn });
      return id;
    },
    clearTimeout(handle: unknown): void {
      if (typeof handle === 'number') timers.delete(handle);
    },
    advance(ms: number): void {
      runUntil(now + Math.max(0, ms));
    },
    advanceTo(ms: number): void {
      runUntil(Math.max(now, ms));
    },
    runDue(): void {
      runUntil(now);
    },
    pending: () => timers.size,
    nextDue(): number | undefined {
      let due: number | undefined;
      for (const t of timers.values()) if (due === undefined || t.due < due) due = t.due;
      return due;
    },
  };
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return (clock as Partial<ManualClock>).manual === true && typeof (clock as Partial<ManualClock>).advance === 'function';
}
