// The detail dialog's job log: which job and page are loaded, loading and error states,
// the severity filter (a failed job opens on its errors unless the user chose), and the
// rows it shows. One instance per dialog; like HistoryState, the view only renders it.
import type { ErrorInfo, Job, JobLog, JobLogDetail } from '../../../shared/domain.ts';
import type { Commands, JobDetailsResult } from '../../../shared/ipc.ts';
import { filterRows, initialFilter, severityCounts, whyRow, type LogFilter } from './job-log.ts';

export type LoadDetails = (job: Pick<Job, 'companyHandle' | 'jobHandle' | 'account'>, page: number) => Promise<Commands['getJobDetails']>;

export class JobLogState {
  page = $state(1);
  loading = $state(false);
  result = $state.raw<JobDetailsResult | undefined>();
  loadError = $state<string | undefined>();
  /** A schedule IPS has no log for: it has not run yet (a state, not an error). */
  notRunYet = $state(false);
  /** For a schedule: which of its runs the loaded log is (IPS answers a schedule's handle with its runs' logs). */
  run = $state.raw<JobLog | undefined>();
  filter = $state<LogFilter>('all');
  #userFiltered = false;
  #loadedFor = '';
  #job: Job | undefined;

  readonly rows: readonly JobLogDetail[] = $derived(filterRows(this.result?.details ?? [], this.filter));
  readonly counts = $derived(severityCounts(this.result?.details ?? []));

  readonly #fetchPage: LoadDetails;
  readonly #errorText: (e: ErrorInfo) => string;

  constructor(fetchPage: LoadDetails, errorText: (e: ErrorInfo) => string) {
    this.#fetchPage = fetchPage;
    this.#errorText = errorText;
  }

  /** The first error (else warning) row of `job`'s loaded page. */
  why(job: Job | undefined): JobLogDetail | undefined {
    return job ? whyRow(job.outcome, this.result?.details ?? []) : undefined;
  }

  /** Load `job`'s current page unless it is what is already loaded (or loading). */
  show(key: string, job: Job): void {
    this.#job = job;
    const id = `${key}|${this.page}`;
    if (id === this.#loadedFor) return;
    this.#loadedFor = id;
    void this.#load(job, this.page, id);
  }

  retry(key: string): void {
    if (!this.#job) return;
    this.#loadedFor = `${key}|${this.page}`;
    void this.#load(this.#job, this.page, this.#loadedFor);
  }

  choose(filter: LogFilter): void {
    this.filter = filter;
    this.#userFiltered = true;
  }

  reset(): void {
    this.page = 1;
    this.result = undefined;
    this.loadError = undefined;
    this.notRunYet = false;
    this.run = undefined;
    this.filter = 'all';
    this.#userFiltered = false;
    this.#loadedFor = '';
    this.#job = undefined;
  }

  async #load(job: Job, page: number, id: string): Promise<void> {
    this.loading = true;
    this.loadError = undefined;
    this.notRunYet = false;
    try {
      const res = await this.#fetchPage(job, page);
      if (this.#loadedFor !== id) return;
      if (res.ok) {
        this.result = res.value;
        this.run = job.phase === 'scheduled' ? res.value.log : undefined;
        if (page === 1 && !this.#userFiltered) this.filter = initialFilter(job.outcome, res.value.details);
      } else if (job.phase === 'scheduled' && !job.log && res.error.kind === 'fault') {
        // IPS refuses the log of a schedule that never fired ("has no job log yet").
        this.result = undefined;
        this.notRunYet = true;
      } else {
        this.result = undefined;
        this.loadError = this.#errorText(res.error);
      }
    } catch (e) {
      if (this.#loadedFor === id) this.loadError = e instanceof Error ? e.message : String(e);
    } finally {
      if (this.#loadedFor === id) this.loading = false;
    }
  }
}
