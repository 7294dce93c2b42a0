// What the window and the tray see of the transfer queue: a compact, JSON-cheap projection
// of the records (per transfer and per file: name, bytes, total, speed, ETA, state, error,
// the IPS job), and the tray's transfer line and overall progress. Pure functions.
import type { Job, TrayState } from '../../shared/domain.ts';
import { jobKey } from '../../shared/domain.ts';
import { FILE_ROWS_MAX, type TransferFileView, type TransferJobView, type TransferView, type TransfersState } from '../../shared/ipc-transfers.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { UploadProgress } from '../ips/upload.ts';
import type { Transfer } from './transfers/types.ts';

/** The live figures of a running transfer (not persisted). */
export interface LiveProgress {
  speed?: number;
  eta?: number;
  file?: { index: number; sent: number; speed: number; eta?: number };
}

export function liveFromUpload(p: UploadProgress): LiveProgress {
  const live: LiveProgress = { speed: p.bytesPerSecond };
  if (p.etaSeconds !== undefined) live.eta = p.etaSeconds;
  if (p.file) {
    live.file = { index: p.file.index, sent: p.file.sent, speed: p.file.bytesPerSecond };
    if (p.file.etaSeconds !== undefined) live.file.eta = p.file.etaSeconds;
  }
  return live;
}

/** The board's view of an upload's job, kept after the board forgets it (persisted beside the queue). */
export function jobViewOf(job: Job): TransferJobView {
  const v: TransferJobView = { jobKey: job.key, phase: job.phase };
  if (job.outcome) v.outcome = job.outcome;
  const log = job.log;
  if (log) {
    v.success = (log.fileSuccessCount ?? 0) + (log.fileUpdateCount ?? 0);
    v.errors = log.fileErrorCount ?? 0;
    v.warnings = log.fileWarningCount ?? 0;
    v.duplicates = log.fileDuplicateCount ?? 0;
  }
  return v;
}

const ACTIVE = new Set(['waiting', 'running', 'retrying']);

/** Beside the record: its job's key on the board (with its account when several), other transfers' names. */
export interface ViewContext {
  jobKey?: string;
  nameOf?: (id: string) => string | undefined;
}

export function transferView(t: Transfer, live: LiveProgress | undefined, job: TransferJobView | undefined, ctx: ViewContext = {}): TransferView {
  const running = t.state === 'running';
  if (t.kind === 'download') {
    const v: TransferView = {
      id: t.id,
      kind: 'download',
      state: t.state,
      name: t.result ? (t.result.path.split(/[\\/]/).pop() ?? t.url) : (t.fileName ?? decodeURIComponent(new URL(t.url).pathname.split('/').pop() || t.url)),
      bytes: t.received,
      total: t.total ?? 0,
      files: [],
      filesDone: t.state === 'done' ? 1 : 0,
      filesTotal: 1,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    };
    if (t.result) v.path = t.result.path;
    if (t.error) v.error = t.error;
    if (running && live?.speed !== undefined) v.speed = live.speed;
    if (running && live?.eta !== undefined) v.eta = live.eta;
    if (t.nextAttemptAt !== undefined) v.nextAttemptAt = t.nextAttemptAt;
    return v;
  }
  const done = new Set(t.doneFiles);
  const files: TransferFileView[] = [];
  const cur = running ? live?.file : undefined;
  t.spec.files.forEach((f, i) => {
    if (files.length >= FILE_ROWS_MAX) return;
    if (done.has(i)) files.push({ name: f.target, bytes: f.size, total: f.size, state: 'done' });
    else if (cur && cur.index === i) {
      const row: TransferFileView = { name: f.target, bytes: Math.min(cur.sent, f.size), total: f.size, state: 'running', speed: cur.speed };
      if (cur.eta !== undefined) row.eta = cur.eta;
      files.push(row);
    } else files.push({ name: f.target, bytes: 0, total: f.size, state: 'waiting' });
  });
  const v: TransferView = {
    id: t.id,
    kind: 'upload',
    state: t.state,
    name: t.spec.jobName,
    companyHandle: t.spec.companyHandle,
    destFolder: t.spec.destFolder,
    // Not running, a partly sent file counts for nothing: it is sent again whole (no byte resume).
    bytes: t.state === 'done' ? t.total : running ? t.sent : t.spec.files.reduce((n, f, i) => n + (done.has(i) ? f.size : 0), 0),
    total: t.total,
    files,
    filesDone: t.doneFiles.length,
    filesTotal: t.spec.files.length,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
  if (t.spec.files.length > files.length) v.moreFiles = t.spec.files.length - files.length;
  if (t.error) v.error = t.error;
  if (t.jobHandle) v.jobHandle = t.jobHandle;
  if (job) v.job = job;
  else if (t.jobHandle) v.job = { jobKey: ctx.jobKey ?? jobKey(t.spec.companyHandle, t.jobHandle) };
  if (t.accountId) v.account = t.accountId;
  if (t.resent) {
    const name = ctx.nameOf?.(t.resent.id);
    v.resent = { ...structuredClone(t.resent), ...(name ? { name } : {}) };
  } else if (t.state === 'done' && job?.phase === 'finished' && (job.errors ?? 0) > 0) v.failedFiles = job.errors!;
  if (t.resendOf) {
    const name = ctx.nameOf?.(t.resendOf);
    v.resendOf = { id: t.resendOf, ...(name ? { name } : {}) };
  }
  if (running && live?.speed !== undefined) v.speed = live.speed;
  if (running && live?.eta !== undefined) v.eta = live.eta;
  if (t.nextAttemptAt !== undefined) v.nextAttemptAt = t.nextAttemptAt;
  return v;
}

/** Newest first. */
export function transfersState(views: TransferView[]): TransfersState {
  const sorted = [...views].sort((a, b) => b.createdAt - a.createdAt);
  let active = 0;
  let sent = 0;
  let total = 0;
  for (const v of sorted) {
    if (!ACTIVE.has(v.state)) continue;
    active++;
    sent += v.bytes;
    total += v.total;
  }
  return { transfers: sorted, active, sent, total };
}

/**
 * The tray with the transfers in it: a tooltip line ("Uploading 2 transfers: 40 %"), the
 * running icon while bytes move (unless something more urgent shows), and the overall
 * progress (taskbar / dock): the transfers' bytes when no job reports progress, else the
 * mean of both.
 */
export function trayWithTransfers(tray: TrayState, s: Pick<TransfersState, 'active' | 'sent' | 'total'>, locale: AppLocale): TrayState {
  if (s.active === 0) return tray;
  const tr = translator(locale);
  const fraction = s.total > 0 ? Math.max(0, Math.min(1, s.sent / s.total)) : 0;
  const line = tr('tray.tooltip.transfers', { count: s.active, progress: fraction });
  const lines = tray.tooltip.split('\n');
  const idle = tr('tray.tooltip.idle');
  const kept = lines.filter((l, i) => !(i > 0 && l === idle));
  kept.splice(1, 0, line);
  let tooltip = kept.join('\n');
  if (tooltip.length > 127) tooltip = `${tooltip.slice(0, 126)}…`;
  // Transfers are running work: over idle, a warning or failures already looked at (as jobs are).
  const icon = tray.icon === 'idle' || tray.icon === 'warning' || tray.icon === 'error-seen' ? 'running' : tray.icon;
  const progress = tray.progress === null ? fraction : (tray.progress + fraction) / 2;
  return { ...tray, icon, tooltip, progress };
}
