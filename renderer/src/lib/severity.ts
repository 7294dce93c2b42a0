// The severity of a job-log row from its log type (docs/ips-api/constants.md, Job Log
// Types): case-insensitive and tolerant of the reference's typos. Pure, for node tests.
import type { JobLogDetail } from '../../../shared/domain.ts';

export type Severity = 'error' | 'warning' | 'success' | 'lifecycle' | 'info';

export function severityOf(logType: string): Severity {
  const v = logType.toLowerCase();
  if (v === 'fatalerror' || v.endsWith('error') || v.endsWith('failure')) return 'error';
  if (v.endsWith('warning') || v === 'duplicateskipped' || v === 'filecancel') return 'warning';
  if (v.endsWith('success') || v === 'fileupdated') return 'success';
  if (v.startsWith('begin') || v.startsWith('end')) return 'lifecycle';
  return 'info';
}

export function detailSeverity(d: JobLogDetail): Severity {
  return severityOf(d.logType);
}
