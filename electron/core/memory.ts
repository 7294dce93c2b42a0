// Giving memory back after a one-off big load. A 100,000-row history backfill (or restore)
// grows V8's young generation to its maximum (128 MiB here) and leaves old-space pages that
// V8 keeps until it is asked to reduce memory, which a plain Node process never is: the
// headless core then sat at ~310 MB RSS holding a ~45 MiB heap. Once such a load ends (and
// stays ended for RELEASE_DELAY_MS), the engine asks V8 once for what a low-memory
// notification does: a last-resort full GC, which shrinks the young generation to its
// minimum and releases free pages (measured: 308 → 142 MB, test/bench/core-scale.ts).
// A poll that changes thousands of jobs (10,000 running jobs that all move) grows the young
// generation again; such a burst is released the same way, at most once a minute.
// Node gives no such call without --expose-gc; v8.setFlagsFromString('--expose-gc') makes a
// new context's `gc` available, the same way the tests reach it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Clock } from '../clock.ts';

/** Rows merged in one load (backfill pages of a company, or a restore) that are worth a release. */
export const BULK_LOAD_ROWS = 10_000;
/**
 * Jobs changed by one poll that count as a burst: a cycle in which 10,000 running jobs all
 * change grows the young generation back to 128 MiB (measured: RSS 150 → 360 MiB), and V8
 * keeps it while the board is quiet again.
 */
export const BULK_CHANGE_JOBS = 2_000;
/** Quiet time after the last big load or burst before the release (several companies' backfills coalesce). */
export const RELEASE_DELAY_MS = 2000;
/** Releases are this far apart at least: a board that stays busy is released once a minute, not every poll. */
export const RELEASE_INTERVAL_MS = 60_000;

type V8Gc = (options?: { type?: string; execution?: string; flavor?: string }) => void;
let v8gc: V8Gc | null | undefined;

/** V8's last-resort full GC (what a low-memory notification runs); false when unavailable. */
export function reduceMemory(): boolean {
  if (v8gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const fn = runInNewContext('gc') as unknown;
      v8gc = typeof fn === 'function' ? (fn as V8Gc) : null;
    } catch {
      v8gc = null;
    }
  }
  if (!v8gc) return false;
  v8gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

export interface MemoryRelease {
  /** A load of `rows` rows has ended. */
  loaded(rows: number): void;
  /** A poll changed (or removed) `jobs` jobs. */
  changed(jobs: number): void;
  stop(): void;
}

/**
 * Calls `release` RELEASE_DELAY_MS after the last load of at least BULK_LOAD_ROWS rows or poll
 * of at least BULK_CHANGE_JOBS changes. A release for a burst comes no sooner than
 * RELEASE_INTERVAL_MS after the previous release (it waits for that, it is not dropped); a big
 * load is one-off, and is released at once after its quiet time.
 */
export function createMemoryRelease(clock: Clock, release: () => unknown = reduceMemory): MemoryRelease {
  let timer: unknown;
  let forLoad = false;
  let last = -Infinity;
  function schedule(load: boolean): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    forLoad ||= load;
    const wait = forLoad ? RELEASE_DELAY_MS : Math.max(RELEASE_DELAY_MS, last + RELEASE_INTERVAL_MS - clock.now());
    timer = clock.setTimeout(() => {
      timer = undefined;
      forLoad = false;
      last = clock.now();
      release();
    }, wait);
  }
  return {
    loaded(rows) {
      if (rows >= BULK_LOAD_ROWS) schedule(true);
    },
    changed(jobs) {
      if (jobs >= BULK_CHANGE_JOBS) schedule(false);
    },
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      forLoad = false;
    },
  };
}
