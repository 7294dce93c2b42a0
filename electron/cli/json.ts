// JSON output: the IPS records with their IPS field names, in the order the IPS types
// list them (types.md), dates as ISO-8601 strings, numbers as numbers, arrays as arrays,
// absent fields left out (never null). Job logs add one derived `counts` object (shared/counts.ts).
import { JOB_DETAIL_ELEMENTS, JOB_LOG_FIELDS, type ActiveJob, type JobLog, type ScheduledJob } from '../../shared/domain.ts';
import { jobCounts } from '../../shared/counts.ts';
import { upcomingRuns } from '../../shared/schedule-text.ts';

const ACTIVE_ORDER = [
  'companyHandle',
  'jobHandle',
  'name',
  'originalName',
  'type',
  'state',
  'submitUserEmail',
  'locale',
  'description',
  'serverName',
  'startDate',
  'triggerTime',
  'totalSize',
  'progress',
  'progressMessage',
  'lastProgressUpdate',
  'taskProgressArray',
  ...JOB_DETAIL_ELEMENTS,
];
const TASK_ORDER = [
  'taskType',
  'taskState',
  'numProcessed',
  'numProcessing',
  'numPending',
  'progress',
  'progressMessage',
  'lastProgressUpdate',
  'taskItemProgressArray',
];
const TASK_ITEM_ORDER = ['itemName', 'progress', 'progressMessage', 'lastProgressUpdate'];
const SCHEDULED_ORDER = [
  'companyHandle',
  'jobHandle',
  'name',
  'originalName',
  'type',
  'submitUserEmail',
  'locale',
  'description',
  'execSchedule',
  'nextFireTime',
  'timeZone',
  'triggerState',
  ...JOB_DETAIL_ELEMENTS,
];
const LOG_ORDER = JOB_LOG_FIELDS;
const DETAIL_ORDER = ['logMessage', 'logType', 'dateCreated', 'assetName', 'assetType', 'assetHandle', 'auxArray'];
const AUX_ORDER = ['logMessage', 'logType', 'dateCreated'];

/** A JSON-safe copy: Dates → ISO strings, undefined/null/NaN dropped, nested records kept. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(plain).filter((v) => v !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = plain(v);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return value;
}

/** `rec` with `order`'s keys first (in that order), then any others; `nested` reorders arrays of records. */
function ordered(rec: object, order: readonly string[], nested: Record<string, (r: object) => Record<string, unknown>> = {}): Record<string, unknown> {
  const src = plain(rec) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = [...order.filter((k) => k in src), ...Object.keys(src).filter((k) => !order.includes(k))];
  for (const k of keys) {
    const v = src[k];
    const fix = nested[k];
    out[k] = fix && Array.isArray(v) ? v.map((x) => fix(x as object)) : v;
  }
  return out;
}

const taskItemJson = (r: object) => ordered(r, TASK_ITEM_ORDER);
const taskJson = (r: object) => ordered(r, TASK_ORDER, { taskItemProgressArray: taskItemJson });
const auxJson = (r: object) => ordered(r, AUX_ORDER);
/** One detail line of a job log (log-stream.ts prints them one at a time). */
export const detailJson = (r: object) => ordered(r, DETAIL_ORDER, { auxArray: auxJson });

export function activeJobJson(job: ActiveJob): Record<string, unknown> {
  const out = ordered(job, ACTIVE_ORDER, { taskProgressArray: taskJson });
  if (!Array.isArray(out.taskProgressArray)) out.taskProgressArray = [];
  return out;
}

/** A scheduled job's IPS fields, then `upcomingRuns`: the next five runs (shared/schedule-text.ts), none while paused. */
export function scheduledJobJson(job: ScheduledJob): Record<string, unknown> {
  const runs = upcomingRuns(job, 5);
  return { ...ordered(job, SCHEDULED_ORDER), upcomingRuns: runs.map((at) => new Date(at).toISOString()) };
}

/**
 * A job log's IPS fields, then `counts`: the numbers the window, tray and notifications show
 * (shared/counts.ts), so a script reads the same totals as a person. `transfers` stays apart.
 */
export function jobLogJson(log: JobLog): Record<string, unknown> {
  const { detailArray, ...rest } = ordered(log, LOG_ORDER, { detailArray: detailJson });
  const { transfers: _t, ...counts } = jobCounts(log);
  // Before detailArray, so `ips-jobs log --json` can print it ahead of the streamed rows.
  return detailArray === undefined ? { ...rest, counts } : { ...rest, counts, detailArray };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
