// The severity of a job-log row from its log type (docs/ips-api/constants.md, "Severity rule for
// clients"): case-insensitive and tolerant of the reference's typos. One rule for the core's
// outcomes, the search index, the window's log view and the exports.
//
// A row counts as shared/counts.ts counts files: a `warning` row is a file warning
// (fileWarningCount); a `duplicate` row (`DuplicateSkipped`) is a duplicate
// (fileDuplicateCount), never a warning; a cancelled file (`FileCancel`) is one the job never
// reached (unprocessed), so neither. `logTypeSeverity` is the coarser rule of outcomes and
// search, where a duplicate or a cancelled file still makes a warning (jobs-lifecycle.md §3).

export type Severity = 'error' | 'warning' | 'success' | 'lifecycle' | 'info';
export type RowSeverity = Severity | 'duplicate';

export function rowSeverity(logType: string): RowSeverity {
  const v = logType.trim().toLowerCase();
  if (v === 'fatalerror' || v.endsWith('error') || v.endsWith('failure')) return 'error';
  if (v === 'duplicateskipped') return 'duplicate';
  if (v.endsWith('warning')) return 'warning';
  if (v.endsWith('success') || v === 'fileupdated') return 'success';
  if (v.startsWith('begin') || v.startsWith('end')) return 'lifecycle';
  return 'info';
}

export function logTypeSeverity(logType: string): Severity {
  const s = rowSeverity(logType);
  if (s === 'duplicate' || logType.trim().toLowerCase() === 'filecancel') return 'warning';
  return s;
}
