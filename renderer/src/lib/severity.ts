// The severity of a job-log row from its log type: the one rule of shared/log-severity.ts.
import type { JobLogDetail } from '../../../shared/domain.ts';
import { logTypeSeverity, type Severity } from '../../../shared/log-severity.ts';

export type { Severity };
export const severityOf = logTypeSeverity;

export function detailSeverity(d: JobLogDetail): Severity {
  return severityOf(d.logType);
}
