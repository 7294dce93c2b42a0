// The severity of a job-log row as the log view shows and counts it: the row rule of
// shared/log-severity.ts (a duplicate is its own kind, never a warning, as History counts it).
import type { JobLogDetail } from '../../../shared/domain.ts';
import { rowSeverity, type RowSeverity } from '../../../shared/log-severity.ts';

export type Severity = RowSeverity;
export const severityOf = rowSeverity;

export function detailSeverity(d: JobLogDetail): Severity {
  return severityOf(d.logType);
}
