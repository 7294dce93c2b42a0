// Sorting and filtering of the history rows, kept fast at 50,000+ rows and free of Svelte
// (plain TypeScript, unit-tested in test/unit/renderer-history-query.test.ts).
//
// - Sorting: each text column is ranked once per set of rows (its distinct values sorted
//   with one cached Intl.Collator), then rows are ordered by those integer ranks. Each
//   column's ascending order is kept until the rows change, so toggling the direction or
//   going back to a column costs a copy; `prepare` computes one ahead, when the window is
//   idle, so the first click on Name does not wait for the collator.
// - Filtering: results are remembered per query while the rows and the other filters stay
//   the same; a query that extends an earlier one narrows that earlier result instead of
//   scanning every row, and deleting characters finds the earlier result again. The rows
//   matched by their own text are kept apart from the log-detail index's hits, so an index
//   update (frequent while the core reads details) does not send the next keystroke back to
//   a scan of every row.
import { matchesQuery } from '../../../shared/history-search.ts';
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

// ---------------------------------------------------------------------------
// Filtering

export interface HistoryCriteria {
  /** Lowercased and trimmed (shared/history-search.ts normalizeQuery). */
  query: string;
  /**
   * Keys of the jobs whose log-detail index text contains the query (`indexHits`), and a number
   * that changes whenever the index does (kept results are dropped then).
   */
  indexHits?: ReadonlySet<string>;
  indexVersion?: number;
  /** Start time range [lo, hi). */
  lo: number;
  hi: number;
  outcome: string;
  type: string;
  company: string;
  /** Lowercased submitter e-mail, or '' for everyone. */
  me: string;
  /** With several accounts watched: each account's own user (lowercased) by account name; a job is "mine" by its own account's user. */
  meByAccount?: Readonly<Record<string, string>>;
  /** Lowercased submitter e-mail chosen in the filter, or '' (shared/history-search.ts matchesSubmitter, rows hold it lowercased). */
  submitter?: string;
  /** Destination folder chosen, or ''. */
  destination?: string;
}

/** Keys of the indexed jobs whose text contains `query` (the index holds ~thousands of jobs, History 100,000). */
export function indexHits(index: ReadonlyMap<string, string>, query: string): Set<string> {
  const out = new Set<string>();
  if (!query) return out;
  for (const [key, text] of index) if (matchesQuery('', text, query)) out.add(key);
  return out;
}

export function matches(r: HistoryRow, c: HistoryCriteria): boolean {
  if (c.query && !matchesQuery(r.search, undefined, c.query) && !c.indexHits?.has(r.key)) return false;
  return matchesOthers(r, c);
}

/** The criteria other than the text query. */
function matchesOthers(r: HistoryRow, c: HistoryCriteria): boolean {
  if (r.start < c.lo || r.start >= c.hi) return false;
  if (c.outcome && r.outcome !== c.outcome) return false;
  if (c.type && r.type !== c.type) return false;
  if (c.company && r.company !== c.company) return false;
  if (c.me && r.submitter !== ((r.job.account !== undefined && c.meByAccount?.[r.job.account]) || c.me)) return false;
  if (c.submitter && r.submitter !== c.submitter) return false;
  if (c.destination && r.destination !== c.destination) return false;
  return true;
}

const CACHED_QUERIES = 24;

/** Keep at most CACHED_QUERIES entries; the least recently used goes first. */
function remember<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > CACHED_QUERIES) m.delete(m.keys().next().value!);
}

/**
 * Filters one sorted list as the user types. Two things are kept per query (up to 24 each)
 * while the list and the non-text criteria stay the same:
 * - the rows whose own text matches (positions in the list): a longer query that contains a
 *   kept one looks only at the kept (smaller) set, and these stay valid when the log-detail
 *   index changes (it grows while the core reads details, often during typing);
 * - the answer handed out (own matches plus the index hits, in list order), until the index
 *   changes: Backspace returns the earlier array itself.
 */
export class HistoryFilter {
  private source: HistoryRow[] | undefined;
  private others = '';
  private index: number | undefined;
  private readonly own = new Map<string, number[]>();
  private readonly results = new Map<string, HistoryRow[]>();
  private positions: Map<string, number> | undefined;
  /** Rows looked at by the last call (for tests and the benchmark). */
  scanned = 0;

  filter(rows: HistoryRow[], c: HistoryCriteria): HistoryRow[] {
    const others = `${c.lo}|${c.hi}|${c.outcome}|${c.type}|${c.company}|${c.me}|${c.me && c.meByAccount ? JSON.stringify(c.meByAccount) : ''}|${c.submitter ?? ''}|${c.destination ?? ''}`;
    if (rows !== this.source) {
      this.source = rows;
      this.positions = undefined;
      this.others = '';
    }
    if (others !== this.others) {
      this.others = others;
      this.own.clear();
      this.results.clear();
    }
    if ((c.indexVersion ?? 0) !== this.index) {
      this.index = c.indexVersion ?? 0;
      this.results.clear();
    }
    this.scanned = 0;
    const noOthers = c.lo === -Infinity && c.hi === Infinity && !c.outcome && !c.type && !c.company && !c.me && !c.submitter && !c.destination;
    if (!c.query && noOthers) return rows;
    const q = c.query;
    const hit = this.results.get(q);
    if (hit) {
      remember(this.results, q, hit);
      return hit;
    }
    const own = this.ownMatches(rows, c, noOthers);
    let picked = own;
    const hits = q ? c.indexHits : undefined;
    if (hits && hits.size > 0) {
      // Jobs found by their log-detail text only: their positions, merged into list order.
      const positions = this.positionsOf(rows);
      const extra: number[] = [];
      for (const key of hits) {
        const i = positions.get(key);
        if (i === undefined) continue;
        const r = rows[i]!;
        if (!r.search.includes(q) && (noOthers || matchesOthers(r, c))) extra.push(i);
      }
      if (extra.length) {
        extra.sort((a, b) => a - b);
        picked = mergeSorted(own, extra);
      }
    }
    const out = new Array<HistoryRow>(picked.length);
    for (let i = 0; i < picked.length; i++) out[i] = rows[picked[i]!]!;
    remember(this.results, q, out);
    return out;
  }

  /** Build ahead, when the window is idle, what the first keystroke on these rows would need. */
  prepare(rows: HistoryRow[]): void {
    this.positionsOf(rows);
  }

  /** Whether `prepare` has run for these rows. */
  prepared(rows: HistoryRow[]): boolean {
    return rows === this.source && this.positions !== undefined;
  }

  private positionsOf(rows: HistoryRow[]): Map<string, number> {
    if (rows !== this.source) {
      this.source = rows;
      this.others = '\u0000'; // not any criteria's: the next filter() starts afresh
      this.own.clear();
      this.results.clear();
      this.positions = undefined;
    }
    if (!this.positions) {
      this.positions = new Map();
      for (let i = 0; i < rows.length; i++) this.positions.set(rows[i]!.key, i);
    }
    return this.positions;
  }

  /** Positions of the rows whose own text holds the query and that pass the other criteria. */
  private ownMatches(rows: HistoryRow[], c: HistoryCriteria, noOthers: boolean): number[] {
    const q = c.query;
    const kept = this.own.get(q);
    if (kept) {
      remember(this.own, q, kept);
      return kept;
    }
    // The smallest kept set whose query the new one contains ('' = every row that passes the rest).
    let base: number[] | undefined;
    for (const [k, v] of this.own) if (q.includes(k) && (!base || v.length < base.length)) base = v;
    const out: number[] = [];
    if (base) {
      this.scanned = base.length;
      for (let j = 0; j < base.length; j++) {
        const i = base[j]!;
        if (rows[i]!.search.includes(q)) out.push(i);
      }
    } else {
      this.scanned = rows.length;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if ((!q || r.search.includes(q)) && (noOthers || matchesOthers(r, c))) out.push(i);
      }
    }
    remember(this.own, q, out);
    return out;
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
