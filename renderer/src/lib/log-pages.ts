// Every page of a job log, for the exports and "Copy all errors" of the detail dialog: the
// pages of getJobDetails read one after another (1000 rows each), with progress after each
// page and a cancel between pages. Pure (no runes, no bridge), so tests drive it against the
// simulator with the core's own page reader.
import type { ErrorInfo, JobLog, JobLogDetail } from '../../../shared/domain.ts';
import type { Commands } from '../../../shared/ipc.ts';

export type PageReader = (page: number) => Promise<Commands['getJobDetails']>;

export interface AllPages {
  log?: JobLog;
  details: JobLogDetail[];
  totalRows: number;
}

/** A failed page, or a cancel: nothing partial is handed on. */
export class LogPagesError extends Error {
  readonly info: ErrorInfo | undefined;
  readonly cancelled: boolean;
  constructor(info: ErrorInfo | undefined, cancelled = false) {
    super(cancelled ? 'cancelled' : (info?.message ?? 'failed'));
    this.info = info;
    this.cancelled = cancelled;
  }
}

/** Most pages read for one export (100,000 rows, the CLI's bound too). */
export const MAX_LOG_PAGES = 100;

export async function readAllPages(read: PageReader, o: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {}): Promise<AllPages> {
  const details: JobLogDetail[] = [];
  let log: JobLog | undefined;
  let totalRows = 0;
  for (let page = 1; page <= MAX_LOG_PAGES; page++) {
    if (o.signal?.aborted) throw new LogPagesError(undefined, true);
    const res = await read(page);
    if (o.signal?.aborted) throw new LogPagesError(undefined, true);
    if (!res.ok) throw new LogPagesError(res.error);
    const v = res.value;
    log ??= v.log;
    totalRows = Math.max(v.totalRows, details.length + v.details.length);
    details.push(...v.details);
    o.onProgress?.(details.length, totalRows);
    // The last page, or a server whose pages stop short of its total.
    if (page >= v.pages || v.details.length === 0) break;
  }
  return log ? { log, details, totalRows } : { details, totalRows };
}
