// `ips-jobs logs --submitter EMAIL --search TEXT`: the window's History matching
// (shared/history-search.ts) over the logs IPS returned. A log whose own fields (name, original
// name, submitter) do not match is searched in its detail rows too (error and warning texts,
// asset names: the same compact index the window keeps), for the newest DETAIL_SEARCH_MAX logs.
import type { JobLog } from '../../shared/domain.ts';
import { indexTextOf, matchesQuery, matchesSubmitter, normalizeQuery, ownSearchText } from '../../shared/history-search.ts';
import type { IpsApi } from '../ips/api.ts';
import { IpsFaultError } from '../ips/errors.ts';
import { mapLimit } from './map-limit.ts';

/** Logs (newest first) whose detail rows a search reads; older ones match by their own fields only. */
export const DETAIL_SEARCH_MAX = 200;
/** The detail rows read per log: the first page, as the window's detail dialog opens it. */
const DETAIL_ROWS = 1000;

export interface LogFilter {
  search?: string;
  submitter?: string;
}

export interface LogFilterResult {
  logs: JobLog[];
  /** Logs that matched by their own fields only because there were more than DETAIL_SEARCH_MAX. */
  notSearchedInDetail: number;
}

/** The logs of `logs` (newest first) that the filter keeps, in the same order. */
export async function filterLogs(api: Pick<IpsApi, 'getJobLogDetails'>, logs: readonly JobLog[], f: LogFilter): Promise<LogFilterResult> {
  const query = normalizeQuery(f.search ?? '');
  const bySubmitter = logs.filter((l) => matchesSubmitter(l.submitUserEmail, f.submitter ?? ''));
  if (!query) return { logs: bySubmitter, notSearchedInDetail: 0 };
  const own = bySubmitter.map((l) => ownSearchText({ name: l.jobName, originalName: l.originalJobName, submitter: l.submitUserEmail }));
  const needDetail = bySubmitter.map((_, i) => !matchesQuery(own[i]!, undefined, query));
  const toRead = bySubmitter.flatMap((l, i) => (needDetail[i] ? [i] : [])).slice(0, DETAIL_SEARCH_MAX);
  const indexed = new Map<number, string>();
  await mapLimit(toRead, 4, async (i) => {
    const l = bySubmitter[i]!;
    try {
      const got = await api.getJobLogDetails({ companyHandle: l.companyHandle, jobHandle: l.jobHandle, recordsPerPage: DETAIL_ROWS, resultsPage: 1 });
      indexed.set(i, indexTextOf(got[0]?.detailArray ?? []));
    } catch (err) {
      // IPS has no details for this log (e.g. removed meanwhile): it matches by its own fields only.
      if (!(err instanceof IpsFaultError)) throw err;
    }
  });
  const notSearchedInDetail = needDetail.filter(Boolean).length - toRead.length;
  return { logs: bySubmitter.filter((_, i) => matchesQuery(own[i]!, indexed.get(i), query)), notSearchedInDetail };
}
