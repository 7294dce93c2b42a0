// The severity of a job-log row from its log type (docs/ips-api/constants.md, "Severity rule for
// clients"): case-insensitive and tolerant of the reference's typos. One rule for the core's
// outcomes, the search index and the window's log view.

export type Severity = 'error' | 'warning' | 'success' | 'lifecycle' | 'info';

export function logTypeSeverity(logType: string): Severity {
  const v = logType.trim().toLowerCase();
  if (v === 'fatalerror' || v.endsWith('error') || v.endsWith('failure')) return 'error';
  if (v.endsWith('warning') || v === 'duplicateskipped' || v === 'filecancel') return 'warning';
  if (v.endsWith('success') || v === 'fileupdated') return 'success';
  if (v.startsWith('begin') || v.startsWith('end')) return 'lifecycle';
  return 'info';
}
