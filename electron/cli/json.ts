// JSON output: the IPS records with their IPS field names, in the order the IPS types
// list them (types.md, kept in the schema tables of electron/ips/schema-types.ts), dates as
// ISO-8601 strings, numbers as numbers, arrays as arrays, absent fields left out (never null).
// Job logs add one derived `counts` object (shared/counts.ts).
import type { ActiveJob, JobLog, ScheduledJob } from '../../shared/domain.ts';
import { types } from '../ips/schema-types.ts';
import { jobCounts } from '../../shared/counts.ts';
import { upcomingRuns } from '../../shared/schedule-text.ts';

/** A complex type's field names in the schema's order. */
const order = (type: string): string[] => types[type]!.map(([name]) => name);
const ACTIVE_ORDER = order('ActiveJob');
const TASK_ORDER = order('TaskProgress');
const TASK_ITEM_ORDER = order('TaskItemProgress');
const SCHEDULED_ORDER = order('ScheduledJob');
const LOG_ORDER = order('JobLog');
const DETAIL_ORDER = order('JobLogDetail');
const AUX_ORDER = order('JobLogDetailAux');

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
