// `ips-jobs upload PATH... --company H --folder DEST [--job-name NAME] [--overwrite]
// [--publish] [--no-wait] [--json]`: files and folders (recursively, keeping their relative
// paths under DEST; a folder keeps its own name, as `cp -r` does) streamed to the UploadFile
// servlet as one upload job, progress on stderr; then, unless --no-wait, the job is followed
// until its log appears. Exit 6 when the job finished with errors.
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { JobLog } from '../../shared/domain.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { resolveServiceUrl, uploadUrlFor } from '../ips/regions.ts';
import { formatBytes, uploadFiles, uploadUrlForService, type UploadItem, type UploadProgress } from '../ips/upload.ts';
import { outcomeOf } from '../core/outcome.ts';
import { CliFailure, EXIT, UsageError } from './errors.ts';

/** Exit code: the job finished, with errors. */
export const EXIT_JOB_ERRORS = 6;

export interface UploadArgs {
  paths: string[];
  companyHandle: string;
  folder: string;
  jobName?: string;
  overwrite: boolean;
  publish: boolean;
  wait: boolean;
  json: boolean;
}

export interface UploadSession {
  api: IpsApi;
  conn: IpsConnection;
}

export interface UploadIo {
  out(text: string): Promise<void> | void;
  err(line: string): void;
  signal: AbortSignal;
}

/** Files under the given paths: a file as itself, a folder recursively (hidden entries skipped). */
export async function collectFiles(paths: readonly string[]): Promise<UploadItem[]> {
  const out: UploadItem[] = [];
  const walk = async (abs: string, target: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(abs, e.name);
      if (e.isDirectory()) await walk(p, `${target}${e.name}/`);
      else if (e.isFile()) out.push({ path: p, size: (await stat(p)).size, target: `${target}${e.name}` });
    }
  };
  for (const raw of paths) {
    const abs = resolve(raw);
    let st;
    try {
      st = await lstat(abs);
      if (st.isSymbolicLink()) st = await stat(abs);
    } catch {
      throw new UsageError('cli.error.noSuchPath', { path: raw });
    }
    if (st.isDirectory()) await walk(abs, `${basename(abs)}/`);
    else if (st.isFile()) out.push({ path: abs, size: st.size, target: basename(abs) });
    else throw new UsageError('cli.error.noSuchPath', { path: raw });
  }
  const seen = new Set<string>();
  for (const f of out) {
    if (seen.has(f.target)) throw new UsageError('cli.error.sameTarget', { target: f.target });
    seen.add(f.target);
  }
  if (out.length === 0) throw new UsageError('cli.error.noFiles');
  return out;
}

/** The servlet of a connection: beside --service-url, or the region's upload host. */
export function uploadUrlOf(conn: IpsConnection): string {
  if (conn.serviceUrl) return uploadUrlForService(resolveServiceUrl(conn));
  return uploadUrlFor(conn.region ?? 'na', conn.staging ?? false);
}

/** A job name as IPS shows runs: readable and unique (name plus a UTC time stamp). */
export function defaultJobName(now = new Date()): string {
  return `ips-jobs-upload-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** Follows the job until its log (with an end date) appears. */
async function followToLog(api: IpsApi, companyHandle: string, jobHandle: string, signal: AbortSignal, intervalMs = 1000): Promise<JobLog> {
  for (;;) {
    const logs = await api.getJobLogDetails({ companyHandle, jobHandle, recordsPerPage: 1, resultsPage: 1 });
    const log = logs.find((l) => l.jobHandle === jobHandle);
    if (log && log.endDate) return log;
    if (signal.aborted) throw new CliFailure(EXIT.IPS, 'cli.upload.interrupted', { job: jobHandle });
    await new Promise<void>((r) => {
      const timer = setTimeout(r, intervalMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
    });
  }
}

export async function runUpload(a: UploadArgs, s: UploadSession, locale: AppLocale, io: UploadIo): Promise<number> {
  const files = await collectFiles(a.paths);
  const total = files.reduce((n, f) => n + f.size, 0);
  const pct = (p: UploadProgress): number => (p.total > 0 ? Math.floor((p.sent / p.total) * 100) : 100);
  let lastLine = 0;
  const onProgress = (p: UploadProgress): void => {
    const now = Date.now();
    if (now - lastLine < 1000 && p.sent < p.total) return;
    lastLine = now;
    io.err(
      t(locale, 'cli.upload.progress', {
        done: p.filesDone,
        files: p.filesTotal,
        sent: formatBytes(p.sent),
        total: formatBytes(p.total),
        percent: pct(p),
        speed: `${formatBytes(Math.round(p.bytesPerSecond))}/s`,
        eta: p.etaSeconds !== undefined ? `${p.etaSeconds} s` : '…',
      }),
    );
  };
  const result = await uploadFiles(
    {
      companyHandle: a.companyHandle,
      destFolder: a.folder,
      jobName: a.jobName ?? defaultJobName(),
      files,
      overwrite: a.overwrite,
      readyForPublish: a.publish,
      emailSetting: 'None',
      ...(s.conn.locale ? { locale: s.conn.locale } : {}),
    },
    {
      user: s.conn.user,
      password: s.conn.password,
      ...(s.conn.locale ? { locale: s.conn.locale } : {}),
      appName: s.conn.appName ?? 'IPS Jobs CLI',
      ...(s.conn.appVersion ? { appVersion: s.conn.appVersion } : {}),
      uploadUrl: uploadUrlOf(s.conn),
      serviceUrl: resolveServiceUrl(s.conn),
      signal: io.signal,
      onProgress,
    },
  );
  const base = { companyHandle: a.companyHandle, jobHandle: result.jobHandle, files: files.length, bytes: total };
  if (!a.wait) {
    io.err(t(locale, 'cli.upload.submitted', { job: result.jobHandle, files: files.length }));
    if (a.json) await io.out(`${JSON.stringify({ ...base, state: 'submitted' })}\n`);
    return EXIT.OK;
  }
  io.err(t(locale, 'cli.upload.following', { job: result.jobHandle }));
  const log = await followToLog(s.api, a.companyHandle, result.jobHandle, io.signal);
  const outcome = outcomeOf(log);
  const counts = {
    fileSuccessCount: log.fileSuccessCount ?? 0,
    fileErrorCount: log.fileErrorCount ?? 0,
    fileWarningCount: log.fileWarningCount ?? 0,
    fileDuplicateCount: log.fileDuplicateCount ?? 0,
  };
  io.err(
    t(locale, 'cli.upload.finished', {
      job: result.jobHandle,
      outcome,
      success: counts.fileSuccessCount + (log.fileUpdateCount ?? 0),
      errors: counts.fileErrorCount,
      warnings: counts.fileWarningCount,
      duplicates: counts.fileDuplicateCount,
    }),
  );
  if (a.json) await io.out(`${JSON.stringify({ ...base, state: 'finished', outcome, ...counts })}\n`);
  return outcome === 'error' ? EXIT_JOB_ERRORS : EXIT.OK;
}
