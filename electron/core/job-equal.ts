// Field-by-field equality of two jobs at the three levels the board's classify needs, without
// copies or JSON: `all` ignores updatedAt; `progress` also ignores what moves while a job works
// (progress, the log's counts, the ActiveJob's progress fields); `queue` also ignores the
// ActiveJob state (New, WaitingCoordinator…: all mean "queued"). Same answers as comparing
// JSON.stringify of stripped copies, except that key order does not matter.
import type { Job } from '../../shared/domain.ts';

export type EqualLevel = 'all' | 'progress' | 'queue';

const TOP_ALL = new Set(['updatedAt']);
const TOP_PROGRESS = new Set(['updatedAt', 'progress', 'log', 'active']);
const ACTIVE_PROGRESS = new Set(['progress', 'progressMessage', 'lastProgressUpdate', 'taskProgressArray', 'totalSize']);
const ACTIVE_QUEUE = new Set([...ACTIVE_PROGRESS, 'state']);
const NONE = new Set<string>();

/** Values equal as JSON would see them (undefined members absent, NaN/Infinity as null). */
export function sameValue(a: unknown, b: unknown, skip: ReadonlySet<string> = NONE): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
  if (typeof a === 'number' && !Number.isFinite(a)) return b === null;
  if (typeof b === 'number' && !Number.isFinite(b)) return a === null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) {
      // JSON writes undefined array members as null.
      const x = a[i] === undefined ? null : a[i];
      const y = bb[i] === undefined ? null : bb[i];
      if (!sameValue(x, y)) return false;
    }
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (skip.has(k) || ao[k] === undefined || typeof ao[k] === 'function') continue;
    na++;
    if (!(k in bo) || !sameValue(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (!skip.has(k) && bo[k] !== undefined && typeof bo[k] !== 'function') nb++;
  return na === nb;
}

export function sameJob(a: Job, b: Job, level: EqualLevel): boolean {
  if (level === 'all') return sameValue(a, b, TOP_ALL);
  if (!sameValue(a, b, TOP_PROGRESS)) return false;
  if (!a.active !== !b.active) return false;
  if (!a.active || !b.active) return true;
  return sameValue(a.active, b.active, level === 'queue' ? ACTIVE_QUEUE : ACTIVE_PROGRESS);
}
