// History filters and the sorted/filtered rows. Sorting runs only when the data or the
// sort changes (each column's order is kept until the rows change); filtering reuses the
// sorted order and narrows earlier results while typing (./history-query.ts, ./history-filter.ts), so typing
// stays fast at 50,000 rows.
import type { Outcome } from '../../../shared/domain.ts';
import { app } from './app.svelte.ts';
import { normalizeQuery } from '../../../shared/history-search.ts';
import { HistoryFilter, indexHits } from './history-filter.ts';
import { HistorySorter } from './history-query.ts';
import { historyRow, type HistoryRow, type SortKey } from './jobs.ts';
import { usersByAccount } from './accounts.ts';

/** 'day': the last 24 hours (Overview's tiles); 'span': one bar of Overview's chart. */
export type DateRange = 'all' | 'day' | 'today' | 'week' | 'month' | 'custom' | 'span';

/**
 * Start of "the last 24 hours" at `now`, to the minute: Overview's 24 h tiles and History's
 * "Last 24 hours" range both use it, so a tile's number is the number of rows it opens.
 */
export function lastDaySince(now: number): number {
  return Math.floor(now / 60_000) * 60_000 - 86400_000;
}

class HistoryState {
  private readonly sorter = new HistorySorter();
  private readonly filterer = new HistoryFilter();
  query = $state('');
  range = $state<DateRange>('all');
  from = $state(''); // yyyy-mm-dd (custom range)
  to = $state('');
  /** [from, to) in ms for range 'span' (a bar of Overview's chart). */
  span = $state<[number, number]>([0, 0]);
  outcome = $state<Outcome | ''>('');
  type = $state('');
  company = $state('');
  mine = $state(false);
  /** Lowercased e-mail, or '' for everyone. */
  submitter = $state('');
  destination = $state('');
  sortKey = $state<SortKey>('start');
  sortDesc = $state(true);

  readonly rows: HistoryRow[] = $derived(app.finishedJobs.map(historyRow));

  readonly types: string[] = $derived(distinct(this.rows, (r) => r.type));

  /** The submitters and destination folders present, for their filters. */
  readonly submitters: string[] = $derived(distinct(this.rows, (r) => r.submitter));
  readonly destinations: string[] = $derived(distinct(this.rows, (r) => r.destination));

  /** Each watched account's own user (lowercased), by account name: "Only mine" is per job's account. */
  private readonly ownUsers: Record<string, string> = $derived(
    Object.fromEntries(Object.entries(usersByAccount(app.settings)).map(([name, user]) => [name, user.toLowerCase()])),
  );

  private readonly query_ = $derived(normalizeQuery(this.query));
  /** Jobs whose log-detail index holds the query (a few thousand texts at most). */
  private readonly hits: Set<string> = $derived.by(() => {
    void app.searchVersion;
    return indexHits(app.searchIndex, this.query_);
  });

  readonly sorted: HistoryRow[] = $derived.by(() => {
    const names = app.companyNames;
    return this.sorter.sorted(this.rows, this.sortKey, this.sortDesc, (h) => names.get(h) ?? h, names);
  });

  /** Local midnight today; a number, so the filter re-runs once a day, not every tick. */
  readonly startOfDay: number = $derived.by(() => {
    const now = new Date(app.now);
    return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  });

  /** lastDaySince(now): a number that changes once a minute, so 'day' re-filters once a minute. */
  private readonly daySince: number = $derived(lastDaySince(app.now));

  readonly bounds: [number, number] = $derived.by(() => {
    const startOfDay = this.startOfDay;
    switch (this.range) {
      case 'day':
        return [this.daySince, Infinity];
      case 'span':
        return this.span;
      case 'today':
        return [startOfDay, Infinity];
      case 'week':
        return [startOfDay - 6 * 86400_000, Infinity];
      case 'month':
        return [startOfDay - 29 * 86400_000, Infinity];
      case 'custom': {
        const f = this.from ? new Date(`${this.from}T00:00:00`).getTime() : -Infinity;
        const t = this.to ? new Date(`${this.to}T00:00:00`).getTime() + 86400_000 : Infinity;
        return [Number.isFinite(f) || f === -Infinity ? f : -Infinity, Number.isFinite(t) || t === Infinity ? t : Infinity];
      }
      default:
        return [-Infinity, Infinity];
    }
  });

  readonly filtered: HistoryRow[] = $derived.by(() => {
    const [lo, hi] = this.bounds;
    return this.filterer.filter(this.sorted, {
      query: this.query_,
      indexHits: this.hits,
      indexVersion: app.searchVersion,
      submitter: this.submitter,
      destination: this.destination,
      lo,
      hi,
      outcome: this.outcome,
      type: this.type,
      company: this.company,
      me: this.mine ? app.userEmail.toLowerCase() : '',
      ...(this.mine ? { meByAccount: this.ownUsers } : {}),
    });
  });

  get active(): boolean {
    return !!(this.query || this.range !== 'all' || this.outcome || this.type || this.company || this.mine || this.submitter || this.destination);
  }

  clear(): void {
    this.query = '';
    this.range = 'all';
    this.from = '';
    this.to = '';
    this.span = [0, 0];
    this.outcome = '';
    this.type = '';
    this.company = '';
    this.mine = false;
    this.submitter = '';
    this.destination = '';
  }

  /**
   * Work ahead of the first click on Name, Type and Company (their orders) and of the first
   * keystroke (the shown order's positions, for the search's log-detail hits), while `more()`
   * says so: call it in idle slices. True while work remains.
   */
  prepareAhead(more: () => boolean): boolean {
    const rows = this.rows;
    const names = app.companyNames;
    for (const key of ['name', 'type', 'company'] as const) {
      if (!this.sorter.prepareStep(rows, key, (h) => names.get(h) ?? h, names, more)) return true;
    }
    const sorted = this.sorted;
    if (this.filterer.prepared(sorted)) return false;
    if (!more()) return true;
    this.filterer.prepare(sorted);
    return false;
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDesc = !this.sortDesc;
    else {
      this.sortKey = key;
      this.sortDesc = key === 'start' || key === 'duration' || key === 'error' || key === 'warning';
    }
  }
}

function distinct(rows: readonly HistoryRow[], of: (r: HistoryRow) => string): string[] {
  const set = new Set<string>();
  for (const r of rows) {
    const v = of(r);
    if (v) set.add(v);
  }
  return [...set].sort();
}

export const history = new HistoryState();
