// The board's jobs by key, as a Map would hold them: unfinished jobs (and finished ones with a
// pending action) as objects, finished jobs as rows of a compact table (history-table.ts) that
// `get` and the iterators materialize. A materialized job is a new object, equal to what was
// stored minus its last `active` and `scheduled` records.
import type { Job } from '../../shared/domain.ts';
import { HistoryTable } from './history-table.ts';

/** What the board needs of a Map<string, Job>. */
export interface JobMap {
  readonly size: number;
  get(key: string): Job | undefined;
  has(key: string): boolean;
  set(key: string, job: Job): unknown;
  delete(key: string): boolean;
  keyOf(key: string): string | undefined;
  keys(): IterableIterator<string>;
  values(): IterableIterator<Job>;
  entries(): IterableIterator<[string, Job]>;
  [Symbol.iterator](): IterableIterator<[string, Job]>;
  /** Give back room grown for rows no longer held. */
  trim(): void;
}

/** Kept as a row: finished, with nothing the board still waits for. */
function compact(j: Job): boolean {
  return j.phase === 'finished' && !j.pendingAction && !j.finishingSince;
}

/** Finished job → its finish time (ms), as the board's index reads it (board-index.ts). */
export interface FinishedIndex {
  readonly size: number;
  get(key: string): number | undefined;
  set(key: string, at: number): unknown;
  delete(key: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<number>;
  [Symbol.iterator](): IterableIterator<[string, number]>;
}

export class JobStore implements JobMap {
  private readonly objects = new Map<string, Job>();
  private readonly table = new HistoryTable();
  /** Finish times of finished jobs held as objects (a pending action); the table's rows keep their own. */
  private readonly sideAt = new Map<string, number>();
  /** The finish-time index, kept in the table's rows (no Map entry and boxed number per finished job). */
  readonly finishedAt: FinishedIndex = createFinishedIndex(this.table, this.sideAt);

  get size(): number {
    return this.objects.size + this.table.size;
  }
  get(key: string): Job | undefined {
    return this.objects.get(key) ?? this.table.get(key);
  }
  has(key: string): boolean {
    return this.objects.has(key) || this.table.has(key);
  }
  /** The board's own instance of `key`, if the job is on the board. */
  keyOf(key: string): string | undefined {
    return this.objects.get(key)?.key ?? this.table.keyOf(key);
  }
  set(key: string, job: Job): this {
    if (compact(job)) {
      this.objects.delete(key);
      this.table.set(key, job);
    } else {
      // Leaving the table: its finish time stays in the index until the board changes it.
      const at = this.table.atOf(key);
      if (this.table.delete(key) && at !== undefined) this.sideAt.set(key, at);
      this.objects.set(key, job);
    }
    return this;
  }
  delete(key: string): boolean {
    return this.objects.delete(key) || this.table.delete(key);
  }
  *keys(): IterableIterator<string> {
    yield* this.objects.keys();
    yield* this.table.keysIter();
  }
  *values(): IterableIterator<Job> {
    yield* this.objects.values();
    yield* this.table.values();
  }
  *entries(): IterableIterator<[string, Job]> {
    yield* this.objects.entries();
    yield* this.table.entries();
  }
  [Symbol.iterator](): IterableIterator<[string, Job]> {
    return this.entries();
  }
  /** Give back the table's room beyond the rows held (after a bulk load or a large prune). */
  trim(): void {
    this.table.trim();
  }
}

function createFinishedIndex(table: HistoryTable, side: Map<string, number>): FinishedIndex {
  function* entries(): IterableIterator<[string, number]> {
    yield* side.entries();
    yield* table.atEntries();
  }
  return {
    get size() {
      return side.size + table.atSize;
    },
    get: (key) => side.get(key) ?? table.atOf(key),
    set(key, at) {
      if (table.setAt(key, at)) side.delete(key);
      else side.set(key, at);
    },
    delete: (key) => side.delete(key) || table.clearAt(key),
    *keys() {
      for (const [k] of entries()) yield k;
    },
    *values() {
      for (const [, t] of entries()) yield t;
    },
    [Symbol.iterator]: entries,
  };
}
