// The window's exports: History's visible rows and a job log's rows as CSV (the columns of
// shared/export-csv.ts, the format of shared/csv.ts, the same as `ips-jobs logs|log --csv`),
// saved where the user chooses through the desktop app's save dialog (the `saveFile`
// command: written atomically), or downloaded by the browser in the web preview.
import type { Job, JobLogDetail } from '../../../shared/domain.ts';
import { jobCounts } from '../../../shared/counts.ts';
import { toCsv, toTsv } from '../../../shared/csv.ts';
import { exportFileName, historyCells, historyHeader, logCells, logHeader, type LogRowJob } from '../../../shared/export-csv.ts';
import { app } from './app.svelte.ts';
import { isPreview } from './bridge.ts';
import { errText, t } from './i18n.ts';
import type { HistoryRow } from './jobs.ts';

/** History's rows, as filtered and sorted (all of them, not only those on screen). */
export function historyCsv(rows: readonly HistoryRow[]): string {
  const loc = app.locale;
  return toCsv(
    historyHeader(loc),
    rows.map((r) => {
      const j = r.job;
      return historyCells(loc, {
        outcome: r.outcome,
        type: r.type,
        name: r.name,
        companyName: app.companyName(r.company),
        companyHandle: r.company,
        jobHandle: j.jobHandle,
        ...(j.startDate ? { start: j.startDate } : {}),
        ...(j.endDate ? { end: j.endDate } : {}),
        // The counts History shows (./jobs.ts historyRow): shared/counts.ts of the job's log.
        counts: jobCounts(j.log),
        submitter: r.submitter,
      });
    }),
  );
}

/** Which job (or schedule run) a log's rows belong to. */
export function logOwner(job: Job, run?: { jobName?: string; jobHandle?: string }): LogRowJob {
  return { jobName: run?.jobName ?? job.name, jobHandle: run?.jobHandle ?? job.jobHandle };
}

export function logCsv(details: readonly JobLogDetail[], owner: LogRowJob): string {
  const loc = app.locale;
  return toCsv(
    logHeader(loc),
    details.map((d) => logCells(loc, d, owner)),
  );
}

/** Rows as tab-separated text for the clipboard, in the same columns. */
export function logTsv(details: readonly JobLogDetail[], owner: LogRowJob): string {
  const loc = app.locale;
  return toTsv(
    logHeader(loc),
    details.map((d) => logCells(loc, d, owner)),
  );
}

export function fileName(what: 'history' | 'log' | 'errors', name?: string): string {
  return exportFileName(what, Date.now(), name);
}

/** The browser's download of `text` (the web preview). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Save `text` as `name` and say how it went; `rows` is what the message counts. */
export async function saveCsv(name: string, text: string, rows: number): Promise<void> {
  if (isPreview()) {
    download(name, text);
    app.notify('info', t('ui.export.downloaded', { file: name, count: rows }));
    return;
  }
  try {
    const res = await app.invoke('saveFile', { fileName: name, text });
    if (!res.ok) app.notify('error', t('ui.export.failed', { message: errText(res.error) }));
    else if (res.value.saved) app.notify('info', t('ui.export.saved', { count: rows, path: res.value.path }));
  } catch (e) {
    app.notify('error', t('ui.export.failed', { message: e instanceof Error ? e.message : String(e) }));
  }
}
