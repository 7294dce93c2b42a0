// The job log as the detail dialog shows it: severity counts, the filter, the first error
// or warning ("why"), the filter a failed job opens on, and rows as tab-separated text.
// Pure (no runes, no i18n import) so node tests cover it; JobLogState drives it.
import type { JobLogDetail, Outcome } from '../../../shared/domain.ts';
import { detailSeverity } from './severity.ts';

export type LogFilter = 'all' | 'error' | 'warning';

export function severityCounts(details: readonly JobLogDetail[]): { error: number; warning: number } {
  let error = 0;
  let warning = 0;
  for (const d of details) {
    const s = detailSeverity(d);
    if (s === 'error') error++;
    else if (s === 'warning') warning++;
  }
  return { error, warning };
}

export function filterRows(details: readonly JobLogDetail[], filter: LogFilter): readonly JobLogDetail[] {
  return filter === 'all' ? details : details.filter((d) => detailSeverity(d) === filter);
}

/** The first error (else warning) row of a failed or warned job: the short answer to "why". */
export function whyRow(outcome: Outcome | undefined, details: readonly JobLogDetail[]): JobLogDetail | undefined {
  if (outcome !== 'error' && outcome !== 'warning') return undefined;
  return details.find((d) => detailSeverity(d) === 'error') ?? details.find((d) => detailSeverity(d) === 'warning');
}

/** A failed job opens on its errors, one with warnings on its warnings: the "why" first. */
export function initialFilter(outcome: Outcome | undefined, details: readonly JobLogDetail[]): LogFilter {
  const { error, warning } = severityCounts(details);
  if (outcome === 'error' && error > 0) return 'error';
  if ((outcome === 'error' || outcome === 'warning') && warning > 0) return 'warning';
  return 'all';
}

export interface RowText {
  headers: readonly [severity: string, type: string, asset: string, message: string, date: string];
  severity(d: JobLogDetail): string;
}

/** Rows as tab-separated text with a header line, aux messages joined into the message. */
export function rowsAsText(list: readonly JobLogDetail[], text: RowText): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const lines = list.map((d) =>
    [
      text.severity(d),
      d.logType,
      d.assetName ?? '',
      [d.logMessage, ...(d.auxArray ?? []).map((a) => `${a.logType}: ${a.logMessage}`)].join(' | '),
      d.dateCreated ?? '',
    ]
      .map(clean)
      .join('\t'),
  );
  return [text.headers.join('\t'), ...lines].join('\n');
}
