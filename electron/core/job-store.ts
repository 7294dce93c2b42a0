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
  /** The notified marks by job key (./notified-marks.ts keeps them here). */
  readonly marks: MarkIndex;
}

/**
 * Job key → notified-mark bits (never 0), for any key, on the board or not. A finished job's
 * bits sit in its table row (100,000 of them need no Map entry); other keys' in a side Map.
 */
export interface MarkIndex {
  get(key: string): number | undefined;
  set(key: string, bits: number): void;
  delete(key: string): boolean;
  entries(): IterableIterator<[string, number]>;
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
  /** Marks of keys without a table row. */
  private readonly sideMarks = new Map<string, number>();
  readonly marks: MarkIndex = createMarkIndex(this.table, this.sideMarks);

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
      const fresh = !this.table.has(key);
      this.table.set(key, job);
      // Entering the table: the key's marks move into its row.
      const m = fresh ? this.sideMarks.get(key) : undefined;
      if (m !== undefined && this.table.setMarks(key, m)) this.sideMarks.delete(key);
    } else {
      // Leaving the table: its finish time stays in the index until the board changes it, and its marks are kept.
      this.sideOut(key);
      this.objects.set(key, job);
    }
    return this;
  }
  /** Off the board. The key's marks stay (the engine drops them with the job's news). */
  delete(key: string): boolean {
    if (this.objects.delete(key)) return true;
    const m = this.table.marksOf(key);
    if (!this.table.delete(key)) return false;
    if (m) this.sideMarks.set(key, m);
    return true;
  }
  /** Take `key` out of the table, its finish time and marks to the side maps; false when it had no row. */
  private sideOut(key: string): boolean {
    const at = this.table.atOf(key);
    const m = this.table.marksOf(key);
    if (!this.table.delete(key)) return false;
    if (at !== undefined) this.sideAt.set(key, at);
    if (m) this.sideMarks.set(key, m);
    return true;
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

function createMarkIndex(table: HistoryTable, side: Map<string, number>): MarkIndex {
  return {
    get: (key) => side.get(key) ?? (table.marksOf(key) || undefined),
    set(key, bits) {
      if (table.setMarks(key, bits)) side.delete(key);
      else side.set(key, bits);
    },
    delete(key) {
      const had = side.delete(key);
      return table.marksOf(key) ? table.setMarks(key, 0) : had;
    },
    *entries() {
      yield* side.entries();
      yield* table.marksEntries();
    },
  };
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
