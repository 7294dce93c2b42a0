// Saved History filters: the current query, filters, range and sort under a name, kept in the
// settings (shared/saved-filters.ts), picked later, deleted. The view only renders this.
import type { SavedFilter } from '../../../shared/saved-filters.ts';
import { app } from './app.svelte.ts';
import { history } from './history.svelte.ts';
import { errText, t } from './i18n.ts';

/** The History state as a saved filter named `name`. */
export function currentFilter(name: string): SavedFilter {
  const f: SavedFilter = {
    name: name.trim(),
    query: history.query,
    range: history.range,
    from: history.from,
    to: history.to,
    outcome: history.outcome,
    type: history.type,
    company: history.company,
    mine: history.mine,
    submitter: history.submitter,
    destination: history.destination,
    sortKey: history.sortKey,
    sortDesc: history.sortDesc,
  };
  if (history.range === 'span') f.span = [history.span[0], history.span[1]];
  return f;
}

/** Put a saved filter into History (a span without its bounds is every time). */
export function applyFilter(f: SavedFilter): void {
  history.query = f.query;
  history.range = f.range === 'span' && !f.span ? 'all' : f.range;
  history.from = f.from;
  history.to = f.to;
  history.span = f.span ? [f.span[0], f.span[1]] : [0, 0];
  history.outcome = f.outcome;
  history.type = f.type;
  history.company = f.company;
  history.mine = f.mine;
  history.submitter = f.submitter;
  history.destination = f.destination;
  history.sortKey = f.sortKey;
  history.sortDesc = f.sortDesc;
}

class SavedFilters {
  /** The name of the saved filter last picked or saved ('' = none). */
  picked = $state('');
  busy = $state(false);

  readonly list: SavedFilter[] = $derived(app.settings?.settings.savedFilters ?? []);

  pick(name: string): void {
    const f = this.list.find((x) => x.name === name);
    this.picked = f ? f.name : '';
    if (f) applyFilter(f);
  }

  /** Save the current filter as `name` (the same name replaces the one saved before). */
  async save(name: string): Promise<boolean> {
    const f = currentFilter(name);
    if (!f.name) return false;
    const next = [...this.list.filter((x) => x.name !== f.name), f].sort((a, b) => a.name.localeCompare(b.name));
    if (!(await this.store(next))) return false;
    this.picked = f.name;
    app.notify('info', t('ui.search.saved.done', { name: f.name }));
    return true;
  }

  async remove(name: string): Promise<void> {
    if (!(await this.store(this.list.filter((x) => x.name !== name)))) return;
    if (this.picked === name) this.picked = '';
    app.notify('info', t('ui.search.saved.deleted', { name }));
  }

  private async store(savedFilters: SavedFilter[]): Promise<boolean> {
    this.busy = true;
    try {
      const res = await app.saveSettings({ savedFilters });
      if (res.ok) return true;
      app.notify('error', t('ui.search.saved.failed', { reason: errText(res.error) }));
    } catch (e) {
      app.notify('error', t('ui.search.saved.failed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      this.busy = false;
    }
    return false;
  }
}

export const savedFilters = new SavedFilters();
