// One getJobLogs at a time per company, shared by the poller and the history backfill: IPS
// answers one company's log queries in order, and two 2,000-row pages at once would only
// double the memory and the wait.
import type { JobLog } from '../../shared/domain.ts';
import type { IpsApi, JobLogsQuery } from '../ips/api.ts';

/** getJobLogs of `api`, serialized per company. */
export function createLogLocks(api: Pick<IpsApi, 'getJobLogs'>): (co: string, q: JobLogsQuery) => Promise<JobLog[]> {
  const locks = new Map<string, Promise<unknown>>();
  return (co, q) => {
    const run = (locks.get(co) ?? Promise.resolve()).then(() => api.getJobLogs(q));
    // The lock settles to nothing: `run.catch()` would keep the last page of logs (2,000
    // records, and in tests the response they were cut from) alive until the next request.
    locks.set(
      co,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  };
}
