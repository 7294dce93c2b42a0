// Readable output: the IPS records as localized tables. Dates in the user's time zone
// (TZ honoured) through the window's own formatter (shared/format-time.ts), numbers through
// Intl.NumberFormat.
import type { ActiveJob, JobLog, JobLogDetail, ScheduledJob } from '../../shared/domain.ts';
import { t } from '../../shared/i18n/index.ts';
import { jobCounts } from '../../shared/counts.ts';
import { formatDateTime } from '../../shared/format-time.ts';
import { describeSchedule } from '../../shared/schedule-text.ts';
import type { CliLocale } from './locale.ts';
import { renderPairs, renderTable, type Column } from './table.ts';

export interface Formatter {
  /** A table's date and time, with seconds ("11/22/2026, 9:05:03 AM"). */
  date(iso: string | undefined): string;
  /** The same with the time-zone name, for a single record's fields ("Nov 22, 2026, 9:05:03 AM UTC"). */
  dateLong(iso: string | undefined): string;
  int(n: number | undefined): string;
  /** `pct` is 0 – 100. */
  percent(pct: number | undefined): string;
  text(key: string, values?: Record<string, string | number>): string;
  /** An execSchedule in words, with the server's zone after a time of day (shared/schedule-text.ts). */
  schedule(expr: string, timeZone: string | undefined): string;
  /** The terminal's width, when output goes to one. */
  width?: number;
}

export function formatter(locale: CliLocale, timeZone?: string, width?: number): Formatter {
  const int = new Intl.NumberFormat(locale.intl, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale.intl, { style: 'percent', maximumFractionDigits: 0 });
  return {
    date: (iso) => (iso ? formatDateTime(locale.intl, iso, 'seconds', { fallback: iso, ...(timeZone ? { timeZone } : {}) }) : ''),
    dateLong: (iso) => (iso ? formatDateTime(locale.intl, iso, 'long', { fallback: iso, ...(timeZone ? { timeZone } : {}) }) : ''),
    int: (n) => (n === undefined || !Number.isFinite(n) ? '' : int.format(n)),
    percent: (p) => (p === undefined || !Number.isFinite(p) ? '' : pct.format(Math.min(100, Math.max(0, p)) / 100)),
    text: (key, values) => t(locale.app, key, values),
    schedule: (expr, zone) => describeSchedule(locale.app, (key, values) => t(locale.app, key, values), expr, zone),
    ...(width ? { width } : {}),
  };
}

/** Company handle → name, where known, for the Company column. */
export type CompanyNames = ReadonlyMap<string, string>;

const companyOf = (names: CompanyNames, handle: string) => names.get(handle) ?? handle;

/**
 * The table, with an Account column first when `accounts` (one name per row) is given:
 * --account was used, so every row says which saved account it came from.
 */
function table(columns: Column[], rows: string[][], f: Formatter, accounts?: readonly string[]): string[] {
  if (!accounts) return renderTable(columns, rows, f.width);
  return renderTable(
    [{ header: f.text('cli.col.account'), max: 24, shrink: 2 }, ...columns],
    rows.map((r, i) => [accounts[i] ?? '', ...r]),
    f.width,
  );
}

/** One column of a job table: its header (the message cli.col.<key>), its cell for a record, its layout. */
type JobColumn<T> = [key: string, cell: (r: T) => string, layout?: Omit<Column, 'header'>];

/**
 * A table of job records: Company and Name first, the job handle last, `own` between; the
 * message `empty` when there is none.
 */
function jobTable<T extends { companyHandle: string; jobHandle: string }>(
  records: readonly T[],
  empty: string,
  name: (r: T) => string,
  own: JobColumn<T>[],
  f: Formatter,
  names: CompanyNames,
  accounts?: readonly string[],
): string[] {
  if (records.length === 0) return [f.text(empty)];
  const columns: JobColumn<T>[] = [
    ['company', (r) => companyOf(names, r.companyHandle), { max: 24, shrink: 2 }],
    ['name', name, { max: 40, shrink: 1, min: 16 }],
    ...own,
    ['jobHandle', (r) => r.jobHandle],
  ];
  const header = columns.map(([key, , layout]): Column => ({ header: f.text(`cli.col.${key}`), ...layout }));
  const rows = records.map((r) => columns.map(([, cell]) => cell(r)));
  return table(header, rows, f, accounts);
}

export function activeTable(jobs: ActiveJob[], f: Formatter, names: CompanyNames, accounts?: readonly string[]): string[] {
  const own: JobColumn<ActiveJob>[] = [
    ['type', (j) => j.type, { max: 24, shrink: 2 }],
    ['state', (j) => j.state],
    ['progress', (j) => f.percent(j.progress), { align: 'right' }],
    ['started', (j) => f.date(j.startDate)],
    ['updated', (j) => f.date(j.lastProgressUpdate)],
    ['message', (j) => j.progressMessage ?? '', { max: 40, shrink: 3 }],
  ];
  return jobTable(jobs, 'cli.empty.active', (j) => j.name, own, f, names, accounts);
}

export function scheduledTable(jobs: ScheduledJob[], f: Formatter, names: CompanyNames, accounts?: readonly string[]): string[] {
  const own: JobColumn<ScheduledJob>[] = [
    ['type', (j) => j.type, { max: 24, shrink: 2 }],
    ['trigger', (j) => j.triggerState ?? ''],
    ['nextRun', (j) => f.date(j.nextFireTime)],
    ['schedule', (j) => (j.execSchedule === undefined ? f.text('cli.scheduled.once') : f.schedule(j.execSchedule, j.timeZone)), { max: 30, shrink: 2 }],
    ['submittedBy', (j) => j.submitUserEmail ?? '', { max: 32, shrink: 3 }],
  ];
  return jobTable(jobs, 'cli.empty.scheduled', (j) => j.name, own, f, names, accounts);
}

/** A log's outcome in a word: running (no end yet), fatal, errors, warnings or ok. */
export function logResult(log: JobLog, f: Formatter): string {
  if (log.fatalError) return f.text('cli.result.fatal');
  if (!log.endDate) return f.text('cli.result.running');
  if (log.fileErrorCount > 0 || log.transferErrorCount > 0) return f.text('cli.result.errors');
  if (log.fileWarningCount > 0 || log.transferWarningCount > 0) return f.text('cli.result.warnings');
  return f.text('cli.result.ok');
}

export function logsTable(logs: JobLog[], f: Formatter, names: CompanyNames, accounts?: readonly string[]): string[] {
  const own: JobColumn<JobLog>[] = [
    ['type', (l) => [l.logType, l.jobSubType].filter(Boolean).join(' / '), { max: 20, shrink: 2 }],
    ['started', (l) => f.date(l.startDate)],
    ['ended', (l) => f.date(l.endDate)],
    ['files', (l) => f.int(jobCounts(l).total), { align: 'right' }],
    ['errors', (l) => f.int(jobCounts(l).errors), { align: 'right' }],
    ['warnings', (l) => f.int(jobCounts(l).warnings), { align: 'right' }],
    ['result', (l) => logResult(l, f)],
  ];
  return jobTable(logs, 'cli.empty.logs', (l) => l.jobName, own, f, names, accounts);
}

export function logDetailView(log: JobLog, f: Formatter, names: CompanyNames): string[] {
  const pairs: Array<[string, string]> = [
    [f.text('cli.field.job'), log.jobName],
    [f.text('cli.field.jobHandle'), log.jobHandle],
    [f.text('cli.field.company'), companyOf(names, log.companyHandle)],
  ];
  if (log.originalJobName && log.originalJobName !== log.jobName) pairs.push([f.text('cli.field.originalName'), log.originalJobName]);
  if (log.logType || log.jobSubType) pairs.push([f.text('cli.field.type'), [log.logType, log.jobSubType].filter(Boolean).join(' / ')]);
  if (log.submitUserEmail) pairs.push([f.text('cli.field.submittedBy'), log.submitUserEmail]);
  if (log.startDate) pairs.push([f.text('cli.field.started'), f.dateLong(log.startDate)]);
  pairs.push([f.text('cli.field.ended'), log.endDate ? f.dateLong(log.endDate) : f.text('cli.result.running')]);
  pairs.push([f.text('cli.field.result'), logResult(log, f)]);
  const c = jobCounts(log);
  pairs.push([
    f.text('cli.field.files'),
    f.text('cli.files.summary', {
      success: f.int(c.succeeded),
      updated: f.int(c.updated),
      errors: f.int(c.errors),
      warnings: f.int(c.warnings),
      duplicates: f.int(c.duplicates),
      total: f.int(c.total),
    }),
  ]);
  if (c.unprocessed > 0) pairs.push([f.text('cli.field.unprocessed'), f.int(c.unprocessed)]);
  if (c.transfers.succeeded + c.transfers.warnings + c.transfers.errors > 0) {
    pairs.push([
      f.text('cli.field.transfers'),
      f.text('cli.transfers.summary', { success: f.int(c.transfers.succeeded), warnings: f.int(c.transfers.warnings), errors: f.int(c.transfers.errors) }),
    ]);
  }
  if (log.description) pairs.push([f.text('cli.field.description'), log.description]);
  const details = log.detailArray ?? [];
  const out = renderPairs(pairs);
  out.push('');
  if (details.length === 0) {
    out.push(f.text('cli.empty.details'));
    return out;
  }
  out.push(...detailTable(details, f));
  return out;
}

/** The detail table's columns (also for log-stream.ts, which prints it page by page). */
export function detailColumns(f: Formatter): Column[] {
  return [
    { header: f.text('cli.col.date') },
    { header: f.text('cli.col.logType'), max: 24, shrink: 2 },
    { header: f.text('cli.col.asset'), max: 40, shrink: 2 },
    { header: f.text('cli.col.message'), max: 80, shrink: 3 },
  ];
}

/** One table row per detail line, plus one per aux line under it. */
export function detailRows(details: readonly JobLogDetail[], f: Formatter): string[][] {
  const rows: string[][] = [];
  for (const d of details) {
    rows.push([f.date(d.dateCreated), d.logType, d.assetName ?? '', d.logMessage]);
    for (const aux of d.auxArray ?? []) rows.push([f.date(aux.dateCreated), `  ${aux.logType}`, '', aux.logMessage]);
  }
  return rows;
}

function detailTable(details: JobLogDetail[], f: Formatter): string[] {
  return renderTable(detailColumns(f), detailRows(details, f), f.width);
}
