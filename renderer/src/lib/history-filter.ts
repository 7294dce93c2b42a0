// Filtering of the history rows, kept fast at 50,000+ rows and free of Svelte (plain
// TypeScript, unit-tested in test/unit/renderer-history-query.test.ts). Results are
// remembered per query while the rows and the other filters stay the same; a query that
// extends an earlier one narrows that earlier result instead of scanning every row, and
// deleting characters finds the earlier result again. The rows matched by their own text are
// kept apart from the log-detail index's hits, so an index update (frequent while the core
// reads details) does not send the next keystroke back to a scan of every row.
// Sorting: ./history-query.ts.
import { matchesQuery } from '../../../shared/history-search.ts';
import type { HistoryRow } from './jobs.ts';

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
