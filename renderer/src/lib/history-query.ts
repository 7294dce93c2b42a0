// Sorting of the history rows, kept fast at 50,000+ rows and free of Svelte (plain
// TypeScript, unit-tested in test/unit/renderer-history-query.test.ts): each text column is
// ranked once per set of rows (its distinct values sorted with one cached Intl.Collator), then
// rows are ordered by those integer ranks. Each column's ascending order is kept until the rows
// change, so toggling the direction or going back to a column costs a copy; `prepare` computes
// one ahead, when the window is idle, so the first click on Name does not wait for the
// collator. Filtering: ./history-filter.ts.
import type { HistoryRow, SortKey } from './jobs.ts';

const OUTCOME_RANK: Record<string, number> = { error: 0, warning: 1, stopped: 2, success: 3, '': 4 };

export type Compare = (a: string, b: string) => number;

// ---------------------------------------------------------------------------
// Collation ranks

const collators = new Map<string, Intl.Collator>();

/** One cached collator per locale and numeric option. */
function collator(locale: string | undefined, numeric: boolean): Intl.Collator {
  const id = `${locale ?? ''}|${numeric}`;
  let c = collators.get(id);
  if (!c) {
    c = new Intl.Collator(locale, { numeric, sensitivity: 'base' });
    collators.set(id, c);
  }
  return c;
}

/**
 * The distinct values met so far, in collation order, kept for the window's lifetime (one per
 * collator): when the history grows by a chunk or a finished job, only the values not met
 * before are compared, so ordering 50,000 rows again costs no collator sort.
 */
class Dictionary {
  readonly coll: Intl.Collator;
  private sorted: string[] = [];
  /** Whether sorted[i] equals sorted[i - 1] for the collator. */
  private same: boolean[] = [];
  /** Rank of each value: equal values (for the collator) share one. */
  readonly rank = new Map<string, number>();

  constructor(coll: Intl.Collator) {
    this.coll = coll;
  }

  get size(): number {
    return this.sorted.length;
  }

  clear(): void {
    this.sorted = [];
    this.same = [];
    this.rank.clear();
  }

  /** Add values that are not in yet, each once, given in collation order. */
  insertSorted(add: readonly string[]): void {
    if (add.length === 0) return;
    const { coll, sorted, same } = this;
    const n = sorted.length + add.length;
    const outS = new Array<string>(n);
    const outSame = new Array<boolean>(n);
    let i = 0;
    let k = 0;
    let lo = 0;
    let afterNew = false;
    const putOld = (): void => {
      outS[k] = sorted[i]!;
      outSame[k] = afterNew ? k > 0 && coll.compare(outS[k - 1]!, sorted[i]!) === 0 : same[i]!;
      afterNew = false;
      k++;
      i++;
    };
    for (const v of add) {
      // After every value that sorts before or equal to it (insertion points only grow).
      let a = lo;
      let b = sorted.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (coll.compare(sorted[m]!, v) <= 0) a = m + 1;
        else b = m;
      }
      lo = a;
      while (i < a) putOld();
      outS[k] = v;
      outSame[k] = k > 0 && coll.compare(outS[k - 1]!, v) === 0;
      afterNew = true;
      k++;
    }
    while (i < sorted.length) putOld();
    this.sorted = outS;
    this.same = outSame;
    this.rank.clear();
    let r = 0;
    for (let j = 0; j < n; j++) {
      if (j > 0 && !outSame[j]) r++;
      this.rank.set(outS[j]!, r);
    }
  }
}

const dictionaries = new Map<Intl.Collator, Dictionary>();

function dictionary(coll: Intl.Collator, values: number): Dictionary {
  let d = dictionaries.get(coll);
  if (!d) {
    d = new Dictionary(coll);
    dictionaries.set(coll, d);
  }
  // Values of rows long gone: start over rather than grow without end.
  if (d.size > 4 * values + 4096) d.clear();
  return d;
}

/** Rank of each value in collation order: equal values (for the collator) share a rank. */
export function collationRanks(values: readonly string[], locale?: string, numeric = true): Uint32Array {
  const coll = collator(locale, numeric);
  const d = dictionary(coll, values.length);
  const missing = new Set<string>();
  for (let i = 0; i < values.length; i++) if (!d.rank.has(values[i]!)) missing.add(values[i]!);
  // A collator comparison costs far more than an integer one: each new distinct value is
  // compared into the dictionary once, then rows are ordered by rank.
  if (missing.size) d.insertSorted([...missing].sort((a, b) => coll.compare(a, b)));
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = d.rank.get(values[i]!)!;
  return out;
}

/** Positions 0..n-1 ordered by `rank` (small integers), ties in position order: a counting sort. */
function orderByRank(rank: ArrayLike<number>): Uint32Array {
  let max = 0;
  for (let i = 0; i < rank.length; i++) if (rank[i]! > max) max = rank[i]!;
  const start = new Uint32Array(max + 2);
  for (let i = 0; i < rank.length; i++) start[rank[i]! + 1]!++;
  for (let r = 1; r < start.length; r++) start[r]! += start[r - 1]!;
  const idx = new Uint32Array(rank.length);
  for (let i = 0; i < rank.length; i++) idx[start[rank[i]!]!++] = i;
  return idx;
}

// ---------------------------------------------------------------------------
// Sorting

/** Rows in ascending order of `key`; ties keep the rows' own order (a stable sort). */
export function sortRowsAscending(rows: readonly HistoryRow[], key: SortKey, companyName: (h: string) => string, locale?: string): HistoryRow[] {
  let idx: Uint32Array;
  switch (key) {
    case 'name':
    case 'type':
    case 'destination':
      idx = orderByRank(
        collationRanks(
          rows.map((r) => r[key]),
          locale,
          true,
        ),
      );
      break;
    case 'company':
      idx = orderByRank(
        collationRanks(
          rows.map((r) => companyName(r.company)),
          locale,
          false,
        ),
      );
      break;
    case 'outcome':
      idx = orderByRank(Uint8Array.from(rows, (r) => OUTCOME_RANK[r.outcome] ?? 9));
      break;
    default: {
      const num = Float64Array.from(rows, (r) => r[key]);
      idx = new Uint32Array(rows.length);
      for (let i = 0; i < idx.length; i++) idx[i] = i;
      idx.sort((a, b) => num[a]! - num[b]! || a - b);
    }
  }
  const out = new Array<HistoryRow>(rows.length);
  for (let i = 0; i < idx.length; i++) out[i] = rows[idx[i]!]!;
  return out;
}

/**
 * A stable bottom-up merge sort of the positions 0..n-1 by `cmp`, done in steps, so a long
 * sort can run in the window's idle time without holding up a keystroke.
 */
export class StepSort {
  private a: Uint32Array;
  private b: Uint32Array;
  private width = 1;
  private lo = 0;
  private mid = 0;
  private hi = 0;
  private i = 0;
  private j = 0;
  private k = 0;
  private merging = false;

  private readonly n: number;
  private readonly cmp: (x: number, y: number) => number;

  constructor(n: number, cmp: (x: number, y: number) => number) {
    this.n = n;
    this.cmp = cmp;
    this.a = new Uint32Array(n);
    for (let x = 0; x < n; x++) this.a[x] = x;
    this.b = new Uint32Array(n);
  }

  /** The positions in order, once `run` has returned true. */
  get order(): Uint32Array {
    return this.a;
  }

  /** Sort on while `more()` (asked every 512 steps) says so; true once sorted. */
  run(more: () => boolean): boolean {
    const { n, cmp } = this;
    let count = 0;
    while (this.width < n) {
      if (!this.merging) {
        if (this.lo >= n) {
          [this.a, this.b] = [this.b, this.a];
          this.width *= 2;
          this.lo = 0;
          continue;
        }
        this.mid = Math.min(this.lo + this.width, n);
        this.hi = Math.min(this.lo + 2 * this.width, n);
        this.i = this.lo;
        this.j = this.mid;
        this.k = this.lo;
        this.merging = true;
      }
      const { a, b, mid, hi } = this;
      let { i, j, k } = this;
      while (k < hi) {
        if (i < mid && (j >= hi || cmp(a[i]!, a[j]!) <= 0)) b[k++] = a[i++]!;
        else b[k++] = a[j++]!;
        if ((++count & 511) === 0 && !more()) {
          this.i = i;
          this.j = j;
          this.k = k;
          return false;
        }
      }
      this.merging = false;
      this.lo = hi;
    }
    return true;
  }
}

/**
 * One text column's ascending order for one set of rows, computed in steps (the same order
 * as sortRowsAscending): the values not yet in the column's dictionary are found and sorted
 * in steps, then put into it, then the rows are ordered by rank.
 */
class StepOrder {
  readonly rows: readonly HistoryRow[];
  private readonly value: (r: HistoryRow) => string;
  private readonly dict: Dictionary;
  private phase = 0;
  private at = 0;
  private readonly missing = new Set<string>();
  private list: string[] = [];
  private sort: StepSort | undefined;
  result: HistoryRow[] | undefined;

  constructor(rows: readonly HistoryRow[], value: (r: HistoryRow) => string, coll: Intl.Collator) {
    this.rows = rows;
    this.value = value;
    this.dict = dictionary(coll, rows.length);
  }

  /** Work on while `more()` says so; true once `result` is ready. */
  run(more: () => boolean): boolean {
    const { rows, dict } = this;
    while (!this.result) {
      if (!more()) return false;
      if (this.phase === 0) {
        const end = Math.min(rows.length, this.at + 4096);
        for (let i = this.at; i < end; i++) {
          const v = this.value(rows[i]!);
          if (!dict.rank.has(v)) this.missing.add(v);
        }
        this.at = end;
        if (end === rows.length) {
          const list = (this.list = [...this.missing]);
          this.sort = new StepSort(list.length, (x, y) => dict.coll.compare(list[x]!, list[y]!));
          this.phase = 1;
        }
      } else if (this.phase === 1) {
        if (this.sort!.run(more)) this.phase = 2;
      } else {
        // Values another sort put in meanwhile are left out.
        const add: string[] = [];
        for (const x of this.sort!.order) if (!dict.rank.has(this.list[x]!)) add.push(this.list[x]!);
        dict.insertSorted(add);
        const idx = orderByRank(Uint32Array.from(rows, (r) => dict.rank.get(this.value(r))!));
        const out = new Array<HistoryRow>(rows.length);
        for (let i = 0; i < idx.length; i++) out[i] = rows[idx[i]!]!;
        this.result = out;
      }
    }
    return true;
  }
}

/**
 * Sorted views of one set of rows. Each column's ascending order is computed once for
 * the rows (and the company names, for the company column); descending is its reverse.
 */
export class HistorySorter {
  private rows: readonly HistoryRow[] | undefined;
  private names: unknown;
  private readonly asc = new Map<SortKey, HistoryRow[]>();

  sorted(rows: readonly HistoryRow[], key: SortKey, desc: boolean, companyName: (h: string) => string, namesVersion?: unknown): HistoryRow[] {
    const asc = this.ascending(rows, key, companyName, namesVersion);
    return desc ? asc.slice().reverse() : asc;
  }

  /** Whether `key`'s order for these rows is ready (sorting by it costs only a copy). */
  has(rows: readonly HistoryRow[], key: SortKey, namesVersion?: unknown): boolean {
    return rows === this.rows && this.asc.has(key) && (key !== 'company' || namesVersion === this.names);
  }

  /** Compute `key`'s order ahead of the first click (call when the window is idle). */
  prepare(rows: readonly HistoryRow[], key: SortKey, companyName: (h: string) => string, namesVersion?: unknown): void {
    this.ascending(rows, key, companyName, namesVersion);
  }

  private step: { key: SortKey; names: unknown; order: StepOrder } | undefined;

  /**
   * Work towards `key`'s order (a text column: name, type, destination or company) while
   * `more()` says so, in steps of well under a millisecond, so it can run between keystrokes.
   * True once that order is ready.
   */
  prepareStep(
    rows: readonly HistoryRow[],
    key: 'name' | 'type' | 'destination' | 'company',
    companyName: (h: string) => string,
    namesVersion: unknown,
    more: () => boolean,
  ): boolean {
    if (this.has(rows, key, namesVersion)) return true;
    let st = this.step;
    if (!st || st.order.rows !== rows || st.key !== key || (key === 'company' && st.names !== namesVersion)) {
      const value = key === 'company' ? (r: HistoryRow) => companyName(r.company) : (r: HistoryRow) => r[key];
      st = this.step = { key, names: namesVersion, order: new StepOrder(rows, value, collator(undefined, key !== 'company')) };
    }
    if (!st.order.run(more)) return false;
    this.step = undefined;
    this.adopt(rows, namesVersion);
    this.asc.set(key, st.order.result!);
    return true;
  }

  /** Start over when the rows or the company names are not the ones kept. */
  private adopt(rows: readonly HistoryRow[], namesVersion: unknown): void {
    if (rows !== this.rows) {
      this.rows = rows;
      this.asc.clear();
    }
    if (namesVersion !== this.names) {
      this.names = namesVersion;
      this.asc.delete('company');
    }
  }

  private ascending(rows: readonly HistoryRow[], key: SortKey, companyName: (h: string) => string, namesVersion: unknown): HistoryRow[] {
    this.adopt(rows, namesVersion);
    let asc = this.asc.get(key);
    if (!asc) {
      // Clicked before the idle work was done: finish what it started, or sort at once.
      const st = this.step;
      if (st && st.key === key && st.order.rows === rows && (key !== 'company' || st.names === namesVersion)) {
        st.order.run(() => true);
        this.step = undefined;
        asc = st.order.result!;
      } else asc = sortRowsAscending(rows, key, companyName);
      this.asc.set(key, asc);
    }
    return asc;
  }
}
