// What one company's next poll cycle reads. While something happens (a job queued, running,
// stopping, finishing or with a pending action; the first poll; after pollNow, an action or a
// change seen by a partial cycle) every cycle reads all three lists. While idle, each cycle
// sends ONE request (the first idle cycle after activity two, active list and logs, to settle
// what just happened): getActiveJobs and getJobLogs alternate (each list every 2 × idleSeconds,
// so a job that ran and finished between two polls is seen within 2 minutes at the default
// 60 s), getScheduledJobs takes an active slot every ENGINE_LIMITS.idleScheduleRefreshMs, and
// all three are read right after a known schedule's nextFireTime comes due (once per fire
// time: a server clock behind ours cannot make it loop). Idle cost at 60 s: 60 requests an hour.
import type { ActiveJob, ScheduledJob } from '../../shared/domain.ts';
import { FULL_CYCLE, type CyclePlan } from './poller.ts';
import { ENGINE_LIMITS } from './limits.ts';
import { ms, phaseOfScheduled } from './outcome.ts';
import { fresh, freshRecord } from './fresh.ts';

export interface Cadence {
  /** The lists last read (a partial cycle reuses what it did not read). */
  lastActive: ActiveJob[];
  lastScheduled: ScheduledJob[];
  lastScheduledAt?: number;
  /** Idle cycles since the last full one. */
  idleSlot: number;
  /** The next cycle reads everything. */
  forceFull: boolean;
  /** Fire times already answered with a full cycle (`handle@time`). */
  handledDue: Set<string>;
  /** Unfinished logs of unknown runs already answered with a full cycle. */
  handledRuns: Set<string>;
}

export const ACTIVE_ONLY: CyclePlan = { active: true, scheduled: false, logs: false };
export const LOGS_ONLY: CyclePlan = { active: false, scheduled: false, logs: true };
export const SCHEDULED_ONLY: CyclePlan = { active: false, scheduled: true, logs: false };
const SETTLE: CyclePlan = { active: true, scheduled: false, logs: true };

export function createCadence(): Cadence {
  return { lastActive: [], lastScheduled: [], idleSlot: 0, forceFull: true, handledDue: new Set(), handledRuns: new Set() };
}

function dueKey(s: ScheduledJob): string | undefined {
  if (!s.nextFireTime || phaseOfScheduled(s) !== 'scheduled') return undefined;
  return fresh(`${s.jobHandle}@${s.nextFireTime}`); // kept: must not point into the response
}

/** The plan of the next cycle (and the bookkeeping it implies). */
export function planCycle(c: Cadence, input: { now: number; busy: boolean; baselineDone: boolean }): CyclePlan {
  let full = c.forceFull || input.busy || !input.baselineDone;
  for (const s of c.lastScheduled) {
    const k = dueKey(s);
    const at = ms(s.nextFireTime);
    if (k === undefined || at === undefined || at > input.now || c.handledDue.has(k)) continue;
    c.handledDue.add(k);
    full = true;
  }
  if (full) {
    c.forceFull = false;
    c.idleSlot = 0;
    return FULL_CYCLE;
  }
  const slot = c.idleSlot++;
  if (slot === 0) return SETTLE; // the first idle look after activity confirms both lists
  if (slot % 2 === 1) return LOGS_ONLY;
  if (c.lastScheduledAt === undefined || input.now - c.lastScheduledAt >= ENGINE_LIMITS.idleScheduleRefreshMs) return SCHEDULED_ONLY;
  return ACTIVE_ONLY;
}

/**
 * Remember what a cycle read, as copies (kept strings must not pin the response). The active
 * list is only reused while idle, when it holds nothing busy: pass `busy` to keep none.
 */
export function recordLists(c: Cadence, now: number, lists: { active?: ActiveJob[]; scheduled?: ScheduledJob[] }, busy: boolean): void {
  if (lists.active) c.lastActive = busy ? [] : freshRecord(lists.active);
  if (lists.scheduled) {
    c.lastScheduled = freshRecord(lists.scheduled);
    c.lastScheduledAt = now;
    // Forget fire times no schedule shows any more (bounded by the schedules).
    const live = new Set(lists.scheduled.map(dueKey).filter((k): k is string => k !== undefined));
    for (const k of c.handledDue) if (!live.has(k)) c.handledDue.delete(k);
  }
}

/** Milliseconds until the next unanswered fire time plus a grace (≥ 1 s), if any. */
export function nextDueIn(c: Cadence, now: number): number | undefined {
  let best: number | undefined;
  for (const s of c.lastScheduled) {
    const k = dueKey(s);
    const at = ms(s.nextFireTime);
    if (k === undefined || at === undefined || c.handledDue.has(k)) continue;
    const wait = Math.max(1000, at + ENGINE_LIMITS.scheduleGraceMs - now);
    if (best === undefined || wait < best) best = wait;
  }
  return best;
}
