// Search in the app core: the index of log details (./search-index.ts) fed by the window's detail
// dialog (every getJobDetails page it loads) and by a slow backfill, the `getSearchIndex` command
// and the `search-index` event.
//
// Backfill: the finished jobs with errors or warnings (the ones people look for by an error text),
// newest first, at most BACKFILL_MAX queued, one getJobLogDetails page at a time, BACKFILL_GAP_MS
// apart, straight from the IPS client, so it acknowledges nothing in the tray. A job that finishes
// with errors or warnings while watched goes to the front. A network failure or a timeout ends the
// round (the next finished job starts another); an IPS fault skips that job. The index belongs to
// one account: another account (or demo ↔ account) starts it afresh.
import type { EngineEvent, Job } from '../../shared/domain.ts';
import type { Events, JobDetailsResult } from '../../shared/ipc.ts';
import type { Clock } from '../clock.ts';
import type { IpsApi } from '../ips/api.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { DETAIL_ROWS_PER_PAGE } from './job-details.ts';
import { createSearchIndex, type SearchIndex } from './search-index.ts';

export const BACKFILL_MAX = 50;
export const BACKFILL_GAP_MS = 2000;

interface Ref {
  key: string;
  companyHandle: string;
  jobHandle: string;
}

export interface AppSearchOptions {
  clock: Clock;
  log(line: string): void;
  emit(payload: Events['search-index']): void;
  index?: SearchIndex;
  gapMs?: number;
}

export interface AppSearch {
  readonly index: SearchIndex;
  /** A detail page the window loaded. */
  noteDetails(key: string, result: JobDetailsResult): void;
  /** The engine of an account started: keep the index if it is the same account, and backfill. */
  attach(account: string, api: Pick<IpsApi, 'getJobLogDetails'>, jobs: () => readonly Job[]): void;
  /** An engine event (a job that finished with problems is indexed first). */
  onEvent(e: EngineEvent): void;
  /** The engine stopped: the backfill waits for the next attach. */
  detach(): void;
}

const wanted = (j: Job): boolean => j.phase === 'finished' && (j.outcome === 'error' || j.outcome === 'warning');
const refOf = (j: Job): Ref => ({ key: j.key, companyHandle: j.companyHandle, jobHandle: j.jobHandle });

export function createAppSearch(opts: AppSearchOptions): AppSearch {
  const index = opts.index ?? createSearchIndex();
  const gapMs = opts.gapMs ?? BACKFILL_GAP_MS;
  let account: string | undefined;
  let api: Pick<IpsApi, 'getJobLogDetails'> | undefined;
  let queue: Ref[] = [];
  let timer: unknown;
  let busy = false;
  let generation = 0;

  function enqueue(refs: Ref[], front: boolean): void {
    const fresh = refs.filter((r) => !index.has(r.key) && !queue.some((q) => q.key === r.key));
    queue = (front ? [...fresh, ...queue] : [...queue, ...fresh]).slice(0, BACKFILL_MAX);
    schedule(0);
  }

  function schedule(ms: number): void {
    if (!api || busy || timer !== undefined || queue.length === 0) return;
    timer = opts.clock.setTimeout(() => {
      timer = undefined;
      void step();
    }, ms);
  }

  async function step(): Promise<void> {
    const ref = queue.shift();
    const a = api;
    if (!ref || !a) return;
    const gen = generation;
    busy = true;
    try {
      const logs = await a.getJobLogDetails({
        companyHandle: ref.companyHandle,
        jobHandle: ref.jobHandle,
        recordsPerPage: DETAIL_ROWS_PER_PAGE,
        resultsPage: 1,
      });
      if (gen !== generation) return;
      const entry = index.add(ref.key, logs[0]?.detailArray ?? []);
      if (entry) opts.emit({ entries: [entry] });
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.kind !== 'fault' && gen === generation) {
        opts.log(`search backfill paused: ${info.message}`);
        queue = [];
      }
    } finally {
      busy = false;
      schedule(gapMs);
    }
  }

  return {
    index,
    noteDetails(key, result) {
      const entry = index.add(key, result.details, result.page);
      if (entry) opts.emit({ entries: [entry] });
    },
    attach(acct, nextApi, jobs) {
      generation++;
      if (account !== undefined && account !== acct) {
        index.clear();
        opts.emit({ entries: [], reset: true });
      }
      account = acct;
      api = nextApi;
      queue = [];
      const newest = jobs()
        .filter((j) => wanted(j) && !index.has(j.key))
        .sort((x, y) => (y.endDate ?? '').localeCompare(x.endDate ?? ''))
        .slice(0, BACKFILL_MAX);
      enqueue(newest.map(refOf), false);
    },
    onEvent(e) {
      if (e.event === 'job-finished' && wanted(e.job)) enqueue([refOf(e.job)], true);
    },
    detach() {
      generation++;
      api = undefined;
      queue = [];
      if (timer !== undefined) opts.clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
