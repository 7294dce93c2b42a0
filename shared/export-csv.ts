// What an export holds, one definition for the window and the CLI: the columns of History
// (`ips-jobs logs --csv`) and of a job log (`ips-jobs log --csv`, the detail's Export and
// Copy), their headers in the user's language, and the values as a spreadsheet wants them:
// local time as ISO 8601 with its offset, numbers unformatted, labels translated, handles
// verbatim. Counts are those of ./counts.ts. The text format itself is ./csv.ts.
import type { JobLogDetail, Outcome } from './domain.ts';
import type { AppLocale } from './locales.ts';
import type { JobCounts } from './counts.ts';
import { rowSeverity } from './log-severity.ts';
import { catalogs, t } from './i18n/window.ts';
import type { CsvCell } from './csv.ts';

/** `2026-12-02T09:05:03+08:00`: the local time of `v` (ISO text or epoch ms) with its UTC offset; '' when unknown. */
export function localIso(v: string | number | undefined): string {
  const ms = typeof v === 'number' ? v : v ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${String(d.getFullYear()).padStart(4, '0')}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/** The job type in words, as History shows it: the IPS type constant, else the detail element, else as sent. */
export function jobTypeText(locale: AppLocale, type: string): string {
  if (!type) return '';
  for (const key of [`common.jobType.${type}`, `common.detail.${type}`]) if (catalogs.en[key] !== undefined) return t(locale, key);
  return type;
}

/** One finished (or, in the CLI, running) job as History lists it. */
export interface HistoryExportRow {
  outcome?: Outcome | 'running' | '';
  /** IPS job type (or detail element), translated on the way out. */
  type: string;
  name: string;
  companyName: string;
  companyHandle: string;
  jobHandle: string;
  start?: string | number;
  end?: string | number;
  counts: JobCounts;
  submitter?: string;
}

const HISTORY_COLUMNS = [
  'outcome',
  'type',
  'name',
  'company',
  'started',
  'durationSeconds',
  'total',
  'succeeded',
  'warnings',
  'errors',
  'duplicates',
  'updated',
  'unprocessed',
  'ended',
  'submitter',
  'jobHandle',
  'companyHandle',
] as const;

/** History's columns in the table's order, then what the table shows only in tooltips and the detail. */
export function historyHeader(locale: AppLocale): string[] {
  return HISTORY_COLUMNS.map((c) => t(locale, `export.col.${c}`));
}

const ms = (v: string | number | undefined): number => (typeof v === 'number' ? v : v ? Date.parse(v) : NaN);

export function historyCells(locale: AppLocale, r: HistoryExportRow): CsvCell[] {
  const start = ms(r.start);
  const end = ms(r.end);
  const outcome = r.outcome === 'running' ? t(locale, 'common.phase.running') : r.outcome ? t(locale, `common.outcome.${r.outcome}`) : '';
  const c = r.counts;
  return [
    outcome,
    jobTypeText(locale, r.type),
    r.name,
    r.companyName,
    localIso(r.start),
    Number.isFinite(start) && Number.isFinite(end) && end >= start ? Math.round((end - start) / 1000) : '',
    c.total,
    c.succeeded,
    c.warnings,
    c.errors,
    c.duplicates,
    c.updated,
    c.unprocessed,
    localIso(r.end),
    r.submitter ?? '',
    r.jobHandle,
    r.companyHandle,
  ];
}

/** Which job a log row belongs to (every exported or copied row names it). */
export interface LogRowJob {
  jobName: string;
  jobHandle: string;
}

const LOG_COLUMNS = ['severity', 'asset', 'message', 'logType', 'time', 'assetHandle', 'job', 'jobHandle'] as const;

/** The job log's columns in the detail table's order (severity, asset, message, type, time), then the asset handle and the job. */
export function logHeader(locale: AppLocale): string[] {
  return LOG_COLUMNS.map((c) => t(locale, `export.col.${c}`));
}

/** One detail row; its aux messages are joined into the message ("| Type: text"). */
export function logCells(locale: AppLocale, d: JobLogDetail, job: LogRowJob): CsvCell[] {
  const message = [d.logMessage, ...(d.auxArray ?? []).map((a) => `${a.logType}: ${a.logMessage}`)].join(' | ');
  return [
    t(locale, `ui.severity.${rowSeverity(d.logType)}`),
    d.assetName ?? '',
    message,
    d.logType,
    localIso(d.dateCreated),
    d.assetHandle ?? '',
    job.jobName,
    job.jobHandle,
  ];
}

/** A file name for an export: `ips-jobs-<what>[-<name>]-<local date and time>.csv`, safe on every OS. */
export function exportFileName(what: 'history' | 'log' | 'errors', now: number, name?: string): string {
  const stamp = localIso(now)
    .slice(0, 19)
    .replace(/[:T]/g, (m) => (m === 'T' ? '-' : ''));
  // Letters, digits (any script), dot, dash and underscore; anything else (path separators,
  // Windows' reserved characters, control characters) becomes a dash.
  const safe = (name ?? '')
    .replace(/[^\p{L}\p{N}._-]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return `ips-jobs-${what}${safe ? `-${safe}` : ''}-${stamp}.csv`;
}
