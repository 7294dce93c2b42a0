// The engine's actions on jobs: stop, pause, resume, delete and run now. Each marks the job
// pending at once (the window shows it), calls IPS, and polls the company so the effect shows;
// a failed call clears the mark and answers the error as data. Run now (executeJob) has no
// visible effect on the schedule itself: its mark lasts until the poll after the call has
// brought the new run onto the board. Run again (submitJob with a finished job's recorded
// spec, ./job-specs.ts) marks the finished job the same way until the new run is on the board.
import { jobKey, type PendingAction } from '../../shared/domain.ts';
import type { ActionResult, RerunResult } from '../../shared/ipc.ts';
import { rerunRefusal, runNowRefusal } from '../../shared/job-actions.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { AppLocale } from '../../shared/settings.ts';
import type { IpsApi, JobRef } from '../ips/api.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { submitterOf, uniqueJobName } from '../ips/submit.ts';
import type { JobSpecs } from './job-specs.ts';
import { clearStopped, setPending, type Board, type BoardDiff } from './board.ts';

export interface ActionDeps {
  api: IpsApi;
  board: Board;
  now(): number;
  locale(): AppLocale;
  publish(diff: BoardDiff | undefined): void;
  refreshTray(): void;
  /** Poll the company now, reading every list. */
  pollCompany(companyHandle: string): void;
  /** Whether pollCompany will poll (not paused or stopped, a known company). */
  willPoll(companyHandle: string): boolean;
  /** Whether the company's poller has a cycle in flight (its lists may predate the call). */
  inFlight(companyHandle: string): boolean;
  /** Called after each finished cycle of a company (ok or not). */
  onCycle(listener: (c: { companyHandle?: string }) => void): () => void;
  /** The submit specs the engine recorded from the active and scheduled lists. */
  specs: JobSpecs;
}

export type ControlAction = 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob';

export function createJobActions(d: ActionDeps): {
  act(kind: ControlAction, pending: PendingAction, ref: JobRef): Promise<ActionResult>;
  runNow(ref: JobRef): Promise<ActionResult>;
  rerun(ref: JobRef): Promise<RerunResult>;
} {
  function mark(key: string, pending: PendingAction | undefined): void {
    d.publish(setPending(d.board, key, pending, d.now()));
    d.refreshTray();
  }

  async function call(key: string, pending: PendingAction, run: () => Promise<void>): Promise<ActionResult> {
    mark(key, pending);
    try {
      await run();
    } catch (err) {
      clearStopped(d.board, key);
      mark(key, undefined);
      return { ok: false, error: toErrorInfo(err) };
    }
    return { ok: true };
  }

  /** Clear `starting` once a cycle that began after the call has finished (one in flight now may hold older lists). */
  function clearAfterNextCycle(co: string, key: string): void {
    let cycles = d.inFlight(co) ? 2 : 1;
    const off = d.onCycle((c) => {
      if (c.companyHandle !== co || --cycles > 0) return;
      off();
      if (d.board.jobs.get(key)?.pendingAction === 'starting') mark(key, undefined);
    });
  }

  return {
    async act(kind, pending, ref) {
      const res = await call(jobKey(ref.companyHandle, ref.jobHandle), pending, () =>
        d.api[kind]({ companyHandle: ref.companyHandle, jobHandle: ref.jobHandle }),
      );
      if (res.ok) d.pollCompany(ref.companyHandle);
      return res;
    },
    async runNow(ref) {
      const key = jobKey(ref.companyHandle, ref.jobHandle);
      const job = d.board.jobs.get(key);
      // A job the board does not know (yet) goes to IPS, which decides; a known one follows the shared rule.
      const refusal = job ? runNowRefusal(job) : undefined;
      if (refusal) return { ok: false, error: { kind: 'usage', message: translator(d.locale())(`runs.refuse.${refusal}`), operation: 'executeJob' } };
      const res = await call(key, 'starting', () => d.api.executeJob({ companyHandle: ref.companyHandle, jobHandle: ref.jobHandle }));
      if (!res.ok) return res;
      // Polling paused: no poll will show the run, so nothing stays pending.
      if (job && d.willPoll(ref.companyHandle)) clearAfterNextCycle(ref.companyHandle, key);
      else if (job) mark(key, undefined);
      d.pollCompany(ref.companyHandle);
      return res;
    },
    async rerun(ref) {
      const key = jobKey(ref.companyHandle, ref.jobHandle);
      const job = d.board.jobs.get(key);
      const spec = d.specs.get(ref.companyHandle, ref.jobHandle);
      // Unlike run now, IPS cannot decide: without the board's job and its spec there is nothing to submit.
      const refusal = job ? rerunRefusal(job, spec?.element) : 'no-spec';
      if (refusal || !spec || !job) {
        return { ok: false, error: { kind: 'usage', message: translator(d.locale())(`runs.refuse.${refusal ?? 'no-spec'}`), operation: 'submitJob' } };
      }
      const jobName = uniqueJobName(spec.originalName || spec.name, new Date(d.now()));
      let jobHandle = '';
      const res = await call(key, 'starting', async () => {
        const submit = submitterOf(d.api);
        jobHandle = await submit({
          companyHandle: ref.companyHandle,
          jobName,
          ...(spec.locale ? { locale: spec.locale } : {}),
          ...(spec.description ? { description: spec.description } : {}),
          [spec.element]: spec.detail,
        });
      });
      if (!res.ok) return res;
      if (d.willPoll(ref.companyHandle)) clearAfterNextCycle(ref.companyHandle, key);
      else mark(key, undefined);
      d.pollCompany(ref.companyHandle);
      return { ok: true, value: { jobHandle, jobName, key: jobKey(ref.companyHandle, jobHandle) } };
    },
  };
}
