// The history backfill: after a company's first poll took only the newest rows, the rest of
// the history window is read behind it in pages (ENGINE_LIMITS.backfillRows, newest first,
// each before the oldest start seen), ENGINE_LIMITS.backfillPauseMs apart. Pages are history:
// the engine merges them without notifications. A failed page waits for the next successful
// poll to resume, so an outage adds no requests of its own. The backfill stops at the window's
// start, or once the board holds ENGINE_LIMITS.maxHistoryJobs and a page adds none of its jobs.
import { jobKey, type JobLog } from '../../shared/domain.ts';
import type { JobLogsQuery } from '../ips/api.ts';
import type { Clock } from '../clock.ts';
import type { CompanyStatus } from './connection.ts';
import { ENGINE_LIMITS } from './limits.ts';
import { applySnapshot, pruneFinished, type Board, type BoardDiff } from './board.ts';
import { ms } from './outcome.ts';

export interface BackfillDeps {
  clock: Clock;
  stopped(): boolean;
  status(co: string): CompanyStatus | undefined;
  /** Start of the history window (machine ms). */
  windowStart(): number;
  /** getJobLogs under the company's log lock. */
  getLogs(co: string, q: JobLogsQuery): Promise<JobLog[]>;
  /**
   * Merge one page into the board (quietly). True when the board holds all the history it may
   * (ENGINE_LIMITS.maxHistoryJobs) and kept none of the page: older pages would be dropped too.
   */
  apply(co: string, logs: JobLog[]): boolean | void;
  /** A company's backfill ended after merging `rows` rows (./memory.ts gives memory back after a big one). */
  ended?(co: string, rows: number): void;
}

export interface Backfill {
  /** Fetch the next page of `co` in `delayMs` (no-op when one is already scheduled). */
  schedule(co: string, delayMs: number): void;
  /** Cancel every scheduled page. */
  stop(): void;
}

const iso = (t: number) => new Date(t).toISOString();

/** One page merged into the board as history (finished runs, no active or scheduled lists), then pruned to the window. */
export function mergeHistoryPage(board: Board, co: string, logs: JobLog[], now: number, historyDays: number): BoardDiff {
  const diff = applySnapshot(
    board,
    { companyHandle: co, active: [], scheduled: [], logs },
    { now, finishWaitMs: ENGINE_LIMITS.finishWaitMs, pendingTimeoutMs: ENGINE_LIMITS.pendingTimeoutMs, logsOnly: true },
  );
  const pruned = pruneFinished(board, now, historyDays, ENGINE_LIMITS.maxHistoryJobs);
  diff.events.push(...pruned.events);
  diff.remove.push(...pruned.remove);
  return diff;
}

/**
 * True when `board` holds all the history it may and none of `logs` (a merged page) stayed on
 * it: the page was older than everything kept.
 */
export function historyFullWithout(board: Board, co: string, logs: readonly JobLog[]): boolean {
  if (board.finishedAt.size < ENGINE_LIMITS.maxHistoryJobs) return false;
  for (const l of logs) if (l.jobHandle && board.jobs.has(jobKey(co, l.jobHandle))) return false;
  return true;
}

export function createBackfill(d: BackfillDeps): Backfill {
  const timers = new Map<string, unknown>();
  const rows = new Map<string, number>();

  function schedule(co: string, delayMs: number): void {
    if (d.stopped() || timers.has(co)) return;
    timers.set(
      co,
      d.clock.setTimeout(() => {
        timers.delete(co);
        void page(co);
      }, delayMs),
    );
  }

  async function page(co: string): Promise<void> {
    const st = d.status(co);
    if (d.stopped() || !st || st.backfillBefore === undefined || st.backfillRunning) return;
    const windowStart = d.windowStart();
    if (st.backfillBefore <= windowStart) {
      delete st.backfillBefore;
      return;
    }
    st.backfillRunning = true;
    try {
      const logs = await d.getLogs(co, {
        companyHandle: co,
        sortBy: 'StartDate',
        sortDirection: 'Descending',
        startDate: iso(windowStart),
        endDate: iso(st.backfillBefore - 1),
        numRows: ENGINE_LIMITS.backfillRows,
      });
      if (d.stopped() || d.status(co) !== st) return;
      const list = Array.isArray(logs) ? logs.filter((l) => !!l && typeof l === 'object') : [];
      let oldest: number | undefined;
      for (const l of list) {
        const s = ms(l.startDate);
        if (s !== undefined && (oldest === undefined || s < oldest)) oldest = s;
      }
      // Done when the page is short or makes no headway (a server that ignores endDate).
      if (list.length < ENGINE_LIMITS.backfillRows || oldest === undefined || oldest >= st.backfillBefore) delete st.backfillBefore;
      else st.backfillBefore = oldest;
      // Done, too, when the history is full and this page was older than all of it: the pages
      // behind it are older still (newest first), so reading them would only drop them again.
      if (d.apply(co, list) === true) delete st.backfillBefore;
      st.backfillRunning = false;
      rows.set(co, (rows.get(co) ?? 0) + list.length);
      if (st.backfillBefore !== undefined) schedule(co, ENGINE_LIMITS.backfillPauseMs);
      else {
        d.ended?.(co, rows.get(co) ?? 0);
        rows.delete(co);
      }
    } catch {
      st.backfillRunning = false;
    }
  }

  return {
    schedule,
    stop() {
      for (const h of timers.values()) d.clock.clearTimeout(h);
      timers.clear();
    },
  };
}
