// What a job was submitted with, for re-running it once it has finished: IPS lists a job's
// detail element (imageServingPublishJob, uploadDirectoryJob, …) only in getActiveJobs and
// getScheduledJobs, and a finished job keeps neither record (history-table.ts stores compact
// rows). So the engine records each job's spec the first time one of those lists shows it,
// in a bounded LRU (the last JOB_SPEC_LIMIT jobs), in memory only: after a restart a job
// finished earlier has no spec and "Run again" says so (shared/job-actions.ts `no-spec`).
import { detailElementOf, jobKey, type ActiveJob, type DetailRecord, type JobDetailElement, type ScheduledJob } from '../../shared/domain.ts';

export const JOB_SPEC_LIMIT = 1000;

/** Everything submitJob needs to submit the same job again (never its schedule: a re-run runs once). */
export interface JobSpec {
  companyHandle: string;
  name: string;
  originalName: string;
  type: string;
  element: JobDetailElement;
  detail: DetailRecord;
  locale?: string;
  description?: string;
}

export interface JobSpecs {
  /** Record the spec of every listed job that carries a detail element. */
  record(records: readonly (ActiveJob | ScheduledJob)[]): void;
  get(companyHandle: string, jobHandle: string): JobSpec | undefined;
  readonly size: number;
}

export function specOf(rec: ActiveJob | ScheduledJob): JobSpec | undefined {
  const element = detailElementOf(rec);
  const detail = element ? rec[element] : undefined;
  if (!element || !detail) return undefined;
  return {
    companyHandle: rec.companyHandle,
    name: rec.name,
    originalName: rec.originalName,
    type: rec.type,
    element,
    detail,
    ...(rec.locale ? { locale: rec.locale } : {}),
    ...(rec.description ? { description: rec.description } : {}),
  };
}

export function createJobSpecs(limit = JOB_SPEC_LIMIT): JobSpecs {
  // A Map keeps insertion order: the first key is the least recently recorded.
  const specs = new Map<string, JobSpec>();
  return {
    record(records) {
      for (const rec of records) {
        const key = jobKey(rec.companyHandle, rec.jobHandle);
        const known = specs.get(key);
        if (known) {
          specs.delete(key);
          specs.set(key, known);
          continue;
        }
        const spec = specOf(rec);
        if (!spec) continue;
        specs.set(key, spec);
        if (specs.size > limit) specs.delete(specs.keys().next().value!);
      }
    },
    get: (co, handle) => specs.get(jobKey(co, handle)),
    get size() {
      return specs.size;
    },
  };
}
