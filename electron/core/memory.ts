// Giving memory back after a one-off big load. A 100,000-row history backfill (or restore)
// grows V8's young generation to its maximum (128 MiB here) and leaves old-space pages that
// V8 keeps until it is asked to reduce memory, which a plain Node process never is: the
// headless core then sat at ~310 MB RSS holding a ~45 MiB heap. Once such a load ends (and
// stays ended for RELEASE_DELAY_MS), the engine asks V8 once for what a low-memory
// notification does: a last-resort full GC, which shrinks the young generation to its
// minimum and releases free pages (measured: 308 → 142 MB, test/bench/core-scale.ts).
// Node gives no such call without --expose-gc; v8.setFlagsFromString('--expose-gc') makes a
// new context's `gc` available, the same way the tests reach it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Clock } from '../clock.ts';

/** Rows merged in one load (backfill pages of a company, or a restore) that are worth a release. */
export const BULK_LOAD_ROWS = 10_000;
/** Quiet time after the last big load before the release (several companies' backfills coalesce). */
export const RELEASE_DELAY_MS = 2000;

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
  stop(): void;
}

/** Calls `release` once RELEASE_DELAY_MS after the last load of at least BULK_LOAD_ROWS rows. */
export function createMemoryRelease(clock: Clock, release: () => unknown = reduceMemory): MemoryRelease {
  let timer: unknown;
  return {
    loaded(rows) {
      if (rows < BULK_LOAD_ROWS) return;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = clock.setTimeout(() => {
        timer = undefined;
        release();
      }, RELEASE_DELAY_MS);
    },
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
