// `ips-jobs upload-urls URL... --company H --folder DEST [--no-wait] [--json]`: IPS fetches the
// URLs itself (submitJob with an UploadUrlsJob, every required child sent, in schema order);
// then, unless --no-wait, the job is followed until its log appears. Exit 6 when the job
// finished with errors (a URL that could not be fetched is an error row in the log).
import type { JobLog } from '../../shared/domain.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { outcomeOf } from '../core/outcome.ts';
import { folderHandle } from '../ips/upload.ts';
import { FollowInterruptedError, followSubmittedJob, submitterOf, uniqueJobName, uploadUrlItems, uploadUrlsJobDetail } from '../ips/submit.ts';
import { CliFailure, EXIT, UsageError } from './errors.ts';
import { EXIT_JOB_ERRORS, type UploadIo, type UploadSession } from './upload.ts';

export interface UploadUrlsArgs {
  urls: string[];
  companyHandle: string;
  folder: string;
  wait: boolean;
  json: boolean;
}

/** http(s) URLs only: IPS fetches them from the internet, so anything else cannot work. */
export function checkSourceUrls(urls: readonly string[]): void {
  for (const raw of urls) {
    let u: URL | undefined;
    try {
      u = new URL(raw);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) throw new UsageError('cli.error.badSourceUrl', { url: raw });
  }
}

/** The counts of a finished log, as upload's JSON has them. */
export function countsOf(log: JobLog): { fileSuccessCount: number; fileErrorCount: number; fileWarningCount: number; fileDuplicateCount: number } {
  return {
    fileSuccessCount: log.fileSuccessCount ?? 0,
    fileErrorCount: log.fileErrorCount ?? 0,
    fileWarningCount: log.fileWarningCount ?? 0,
    fileDuplicateCount: log.fileDuplicateCount ?? 0,
  };
}

/**
 * After a submit: without --wait, says it was submitted (`base` as JSON with --json) and
 * gives undefined; with --wait, follows the job to its end, a progress line on stderr
 * whenever more files are done, and gives its log.
 */
export async function afterSubmit(
  s: UploadSession,
  a: { companyHandle: string; wait: boolean; json: boolean },
  jobHandle: string,
  jobName: string,
  base: object,
  io: UploadIo,
  locale: AppLocale,
): Promise<JobLog | undefined> {
  if (!a.wait) {
    if (a.json) await io.out(`${JSON.stringify({ ...base, state: 'submitted' })}\n`);
    return undefined;
  }
  io.err(t(locale, 'cli.submit.following', { job: jobHandle }));
  const companyHandle = a.companyHandle;
  let shown = -1;
  const onPoll = (log: JobLog | undefined): void => {
    if (!log || log.endDate) return;
    const done =
      (log.fileSuccessCount ?? 0) + (log.fileUpdateCount ?? 0) + (log.fileWarningCount ?? 0) + (log.fileErrorCount ?? 0) + (log.fileDuplicateCount ?? 0);
    const total = log.totalFileCount ?? 0;
    if (total <= 0 || done === shown) return;
    shown = done;
    io.err(t(locale, 'cli.submit.progress', { done, total, percent: Math.floor((done / total) * 100) }));
  };
  try {
    return await followSubmittedJob(s.api, companyHandle, jobHandle, jobName, { signal: io.signal, onPoll });
  } catch (err) {
    if (err instanceof FollowInterruptedError) throw new CliFailure(EXIT.IPS, 'cli.submit.interrupted', { job: jobHandle });
    throw err;
  }
}

export async function runUploadUrls(a: UploadUrlsArgs, s: UploadSession, locale: AppLocale, io: UploadIo): Promise<number> {
  checkSourceUrls(a.urls);
  const items = uploadUrlItems(a.urls, a.folder);
  const jobName = uniqueJobName('ips-jobs-urls');
  const jobHandle = await submitterOf(s.api)({
    companyHandle: a.companyHandle,
    jobName,
    ...(s.conn.locale ? { locale: s.conn.locale } : {}),
    uploadUrlsJob: uploadUrlsJobDetail(items, { emailSetting: 'None' }),
  });
  const base = { companyHandle: a.companyHandle, jobHandle, files: items.length };
  io.err(t(locale, 'cli.uploadUrls.submitted', { job: jobHandle, files: items.length, folder: folderHandle(a.folder) }));
  const log = await afterSubmit(s, a, jobHandle, jobName, base, io, locale);
  if (!log) return EXIT.OK;
  const outcome = outcomeOf(log);
  const counts = countsOf(log);
  io.err(
    t(locale, 'cli.upload.finished', {
      job: log.jobHandle || jobHandle,
      outcome,
      success: counts.fileSuccessCount + (log.fileUpdateCount ?? 0),
      errors: counts.fileErrorCount,
      warnings: counts.fileWarningCount,
      duplicates: counts.fileDuplicateCount,
    }),
  );
  // The run's own handle, when IPS gives it one beside the submitted handle (`ips-jobs log` takes either).
  const run = log.jobHandle && log.jobHandle !== jobHandle ? { runHandle: log.jobHandle } : {};
  if (a.json) await io.out(`${JSON.stringify({ ...base, state: 'finished', outcome, ...counts, ...run })}\n`);
  return outcome === 'error' ? EXIT_JOB_ERRORS : EXIT.OK;
}
