// One company's poll loop: per cycle the lists the engine's plan asks for (all three —
// getActiveJobs, getScheduledJobs, getJobLogs — by default; fewer while idle), never two
// cycles (so never two requests of one kind) in flight, next cycle scheduled by the engine's
// choice of delay (adaptive interval or backoff; null = do not schedule, e.g. after auth failure).
import type { ActiveJob, JobLog, ScheduledJob } from '../../shared/domain.ts';
import type { IpsApi, JobLogsQuery } from '../ips/api.ts';
import type { Clock } from '../clock.ts';

/** Which lists one cycle reads. */
export interface CyclePlan {
  active: boolean;
  scheduled: boolean;
  logs: boolean;
}

export const FULL_CYCLE: CyclePlan = { active: true, scheduled: true, logs: true };

/** What one cycle read: a list the plan skipped is undefined. */
export interface PolledLists {
  companyHandle: string;
  active?: ActiveJob[];
  scheduled?: ScheduledJob[];
  logs?: JobLog[];
}

export interface PollerDeps {
  /** The three lists one cycle reads. */
  api: Pick<IpsApi, 'getActiveJobs' | 'getScheduledJobs' | 'getJobLogs'>;
  clock: Clock;
  companyHandle: string;
  /** The getJobLogs window for this cycle. */
  logQuery(): JobLogsQuery;
  /** Which lists this cycle reads (all three without a plan). */
  plan?(): CyclePlan;
  /** A cycle succeeded; returns the delay until the next one (ms) or null. */
  onSuccess(lists: PolledLists): number | null;
  /** A cycle failed; returns the delay until the retry (ms) or null. */
  onFailure(err: unknown): number | null;
  /** nextAt changed. */
  onScheduled?(): void;
}

export interface Poller {
  readonly companyHandle: string;
  /** Run a cycle now (or right after the one in flight). */
  pollNow(): void;
  /** Schedule the next cycle in `delayMs`, replacing any scheduled one. */
  schedule(delayMs: number): void;
  /** Cancel the scheduled cycle; an in-flight one completes but schedules nothing while held. */
  hold(): void;
  stop(): void;
  nextAt(): number | undefined;
  inFlight(): boolean;
}

export function createPoller(d: PollerDeps): Poller {
  let timer: unknown;
  let next: number | undefined;
  let running = false;
  let again = false;
  let held = false;
  let stopped = false;

  const clear = () => {
    if (timer !== undefined) d.clock.clearTimeout(timer);
    timer = undefined;
    next = undefined;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clear();
    held = false;
    const delay = Math.max(0, delayMs);
    next = d.clock.now() + delay;
    timer = d.clock.setTimeout(() => {
      timer = undefined;
      next = undefined;
      void cycle();
    }, delay);
    d.onScheduled?.();
  };

  const cycle = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    clear();
    let delay: number | null;
    try {
      const co = d.companyHandle;
      const plan = d.plan?.() ?? FULL_CYCLE;
      const [active, scheduled, logs] = await Promise.all([
        plan.active ? d.api.getActiveJobs({ companyHandle: co }) : undefined,
        plan.scheduled ? d.api.getScheduledJobs({ companyHandle: co }) : undefined,
        plan.logs ? d.api.getJobLogs(d.logQuery()) : undefined,
      ]);
      if (stopped) return;
      const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v.filter((x) => !!x && typeof x === 'object') : []);
      const lists: PolledLists = { companyHandle: co };
      if (plan.active) lists.active = list(active);
      if (plan.scheduled) lists.scheduled = list(scheduled);
      if (plan.logs) lists.logs = list(logs);
      delay = d.onSuccess(lists);
    } catch (err) {
      if (stopped) return;
      delay = d.onFailure(err);
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again && delay !== null && !held) {
      void cycle();
      return;
    }
    if (delay !== null && !held) schedule(delay);
    else d.onScheduled?.();
  };

  return {
    companyHandle: d.companyHandle,
    pollNow() {
      held = false;
      void cycle();
    },
    schedule,
    hold() {
      held = true;
      again = false;
      clear();
      d.onScheduled?.();
    },
    stop() {
      stopped = true;
      clear();
    },
    nextAt: () => next,
    inFlight: () => running,
  };
}
