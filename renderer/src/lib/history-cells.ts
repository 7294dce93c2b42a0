// The texts of one History row's cells, formatted once per row (and locale and company
// names): the virtual list re-creates a row's elements whenever it scrolls back into view
// or comes back while typing (Backspace), and formatting dates, durations and numbers with
// Intl was the largest part of creating a row.
import type { AppLocale } from '../../../shared/settings.ts';
import { app } from './app.svelte.ts';
import { formatDateTimeLong, formatDateTimeShort, formatDuration, formatNumber } from './format.ts';
import { t } from './i18n.ts';
import { typeLabel, type HistoryRow } from './jobs.ts';

export interface RowCells {
  type: string;
  /** The name cell's tooltip: name — type · account · company · destination. */
  nameTitle: string;
  company: string;
  start: string;
  startTitle: string | undefined;
  duration: string;
  total: string;
  totalTitle: string | undefined;
  success: string;
  successTitle: string | undefined;
  warning: string;
  error: string;
  duplicate: string;
}

interface Kept {
  locale: AppLocale;
  names: unknown;
  cells: RowCells;
}

const kept = new WeakMap<HistoryRow, Kept>();

/** The row's cell texts; reading the locale and the company names here makes a caller re-run when they change. */
export function rowCells(r: HistoryRow): RowCells {
  const locale = app.locale;
  const names = app.companyNames;
  const k = kept.get(r);
  if (k && k.locale === locale && k.names === names) return k.cells;
  const type = typeLabel(r.job);
  const company = app.companyName(r.company, r.job.account);
  const cells: RowCells = {
    type,
    nameTitle: `${r.name} — ${type} · ${r.job.account ? `${r.job.account} · ` : ''}${company}${r.destination ? ` · ${r.destination}` : ''}`,
    company,
    start: r.start ? formatDateTimeShort(locale, r.start) : '—',
    startTitle: r.start ? formatDateTimeLong(locale, r.start) : undefined,
    duration: r.duration >= 0 ? formatDuration(locale, r.duration) : '—',
    total: formatNumber(locale, r.total),
    totalTitle: r.unprocessed ? t('ui.history.unprocessedHint', { count: r.unprocessed }) : undefined,
    success: formatNumber(locale, r.success),
    successTitle: r.updated ? t('ui.history.updatedHint', { count: r.updated }) : undefined,
    warning: formatNumber(locale, r.warning),
    error: formatNumber(locale, r.error),
    duplicate: formatNumber(locale, r.duplicate),
  };
  kept.set(r, { locale, names, cells });
  return cells;
}
