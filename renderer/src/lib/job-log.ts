// The job log as the detail dialog shows it: severity counts, the filter, the first error
// or warning ("why"), the filter a failed job opens on. Pure (no runes, no i18n import) so
// node tests cover it; JobLogState drives it. Rows are counted as shared/counts.ts counts
// files: a duplicate is its own number, never a warning (History's Warnings agrees).
import type { JobLogDetail, Outcome } from '../../../shared/domain.ts';
import { detailSeverity } from './severity.ts';

export type LogFilter = 'all' | 'error' | 'warning' | 'duplicate';

export function severityCounts(details: readonly JobLogDetail[]): { error: number; warning: number; duplicate: number } {
  const n = { error: 0, warning: 0, duplicate: 0 };
  for (const d of details) {
    const s = detailSeverity(d);
    if (s === 'error' || s === 'warning' || s === 'duplicate') n[s]++;
  }
  return n;
}

export function filterRows(details: readonly JobLogDetail[], filter: LogFilter): readonly JobLogDetail[] {
  return filter === 'all' ? details : details.filter((d) => detailSeverity(d) === filter);
}

/** The first error (else warning) row of a failed or warned job: the short answer to "why". */
export function whyRow(outcome: Outcome | undefined, details: readonly JobLogDetail[]): JobLogDetail | undefined {
  if (outcome !== 'error' && outcome !== 'warning') return undefined;
  const first = (s: string) => details.find((d) => detailSeverity(d) === s);
  return first('error') ?? first('warning') ?? first('duplicate');
}

/** A failed job opens on its errors, one with warnings on its warnings: the "why" first. */
export function initialFilter(outcome: Outcome | undefined, details: readonly JobLogDetail[]): LogFilter {
  const { error, warning } = severityCounts(details);
  if (outcome === 'error' && error > 0) return 'error';
  if ((outcome === 'error' || outcome === 'warning') && warning > 0) return 'warning';
  return 'all';
}
