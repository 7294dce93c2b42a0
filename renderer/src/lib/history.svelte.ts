// History filters and the sorted/filtered rows. Sorting runs only when the data or the
// sort changes; filtering reuses the sorted order, so typing stays fast at 50,000 rows.
import type { Outcome } from '../../../shared/domain.ts';
import { app } from './app.svelte.ts';
import { compareRows, historyRow, type HistoryRow, type SortKey } from './jobs.ts';

export type DateRange = 'all' | 'today' | 'week' | 'month' | 'custom';

class HistoryState {
  query = $state('');
  range = $state<DateRange>('all');
  from = $state(''); // yyyy-mm-dd (custom range)
  to = $state('');
  outcome = $state<Outcome | ''>('');
  type = $state('');
  company = $state('');
  mine = $state(false);
  sortKey = $state<SortKey>('start');
  sortDesc = $state(true);

  readonly rows: HistoryRow[] = $derived(app.finishedJobs.map(historyRow));

  readonly types: string[] = $derived.by(() => {
    const set = new Set<string>();
    for (const r of this.rows) if (r.type) set.add(r.type);
    return [...set].sort();
  });

  readonly sorted: HistoryRow[] = $derived.by(() => {
    const cmp = compareRows(this.sortKey, (h) => app.companyName(h));
    const out = this.rows.slice().sort(cmp);
    if (this.sortDesc) out.reverse();
    return out;
  });

  /** Local midnight today; a number, so the filter re-runs once a day, not every tick. */
  readonly startOfDay: number = $derived.by(() => {
    const now = new Date(app.now);
    return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  });

  readonly bounds: [number, number] = $derived.by(() => {
    const startOfDay = this.startOfDay;
    switch (this.range) {
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
    const q = this.query.trim().toLowerCase();
    const [lo, hi] = this.bounds;
    const outcome = this.outcome;
    const type = this.type;
    const company = this.company;
    const me = this.mine ? app.userEmail.toLowerCase() : '';
    const all = this.sorted;
    if (!q && lo === -Infinity && hi === Infinity && !outcome && !type && !company && !me) return all;
    const out: HistoryRow[] = [];
    for (const r of all) {
      if (q && !r.search.includes(q)) continue;
      if (r.start < lo || r.start >= hi) continue;
      if (outcome && r.outcome !== outcome) continue;
      if (type && r.type !== type) continue;
      if (company && r.company !== company) continue;
      if (me && r.submitter !== me) continue;
      out.push(r);
    }
    return out;
  });

  get active(): boolean {
    return !!(this.query || this.range !== 'all' || this.outcome || this.type || this.company || this.mine);
  }

  clear(): void {
    this.query = '';
    this.range = 'all';
    this.from = '';
    this.to = '';
    this.outcome = '';
    this.type = '';
    this.company = '';
    this.mine = false;
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDesc = !this.sortDesc;
    else {
      this.sortKey = key;
      this.sortDesc = key === 'start' || key === 'duration' || key === 'error' || key === 'warning';
    }
  }
}

export const history = new HistoryState();
