// The records IPS answers with, in IPS field order: active jobs (with progress messages and
// video task progress), scheduled jobs, job logs and their detail rows, companies.
import { assetOf, logTypeOf, type DetailRow } from './logs.ts';
import { fileDoneEff, realTimeOf } from './timeline.ts';
import type { Run, RunSnapshot, Sched, SimCompany } from './types.ts';
import type { World } from './world.ts';
import { esc, formatDate, items, type XRecord } from './xml.ts';

/** A date in the server's fixed offset (IPS form), or undefined. */
export function dateOf(world: World, ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : formatDate(ms, world.offsetMinutes);
}

function progressMessage(run: Run, snap: RunSnapshot): string {
  const files = run.plan.files;
  if (snap.paused) return 'Paused';
  switch (snap.state) {
    case 'New':
      return 'Queued';
    case 'WaitingClient':
      return `Waiting for more files (${run.upload?.fileNames.length ?? 0} received)`;
    case 'WaitingCoordinator':
      return 'Waiting for coordinator';
    case 'Stopping':
      return `Stopping after ${snap.processed} of ${files}`;
    case 'Done':
      return snap.fatal
        ? `Failed after ${snap.processed} of ${files}`
        : snap.stopped
          ? `Stopped after ${snap.processed} of ${files}`
          : `Done: ${files} of ${files}`;
    default:
      return `${run.kind.verb} ${snap.processed} of ${files}`;
  }
}

function taskProgress(world: World, run: Run, snap: RunSnapshot): XRecord[] {
  if (!run.plan.video) return [];
  const files = run.plan.files;
  const running = snap.state === 'Running' && !snap.paused;
  const processing = running && snap.processed < files ? 1 : 0;
  const exact = snap.state === 'Done' && !snap.stopped && !snap.fatal ? files : Math.min(files, (snap.progress / 100) * files);
  const partial = Math.max(0, Math.min(1, exact - snap.processed));
  const taskState = snap.fatal
    ? 'Failed'
    : snap.state === 'Stopping'
      ? 'Stopping'
      : snap.state === 'Done'
        ? 'Done'
        : snap.state === 'Running'
          ? 'Processing'
          : 'New';
  const itemsOut: XRecord[] = [];
  const first = Math.max(0, snap.processed - 4);
  for (let i = first; i < Math.min(files, snap.processed + (snap.finished ? 0 : 1)); i++) {
    const a = assetOf(world, run, i);
    const done = i < snap.processed;
    const frac = done ? 1 : partial;
    itemsOut.push({
      itemName: a ? `${a.name}${a.ext ? `.${a.ext}` : ''}` : `video-${i + 1}.mp4`,
      progress: Math.round(frac * 1000) / 1000,
      progressMessage: done ? 'Encoded' : snap.paused ? 'Paused' : `Encoding ${Math.round(frac * 100)}%`,
      lastProgressUpdate: dateOf(world, done ? realTimeOf(run, fileDoneEff(run.plan, i)) : snap.lastProgressUpdate),
    });
  }
  return [
    {
      taskType: 'Video Encoding',
      taskState,
      numProcessed: snap.processed,
      numProcessing: processing,
      numPending: Math.max(0, files - snap.processed - processing),
      progress: Math.round(((snap.processed + (snap.finished ? 0 : partial)) / files) * 1000) / 1000,
      progressMessage: `Transcoding ${Math.min(files, snap.processed + processing)} of ${files} videos`,
      lastProgressUpdate: dateOf(world, snap.lastProgressUpdate),
      taskItemProgressArray: items(itemsOut),
    },
  ];
}

export function activeJobRecord(world: World, run: Run, snap: RunSnapshot): XRecord {
  const rec: XRecord = {
    companyHandle: run.companyHandle,
    jobHandle: run.handle,
    name: run.name,
    originalName: run.originalName,
    type: run.type,
    state: snap.state,
    submitUserEmail: run.submitUserEmail,
    locale: run.locale,
    description: run.description,
    serverName: run.serverName,
    startDate: dateOf(world, run.t0),
    triggerTime: dateOf(world, run.t0),
    totalSize: run.plan.files * (400_000 + (run.seed % 3_000_000)),
    progress: snap.progress,
    progressMessage: progressMessage(run, snap),
    lastProgressUpdate: dateOf(world, snap.lastProgressUpdate),
    taskProgressArray: items(taskProgress(world, run, snap)),
  };
  if (run.kind.element && run.detail) rec[run.kind.element] = run.detail;
  return rec;
}

export function scheduledJobRecord(world: World, s: Sched): XRecord {
  const rec: XRecord = {
    companyHandle: s.companyHandle,
    jobHandle: s.handle,
    name: s.name,
    originalName: s.originalName,
    type: s.type,
    submitUserEmail: s.submitUserEmail,
    locale: s.locale,
    description: s.description,
    execSchedule: s.execSchedule,
    nextFireTime: dateOf(world, s.nextFireTime),
    timeZone: world.timeZone,
    triggerState: s.triggerState,
  };
  if (s.kind.element && s.detail) rec[s.kind.element] = s.detail;
  return rec;
}

export function jobLogRecord(world: World, run: Run, snap: RunSnapshot): XRecord {
  const c = snap.counts;
  return {
    companyHandle: run.companyHandle,
    jobHandle: run.handle,
    jobName: run.name,
    originalJobName: run.originalName,
    submitUserEmail: run.submitUserEmail,
    logType: logTypeOf(run, snap),
    jobSubType: run.jobSubType,
    startDate: dateOf(world, run.t0),
    endDate: snap.finished ? dateOf(world, snap.endDate) : undefined,
    description: run.description ?? '',
    fileSuccessCount: c.fileSuccessCount,
    fileErrorCount: c.fileErrorCount,
    fileWarningCount: c.fileWarningCount,
    fileDuplicateCount: c.fileDuplicateCount,
    fileUpdateCount: c.fileUpdateCount,
    totalFileCount: c.totalFileCount,
    transferSuccessCount: c.transferSuccessCount,
    transferErrorCount: c.transferErrorCount,
    transferWarningCount: c.transferWarningCount,
    fatalError: snap.fatal,
  };
}

export function detailRecord(world: World, r: DetailRow): XRecord {
  return {
    logMessage: r.logMessage,
    logType: r.logType,
    dateCreated: dateOf(world, r.dateCreated),
    assetName: r.assetName,
    assetType: r.assetType,
    assetHandle: r.assetHandle,
    auxArray: r.auxArray
      ? items(r.auxArray.map((x) => ({ logMessage: x.logMessage, logType: x.logType, dateCreated: dateOf(world, x.dateCreated) })))
      : undefined,
  };
}

export function companyRecord(world: World, c: SimCompany): XRecord {
  return { companyHandle: c.handle, name: c.name, rootPath: c.rootPath, expires: dateOf(world, c.expires) };
}

/** One record as XML, appended to `out` (getJobLogs writes 50 000 rows this way). */
export function writeRecord(name: string, rec: XRecord, out: string[]): void {
  out.push(`<${name}>`);
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number') out.push(`<${k}>${v}</${k}>`);
    else if (typeof v === 'boolean') out.push(`<${k}>${v ? 'true' : 'false'}</${k}>`);
    else if (typeof v === 'string') out.push(v === '' ? `<${k}></${k}>` : `<${k}>${esc(v)}</${k}>`);
    else if (!Array.isArray(v)) writeRecord(k, v, out);
  }
  out.push(`</${name}>`);
}
