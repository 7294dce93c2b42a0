// Strings the board keeps must not point into the response they were parsed from: V8 makes a
// substring (a "sliced string") point at its parent, so one kept jobHandle pins the whole
// multi-megabyte SOAP body. `freshRecord` copies what enters the board at one choke point
// (board.ts, where a changed job is stored), and shares repeated short values (company, type,
// state, user, log type…) through a bounded intern table.
import { freshText } from '../../shared/fresh-text.ts';

const INTERN_MAX_LEN = 64;
const INTERN_MAX_ENTRIES = 20_000;
let interned = new Map<string, string>();

/** A flat copy of `s` that shares no memory with the string it came from (shared/fresh-text.ts). */
export const fresh = freshText;

/** `fresh`, sharing one copy of each short value seen (bounded; the table restarts when full). */
export function shared(s: string): string {
  if (s.length > INTERN_MAX_LEN) return fresh(s);
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_MAX_ENTRIES) interned = new Map();
  const copy = fresh(s);
  interned.set(copy, copy);
  return copy;
}

/** Field names whose values repeat across jobs (shared) rather than being unique (copied). */
const REPEATED = new Set([
  'companyHandle',
  'type',
  'state',
  'phase',
  'outcome',
  'logType',
  'submitUserEmail',
  'destination',
  'timeZone',
  'triggerState',
  'serverName',
  'taskType',
  'pendingAction',
  'progressMessage',
  // Names: a recurring job's runs all carry its name (100,000 finished runs of a few hundred
  // schedules held 3 MiB of equal copies).
  'name',
  'originalName',
  'jobName',
  'originalJobName',
  // The board's own times: every job stored in one poll has the same ones.
  'firstSeen',
  'updatedAt',
  'finishingSince',
]);

/**
 * A deep copy of a plain record in which no string points into a parsed response; a string
 * that occurs twice in the record (a job's handle, name and dates in its log too) is copied once.
 */
export function freshRecord<T>(v: T): T {
  return copy(v, undefined, new Map());
}

function copy<T>(v: T, key: string | undefined, seen: Map<string, string>): T {
  if (typeof v === 'string') {
    if (key !== undefined && REPEATED.has(key)) return shared(v) as T;
    let c = seen.get(v);
    if (c === undefined) seen.set(v, (c = fresh(v)));
    return c as T;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, key, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[shared(k)] = copy(x, k, seen);
  }
  return out as T;
}
