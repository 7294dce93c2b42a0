// The getJobLogs window of a company's polls: the first poll reads `historyDays` back,
// ENGINE_LIMITS.firstLogRows rows; later polls from the newest log start seen (or the oldest
// unfinished run's start, whichever is older) − 1 s, ENGINE_LIMITS.logRows rows, StartDate
// descending. Server times are only compared with server times.
import { jobKey, type JobLog } from '../../shared/domain.ts';
import type { JobLogsQuery } from '../ips/api.ts';
import { oldestUnfinishedStart, type Board } from './board.ts';
import type { CompanyStatus } from './connection.ts';
import { ENGINE_LIMITS } from './limits.ts';
import { ms } from './outcome.ts';

const iso = (t: number) => new Date(t).toISOString();

export function logWindow(board: Board, co: string, st: CompanyStatus | undefined, now: number, historyDays: number): JobLogsQuery {
  const q: JobLogsQuery = { companyHandle: co, sortBy: 'StartDate', sortDirection: 'Descending' };
  if (!st?.baselineDone || st.logCursor === undefined) {
    q.startDate = iso(now - historyDays * 86_400_000);
    q.numRows = ENGINE_LIMITS.firstLogRows;
    return q;
  }
  let from = st.logCursor;
  const oldest = oldestUnfinishedStart(board, co);
  if (oldest !== undefined && oldest < from) from = oldest;
  q.startDate = iso(from - 1000);
  q.numRows = ENGINE_LIMITS.logRows;
  return q;
}

/** Move the cursor to the newest log start seen; returns the logs worth merging (not ended before the window). */
export function advanceLogWindow(board: Board, co: string, st: CompanyStatus, logs: readonly JobLog[], now: number, historyDays: number): JobLog[] {
  for (const l of logs) {
    const s = ms(l.startDate);
    if (s !== undefined && (st.logCursor === undefined || s > st.logCursor)) st.logCursor = s;
  }
  const cutoff = now - historyDays * 86_400_000;
  if (st.logCursor === undefined) st.logCursor = cutoff;
  // Logs that ended before the history window are not worth a finished-then-pruned round trip.
  return logs.filter((l) => board.jobs.has(jobKey(co, l.jobHandle)) || (ms(l.endDate) ?? now) >= cutoff);
}
