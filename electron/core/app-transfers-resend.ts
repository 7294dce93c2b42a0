// Re-send an upload's failed files (the `resendFailed` command of ./app-transfers.ts): once
// the upload's IPS job has finished with file errors, its log's error rows
// (getJobLogDetails, error log types only, every page) are matched to the upload's files
// (./transfers/failed-files.ts); those still on disk go to the same company, destination and
// options as a NEW upload transfer, named after the first with "-resend". Both records keep
// the link (`resendOf` on the new one, `resent` on the first: what went, what was missing,
// what the log named that the upload never sent), so it survives a restart and the same
// failures are not sent twice. Refused in words: no such transfer, not a finished upload,
// its job not finished, nothing failed, already re-sent, not connected, the log names none
// of its files, every failed file gone from disk.
import { stat } from 'node:fs/promises';
import type { JobLogDetail } from '../../shared/domain.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import type { TransferCommands, TransferJobView } from '../../shared/ipc-transfers.ts';
import type { IpsApi } from '../ips/api.ts';
import { toErrorInfo } from '../ips/errors.ts';
import type { UploadItem } from '../ips/upload.ts';
import { ERROR_LOG_TYPES } from './first-error.ts';
import { failedFilesOf } from './transfers/failed-files.ts';
import type { TransferQueue } from './transfers/queue.ts';
import type { UploadTransfer } from './transfers/types.ts';

/** Error rows read per page, and pages at most (a job of 100,000 failures is read whole). */
export const RESEND_LIMITS = { pageRows: 1000, maxPages: 100 };

export interface ResendDeps {
  queue: TransferQueue;
  tr: Translate;
  /** The IPS API of the upload's account, or undefined while not connected. */
  api(t: UploadTransfer): Pick<IpsApi, 'getJobLogDetails'> | undefined;
  /** What the board knows (or last knew) of the upload's job. */
  job(t: UploadTransfer): TransferJobView | undefined;
}

/** The error rows of a job's log, every page. */
export async function errorRowsOf(api: Pick<IpsApi, 'getJobLogDetails'>, companyHandle: string, jobHandle: string): Promise<JobLogDetail[]> {
  const rows: JobLogDetail[] = [];
  for (let page = 1; page <= RESEND_LIMITS.maxPages; page++) {
    const logs = await api.getJobLogDetails({
      companyHandle,
      jobHandle,
      logTypeArray: ERROR_LOG_TYPES,
      recordsPerPage: RESEND_LIMITS.pageRows,
      resultsPage: page,
      sortBy: 'Date',
      sortDirection: 'Ascending',
    });
    const got = logs.flatMap((l) => l.detailArray ?? []);
    rows.push(...got);
    if (got.length < RESEND_LIMITS.pageRows) break;
  }
  return rows;
}

/** "shoot-resend", then "shoot-resend-2", … (a re-send of a re-send counts on). */
export function resendJobName(name: string): string {
  const m = /^(.*)-resend(?:-(\d+))?$/.exec(name);
  const base = m ? m[1]! : name;
  const n = m ? Number(m[2] ?? 1) + 1 : 1;
  return `${base.slice(0, 180)}-resend${n > 1 ? `-${n}` : ''}`;
}

async function stillThere(f: UploadItem): Promise<UploadItem | undefined> {
  try {
    const st = await stat(f.path);
    return st.isFile() ? { ...f, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

const list = (names: readonly string[]): string => (names.length > 5 ? `${names.slice(0, 5).join(', ')} …` : names.join(', '));

export async function resendFailed(d: ResendDeps, id: string): Promise<TransferCommands['resendFailed']> {
  const op = 'resendFailed';
  const refuse = (key: string, args?: Record<string, string | number>): TransferCommands['resendFailed'] => ({
    ok: false,
    error: { kind: 'usage', message: d.tr(key, args), operation: op },
  });
  const t = d.queue.get(id);
  if (!t) return refuse('ui.transfers.error.noTransfer');
  if (t.kind !== 'upload' || t.state !== 'done' || !t.jobHandle) return refuse('ui.transfers.resend.error.notUpload');
  if (t.resent) {
    const again = d.queue.get(t.resent.id);
    return refuse('ui.transfers.resend.error.already', { name: again?.kind === 'upload' ? again.spec.jobName : resendJobName(t.spec.jobName) });
  }
  const job = d.job(t);
  if (job?.phase !== 'finished') return refuse('ui.transfers.resend.error.notFinished');
  if (!job.errors) return refuse('ui.transfers.resend.error.nothingFailed');
  const api = d.api(t);
  if (!api) return refuse('ui.transfers.resend.error.notConnected');
  let rows: JobLogDetail[];
  try {
    rows = await errorRowsOf(api, t.spec.companyHandle, t.jobHandle);
  } catch (err) {
    return { ok: false, error: { ...toErrorInfo(err), operation: op } };
  }
  const failed = failedFilesOf(t.spec, rows);
  if (failed.files.length === 0) return refuse('ui.transfers.resend.error.noMatch', { names: list(failed.unmatched) || '—' });
  const kept: UploadItem[] = [];
  const missing: string[] = [];
  for (const i of failed.files) {
    const f = t.spec.files[i]!;
    const now = await stillThere(f);
    if (now) kept.push(now);
    else missing.push(f.target);
  }
  if (kept.length === 0) return refuse('ui.transfers.resend.error.allMissing', { count: missing.length, names: list(missing) });
  try {
    const newId = await d.queue.addUpload(
      { ...t.spec, jobName: resendJobName(t.spec.jobName), files: kept },
      { resendOf: t.id, ...(t.accountId ? { accountId: t.accountId } : {}) },
    );
    await d.queue.markResent(t.id, { id: newId, files: kept.length, missing, unmatched: failed.unmatched });
    return {
      ok: true,
      value: { id: newId, files: kept.length, bytes: kept.reduce((n, f) => n + f.size, 0), missing, unmatched: failed.unmatched },
    };
  } catch (err) {
    return { ok: false, error: { ...toErrorInfo(err), operation: op } };
  }
}
