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
//   scanning every row, and deleting characters finds the earlier result again.
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
 * Rank of each value in collation order: equal values (for the collator) share a rank.
 * Distinct values are sorted once (job names repeat: a nightly job's runs share a name).
 */
export function collationRanks(values: readonly string[], locale?: string, numeric = true): Uint32Array {
  const coll = collator(locale, numeric);
  const index = new Map<string, number>();
  const distinct: string[] = [];
  const slot = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let s = index.get(v);
    if (s === undefined) {
      s = distinct.length;
      index.set(v, s);
      distinct.push(v);
    }
    slot[i] = s;
  }
  // A collator comparison costs far more than an integer one: compare each distinct value
  // once into a rank, then order rows by rank.
  const cmp = (a: number, b: number): number => coll.compare(distinct[a]!, distinct[b]!);
  const order = distinct.map((_, i) => i).sort(cmp);
  const rankOf = new Uint32Array(distinct.length);
  let r = 0;
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && cmp(order[i - 1]!, order[i]!) !== 0) r++;
    rankOf[order[i]!] = r;
  }
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rankOf[slot[i]!]!;
  return out;
}

// ---------------------------------------------------------------------------
// Sorting

/** Rows in ascending order of `key`; ties keep the rows' own order (a stable sort). */
export function sortRowsAscending(rows: readonly HistoryRow[], key: SortKey, companyName: (h: string) => string, locale?: string): HistoryRow[] {
  let num: ArrayLike<number>;
  switch (key) {
    case 'name':
    case 'type':
    case 'destination':
      num = collationRanks(
        rows.map((r) => r[key]),
        locale,
        true,
      );
      break;
    case 'company':
      num = collationRanks(
        rows.map((r) => companyName(r.company)),
        locale,
        false,
      );
      break;
    case 'outcome':
      num = Float64Array.from(rows, (r) => OUTCOME_RANK[r.outcome] ?? 9);
      break;
    default:
      num = Float64Array.from(rows, (r) => r[key]);
  }
  const idx = new Uint32Array(rows.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => num[a]! - num[b]! || a - b);
  const out = new Array<HistoryRow>(rows.length);
  for (let i = 0; i < idx.length; i++) out[i] = rows[idx[i]!]!;
  return out;
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

  private ascending(rows: readonly HistoryRow[], key: SortKey, companyName: (h: string) => string, namesVersion: unknown): HistoryRow[] {
    if (rows !== this.rows) {
      this.rows = rows;
      this.asc.clear();
    }
    if (namesVersion !== this.names) {
      this.names = namesVersion;
      this.asc.delete('company');
    }
    let asc = this.asc.get(key);
    if (!asc) {
      asc = sortRowsAscending(rows, key, companyName);
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
  if (r.start < c.lo || r.start >= c.hi) return false;
  if (c.outcome && r.outcome !== c.outcome) return false;
  if (c.type && r.type !== c.type) return false;
  if (c.company && r.company !== c.company) return false;
  if (c.me && r.submitter !== ((r.job.account !== undefined && c.meByAccount?.[r.job.account]) || c.me)) return false;
  if (c.submitter && r.submitter !== c.submitter) return false;
  if (c.destination && r.destination !== c.destination) return false;
  return true;
}

function filterRows(rows: readonly HistoryRow[], c: HistoryCriteria): HistoryRow[] {
  const out: HistoryRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (matches(r, c)) out.push(r);
  }
  return out;
}

const CACHED_QUERIES = 24;

/**
 * Filters one sorted list as the user types. Results are kept per query (up to 24) while
 * the list and the non-text criteria stay the same; a longer query that contains a kept
 * one is answered from the kept (smaller) result.
 */
export class HistoryFilter {
  private source: HistoryRow[] | undefined;
  private others = '';
  private readonly results = new Map<string, HistoryRow[]>();
  /** Rows looked at by the last call (for tests and the benchmark). */
  scanned = 0;

  filter(rows: HistoryRow[], c: HistoryCriteria): HistoryRow[] {
    const others = `${c.lo}|${c.hi}|${c.outcome}|${c.type}|${c.company}|${c.me}|${c.me && c.meByAccount ? JSON.stringify(c.meByAccount) : ''}|${c.submitter ?? ''}|${c.destination ?? ''}|${c.indexVersion ?? 0}`;
    if (rows !== this.source || others !== this.others) {
      this.source = rows;
      this.others = others;
      this.results.clear();
    }
    const noOthers = c.lo === -Infinity && c.hi === Infinity && !c.outcome && !c.type && !c.company && !c.me && !c.submitter && !c.destination;
    if (!c.query && noOthers) {
      this.scanned = 0;
      return rows;
    }
    const hit = this.results.get(c.query);
    if (hit) {
      // Most recently used last, so the oldest query is the one dropped.
      this.results.delete(c.query);
      this.results.set(c.query, hit);
      this.scanned = 0;
      return hit;
    }
    // The smallest kept result whose query the new one contains ('' = all rows filtered by the rest).
    let base: readonly HistoryRow[] = rows;
    for (const [q, res] of this.results) {
      if (res.length < base.length && c.query.includes(q)) base = res;
    }
    this.scanned = base.length;
    const out = filterRows(base, c);
    this.results.set(c.query, out);
    if (this.results.size > CACHED_QUERIES) this.results.delete(this.results.keys().next().value!);
    return out;
  }
}
