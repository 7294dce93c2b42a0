// Job details for the window's detail view: one page (1000 rows) of getJobLogDetails, with the
// log's summary beside it. Errors come back as values, never as rejections.
import { jobKey } from '../../shared/domain.ts';
import type { Commands } from '../../shared/ipc.ts';
import type { IpsApi } from '../ips/api.ts';
import { toErrorInfo } from '../ips/errors.ts';

export const DETAIL_ROWS_PER_PAGE = 1000;

type DetailsValue = Commands['getJobDetails'] extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

export async function fetchJobDetails(
  api: Pick<IpsApi, 'getJobLogDetails'>,
  q: { companyHandle: string; jobHandle: string; page: number; logTypes?: string[] },
  /** Opening a job's details is looking at it: told the job's key (the tray acknowledges that job only). */
  seen?: (keys: string[]) => void,
): Promise<Commands['getJobDetails']> {
  seen?.([jobKey(q.companyHandle, q.jobHandle)]);
  const page = Math.max(1, Math.floor(q.page || 1));
  try {
    const logs = await api.getJobLogDetails({
      companyHandle: q.companyHandle,
      jobHandle: q.jobHandle,
      ...(q.logTypes?.length ? { logTypeArray: q.logTypes } : {}),
      recordsPerPage: DETAIL_ROWS_PER_PAGE,
      resultsPage: page,
    });
    const log = logs[0];
    const details = log?.detailArray ?? [];
    const totalRows = log?.detailTotalRows ?? details.length;
    const value: DetailsValue = { details, totalRows, page, pages: Math.max(1, Math.ceil(totalRows / DETAIL_ROWS_PER_PAGE)) };
    if (log) {
      const { detailArray: _d, ...summary } = log;
      value.log = summary;
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
