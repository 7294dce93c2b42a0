// submitJob for transfers: an UploadUrlsJob (ingest from URLs) and an ExportJob, always with
// their required children, in schema order (docs/ips-api/real-world.md: a validating
// server refuses a job detail that misses one), then followed to the job's log. Electron-free:
// the CLI uses it, and so can the app's transfer queue.
import type { DetailRecord, JobLog } from '../../shared/domain.ts';
import type { IpsApi } from './api.ts';
import type { IpsClient, SubmitJobRequest } from './client.ts';
import { IpsError } from './errors.ts';
import { folderHandle, type EmailSetting } from './upload.ts';

export const EMAIL_SETTINGS: readonly EmailSetting[] = ['All', 'Error', 'ErrorAndWarning', 'JobCompletion', 'None'];
export type ExportFormat = 'orig' | 'convert';

export interface UploadUrl {
  sourceUrl: string;
  /** Company-relative target path and file name. */
  destPath: string;
}

/** A file name for a URL's target: its last path segment, decoded, made safe; else file-N. */
export function fileNameOfUrl(url: string, index: number): string {
  let seg = '';
  try {
    seg = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    seg = decodeURIComponent(seg);
  } catch {
    /* keep what we have */
  }
  // eslint-disable-next-line no-control-regex
  const clean = seg.replace(/[\u0000-\u001f\\/<>:"|?*]/g, '_').trim();
  return clean === '' || clean === '.' || clean === '..' ? `file-${index + 1}` : clean;
}

/** URLs → UploadUrl items under `folder` (a folder handle, ending in "/"); duplicate names get -2, -3… */
export function uploadUrlItems(urls: readonly string[], folder: string): UploadUrl[] {
  const dest = folderHandle(folder);
  const used = new Set<string>();
  return urls.map((sourceUrl, i) => {
    let name = fileNameOfUrl(sourceUrl, i);
    if (used.has(name)) {
      const dot = name.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      let n = 2;
      while (used.has(`${stem}-${n}${ext}`)) n++;
      name = `${stem}-${n}${ext}`;
    }
    used.add(name);
    return { sourceUrl, destPath: `${dest}${name}` };
  });
}

/** UploadUrlsJob with every required child (and preservePublishState), in schema order. */
export function uploadUrlsJobDetail(
  items: readonly UploadUrl[],
  o: { overwrite?: boolean; readyForPublish?: boolean; emailSetting?: EmailSetting } = {},
): DetailRecord {
  return {
    urlArray: items.map((u) => ({ sourceUrl: u.sourceUrl, destPath: u.destPath })),
    overwrite: o.overwrite ?? false,
    readyForPublish: o.readyForPublish ?? false,
    preservePublishState: false,
    createMask: false,
    emailSetting: o.emailSetting ?? 'None',
  };
}

/** ExportJob: assetHandleArray, fmt, is_modifier?, macro?, emailSetting (schema order; clientId is reserved). */
export function exportJobDetail(o: {
  assetHandles: readonly string[];
  fmt: ExportFormat;
  modifier?: string;
  macro?: string;
  emailSetting: EmailSetting;
}): DetailRecord {
  return {
    assetHandleArray: [...o.assetHandles],
    fmt: o.fmt,
    ...(o.modifier ? { is_modifier: o.modifier } : {}),
    ...(o.macro ? { macro: o.macro } : {}),
    emailSetting: o.emailSetting,
  };
}

/** A job name IPS will not confuse with another run: prefix, UTC time stamp, short random tail. */
export function uniqueJobName(prefix: string, now = new Date(), random = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${prefix}-${stamp}-${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}

/** The client's submitJob (the CLI's session API is an IpsClient; IpsApi does not declare it). */
export function submitterOf(api: IpsApi): (q: SubmitJobRequest) => Promise<string> {
  const fn = (api as Partial<IpsClient>).submitJob;
  if (typeof fn !== 'function') throw new IpsError('internal', 'This IPS connection cannot submit jobs');
  return fn.bind(api);
}

/**
 * The log of a submitted job among those a query returned: the one with the handle submitJob
 * answered, else (a run has its own handle and a name like `<name>_YYYY-MM-DD-hh:mm:ss.SSS`)
 * the newest whose original name is the submitted name.
 */
export function pickSubmittedLog(logs: readonly JobLog[], jobHandle: string, jobName: string): JobLog | undefined {
  const exact = logs.find((l) => l.jobHandle === jobHandle);
  if (exact) return exact;
  const mine = logs.filter((l) => l.originalJobName === jobName || l.jobName === jobName || l.jobName.startsWith(`${jobName}_`));
  return mine.sort((a, b) => Date.parse(b.startDate ?? '') - Date.parse(a.startDate ?? ''))[0];
}

export interface FollowOptions {
  signal?: AbortSignal;
  intervalMs?: number;
  /** How long a log may take to appear at all (IPS writes it when the job starts; default 120 s). */
  appearMs?: number;
  /** Every poll's log (still running or finished). */
  onPoll?: (log: JobLog | undefined) => void;
  now?: () => number;
}

/** Thrown when following stopped (signal) before the log had an end date. */
export class FollowInterruptedError extends Error {
  constructor() {
    super('stopped following the job');
    this.name = 'FollowInterruptedError';
  }
}

/**
 * Polls getJobLogDetails (by the handle, else by the original name) until the job's log has an
 * end date; resolves with that log and its detail lines (the last 1000, newest first). "No job log
 * yet" (ipsApiFault) is waited out for `appearMs`.
 */
export async function followSubmittedJob(api: IpsApi, companyHandle: string, jobHandle: string, jobName: string, o: FollowOptions = {}): Promise<JobLog> {
  const now = o.now ?? Date.now;
  const started = now();
  const interval = o.intervalMs ?? 1000;
  const query = async (q: { jobHandle?: string; originalName?: string }, full: boolean): Promise<JobLog[]> =>
    api.getJobLogDetails({ companyHandle, ...q, recordsPerPage: full ? 1000 : 1, resultsPage: 1, ...(full ? { sortDirection: 'Descending' as const } : {}) });
  const find = async (full: boolean): Promise<JobLog | undefined> => {
    let byHandle: JobLog[] = [];
    try {
      byHandle = await query({ jobHandle }, full);
    } catch (err) {
      if (!(err instanceof IpsError && err.kind === 'fault')) throw err;
    }
    const hit = pickSubmittedLog(byHandle, jobHandle, jobName);
    if (hit) return hit;
    try {
      return pickSubmittedLog(await query({ originalName: jobName }, full), jobHandle, jobName);
    } catch (err) {
      if (err instanceof IpsError && err.kind === 'fault' && now() - started < (o.appearMs ?? 120_000)) return undefined;
      throw err;
    }
  };
  for (;;) {
    const log = await find(false);
    o.onPoll?.(log);
    if (log?.endDate) return (await find(true)) ?? log;
    if (o.signal?.aborted) throw new FollowInterruptedError();
    await new Promise<void>((r) => {
      const timer = setTimeout(r, interval);
      o.signal?.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
    });
  }
}

/** The first http(s) URL a log's detail lines name (the simulator's export package; real IPS e-mails it). */
export function downloadUrlOf(log: JobLog): string | undefined {
  for (const d of log.detailArray ?? []) {
    const m = /\bhttps?:\/\/[^\s<>"')]+/.exec(d.logMessage ?? '');
    if (m) return m[0].replace(/[.,;]+$/, '');
  }
  return undefined;
}
