// `ips-jobs export ASSET_HANDLE... --company H [--format orig|convert] [--modifier IS_MODIFIERS]
// [--macro NAME] [--email-setting …] [--to DIR] [--no-wait] [--json]`: submitJob with an
// ExportJob (assetHandleArray, fmt, is_modifier?, macro?, emailSetting: schema order), followed
// to its log. IPS e-mails the download link to the submitting user (default JobCompletion so
// it arrives); when the log itself names a URL (the simulator's does), the ZIP is downloaded
// into --to (default: the current folder) with progress and Range resume. Exit 6 when the job
// finished with errors.
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { outcomeOf } from '../core/outcome.ts';
import { downloadToFolder, type DownloadProgress } from '../ips/download.ts';
import { downloadUrlOf, exportJobDetail, submitterOf, uniqueJobName, type ExportFormat } from '../ips/submit.ts';
import { formatBytes, type EmailSetting } from '../ips/upload.ts';
import { EXIT } from './errors.ts';
import { EXIT_JOB_ERRORS, type UploadIo, type UploadSession } from './upload.ts';
import { afterSubmit } from './upload-urls.ts';

export interface ExportArgs {
  assetHandles: string[];
  companyHandle: string;
  format: ExportFormat;
  modifier?: string;
  macro?: string;
  emailSetting: EmailSetting;
  /** Download folder (default: the current folder). */
  to?: string;
  wait: boolean;
  json: boolean;
}

/** Progress lines on stderr, at most one a second (plus the last), as `ips-jobs download` prints them. */
export function downloadProgressLines(locale: AppLocale, err: (line: string) => void): (p: DownloadProgress) => void {
  let last = 0;
  let announced = false;
  return (p) => {
    if (p.resumedFrom > 0 && !announced) {
      announced = true;
      err(t(locale, 'cli.download.resuming', { from: formatBytes(p.resumedFrom) }));
    }
    const now = Date.now();
    if (now - last < 1000 && p.received !== p.total) return;
    last = now;
    err(
      t(locale, 'cli.download.progress', {
        received: formatBytes(p.received),
        total: p.total !== undefined ? formatBytes(p.total) : '?',
        percent: p.total ? Math.floor((p.received / p.total) * 100) : 0,
        speed: `${formatBytes(Math.round(p.bytesPerSecond))}/s`,
      }),
    );
  };
}

export async function runExport(a: ExportArgs, s: UploadSession, locale: AppLocale, io: UploadIo): Promise<number> {
  const jobName = uniqueJobName('ips-jobs-export');
  const jobHandle = await submitterOf(s.api)({
    companyHandle: a.companyHandle,
    jobName,
    ...(s.conn.locale ? { locale: s.conn.locale } : {}),
    exportJob: exportJobDetail({
      assetHandles: a.assetHandles,
      fmt: a.format,
      ...(a.modifier ? { modifier: a.modifier } : {}),
      ...(a.macro ? { macro: a.macro } : {}),
      emailSetting: a.emailSetting,
    }),
  });
  const base = { companyHandle: a.companyHandle, jobHandle };
  io.err(t(locale, 'cli.export.submitted', { job: jobHandle, assets: a.assetHandles.length }));
  const log = await afterSubmit(s, a, jobHandle, jobName, base, io, locale);
  if (!log) return EXIT.OK;
  const outcome = outcomeOf(log);
  io.err(
    t(locale, 'cli.export.finished', {
      job: log.jobHandle || jobHandle,
      outcome,
      success: (log.fileSuccessCount ?? 0) + (log.fileUpdateCount ?? 0) + (log.fileWarningCount ?? 0),
      errors: log.fileErrorCount ?? 0,
    }),
  );
  const url = downloadUrlOf(log);
  let download: { path: string; bytes: number; sha256: string } | undefined;
  if (url) {
    const r = await downloadToFolder(url, a.to ?? process.cwd(), { signal: io.signal, onProgress: downloadProgressLines(locale, io.err) });
    download = { path: r.path, bytes: r.bytes, sha256: r.sha256 };
    io.err(t(locale, 'cli.download.done', { path: r.path, size: formatBytes(r.bytes) }));
  } else if (a.emailSetting === 'None' || a.emailSetting === 'Error') {
    io.err(t(locale, 'cli.export.noLinkNoMail', { setting: a.emailSetting }));
  } else {
    io.err(t(locale, 'cli.export.linkByEmail', { user: s.conn.user }));
  }
  const run = log.jobHandle && log.jobHandle !== jobHandle ? { runHandle: log.jobHandle } : {};
  if (a.json) await io.out(`${JSON.stringify({ ...base, state: 'finished', outcome, ...(download ? { download } : {}), ...run })}\n`);
  else if (download) await io.out(`${download.path}\n`);
  return outcome === 'error' ? EXIT_JOB_ERRORS : EXIT.OK;
}
