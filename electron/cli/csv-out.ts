// `ips-jobs logs --csv` and `ips-jobs log --csv`: the window's CSV exports from the CLI, with
// the same columns, headers and values (shared/export-csv.ts, shared/csv.ts). Not to be
// confused with `ips-jobs export` (./export.ts), the IPS asset export job.
import type { JobLog, JobLogDetail } from '../../shared/domain.ts';
import { jobTypeOfLog } from '../../shared/domain.ts';
import { jobCounts } from '../../shared/counts.ts';
import { csvLines, toCsv } from '../../shared/csv.ts';
import { historyCells, historyHeader, logCells, logHeader, type HistoryExportRow } from '../../shared/export-csv.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { outcomeOf } from '../core/outcome.ts';
import type { CompanyNames } from './format.ts';

/** A job log as a History row: a log without an end date is still running. */
export function logAsHistoryRow(l: JobLog, names: CompanyNames): HistoryExportRow {
  const row: HistoryExportRow = {
    outcome: l.endDate ? outcomeOf(l) : 'running',
    type: jobTypeOfLog(l.logType),
    name: l.jobName,
    companyName: names.get(l.companyHandle) ?? l.companyHandle,
    companyHandle: l.companyHandle,
    jobHandle: l.jobHandle,
    counts: jobCounts(l),
  };
  if (l.startDate) row.start = l.startDate;
  if (l.endDate) row.end = l.endDate;
  if (l.submitUserEmail) row.submitter = l.submitUserEmail;
  return row;
}

/** `logs --csv`: the whole document (BOM, header, one line per log); with `accounts` (one per log, from --account) an Account column first. */
export function logsCsv(locale: AppLocale, logs: readonly JobLog[], names: CompanyNames, accounts?: readonly string[]): string {
  const cells = logs.map((l) => historyCells(locale, logAsHistoryRow(l, names)));
  if (!accounts) return toCsv(historyHeader(locale), cells);
  return toCsv(
    [t(locale, 'cli.col.account'), ...historyHeader(locale)],
    cells.map((c, i) => [accounts[i] ?? '', ...c]),
  );
}

/** `log --csv`, page by page: the BOM and header first, then the rows of each page. */
export function logCsvHead(locale: AppLocale): string {
  return toCsv(logHeader(locale), []);
}

export function logCsvRows(locale: AppLocale, log: Pick<JobLog, 'jobName' | 'jobHandle'>, rows: readonly JobLogDetail[]): string {
  return csvLines(rows.map((d) => logCells(locale, d, log)));
}
