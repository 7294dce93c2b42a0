// A scriptable in-memory IpsApi for the core's unit tests.
import type { ActiveJob, CompanyMembership, JobLog, ScheduledJob } from '../../shared/domain.ts';
import type { IpsApi, JobLogsQuery, JobRef } from '../../electron/ips/api.ts';
import type { ActionDeps } from '../../electron/core/engine-actions.ts';

export interface FakeApi extends IpsApi {
  active: ActiveJob[];
  scheduled: ScheduledJob[];
  logs: JobLog[];
  /** When set, every poll call rejects with this. */
  fail: Error | undefined;
  calls: string[];
  logQueries: JobLogsQuery[];
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
  actionError: Error | undefined;
}

export const CO = 'c|1';

export function fakeApi(memberships: CompanyMembership[] = [{ company: { companyHandle: CO, name: 'Acme' } }]): FakeApi {
  const track = async <T>(name: string, fn: () => T): Promise<T> => {
    api.calls.push(name);
    api.inFlight[name] = (api.inFlight[name] ?? 0) + 1;
    api.maxInFlight[name] = Math.max(api.maxInFlight[name] ?? 0, api.inFlight[name]!);
    try {
      await Promise.resolve();
      if (api.fail) throw api.fail;
      return structuredClone(fn());
    } finally {
      api.inFlight[name]!--;
    }
  };
  const action = (name: string) => async (ref: JobRef) => {
    api.calls.push(`${name}:${ref.jobHandle}`);
    if (api.actionError) throw api.actionError;
  };
  const api: FakeApi = {
    active: [],
    scheduled: [],
    logs: [],
    fail: undefined,
    calls: [],
    logQueries: [],
    inFlight: {},
    maxInFlight: {},
    actionError: undefined,
    getCompanyMembership: () => track('getCompanyMembership', () => memberships),
    getCompanyInfo: async () => memberships[0]!.company,
    getUserInfo: async () => ({ userHandle: 'u', email: 'me@example.com' }),
    checkLogin: async () => 'ValidLogin',
    getActiveJobs: () => track('getActiveJobs', () => api.active),
    getScheduledJobs: () => track('getScheduledJobs', () => api.scheduled),
    getJobLogs: (q) => {
      api.logQueries.push(q);
      return track('getJobLogs', () => api.logs);
    },
    getJobLogDetails: (q) =>
      track('getJobLogDetails', () => {
        const log = api.logs.find((l) => l.jobHandle === q.jobHandle);
        if (!log) return [];
        const all = Array.from({ length: 2500 }, (_, i) => ({ logMessage: `line ${i}`, logType: 'UploadSuccess' }));
        const per = q.recordsPerPage ?? 1000;
        const page = q.resultsPage ?? 1;
        return [{ ...log, detailTotalRows: all.length, detailArray: all.slice((page - 1) * per, page * per) }];
      }),
    stopJob: action('stopJob'),
    pauseJob: action('pauseJob'),
    resumeJob: action('resumeJob'),
    deleteJob: action('deleteJob'),
    executeJob: action('executeJob'),
  };
  return api;
}

/** Overrides for a fixture: a field set to undefined is left out of the record. */
export type Over<T> = { [K in keyof T]?: T[K] | undefined };

function merge<T extends object>(base: T, over: Over<T>): T {
  const out = { ...base, ...over } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as T;
}

export function active(handle: string, over: Over<ActiveJob> = {}): ActiveJob {
  return merge<ActiveJob>(
    {
      companyHandle: CO,
      jobHandle: handle,
      name: `job ${handle}`,
      originalName: `job ${handle}`,
      type: 'UrlUpload',
      state: 'Running',
      startDate: '2024-05-02T08:59:00.000Z',
      progress: 10,
      progressMessage: 'Processing 1 of 10',
      lastProgressUpdate: '2024-05-02T08:59:30.000Z',
      taskProgressArray: [],
    },
    over,
  );
}

export function log(handle: string, over: Over<JobLog> = {}): JobLog {
  return merge<JobLog>(
    {
      companyHandle: CO,
      jobHandle: handle,
      jobName: `job ${handle}`,
      originalJobName: `job ${handle}`,
      startDate: '2024-05-02T08:59:00.000Z',
      endDate: '2024-05-02T09:01:00.000Z',
      fileSuccessCount: 5,
      fileErrorCount: 0,
      fileWarningCount: 0,
      fileDuplicateCount: 0,
      fileUpdateCount: 0,
      totalFileCount: 5,
      transferSuccessCount: 0,
      transferErrorCount: 0,
      transferWarningCount: 0,
      fatalError: false,
    },
    over,
  );
}

export function scheduled(handle: string, over: Over<ScheduledJob> = {}): ScheduledJob {
  return merge<ScheduledJob>(
    {
      companyHandle: CO,
      jobHandle: handle,
      name: `sched ${handle}`,
      originalName: `sched ${handle}`,
      type: 'ImageServingPublish',
      nextFireTime: '2024-05-02T12:00:00.000Z',
      triggerState: 'Normal',
    },
    over,
  );
}

/**
 * The engine's side of the job actions, driven by hand: in English, every poll asked for is
 * recorded in `polled`, a poll will come and none is in flight; `cycle(co)` ends a poll cycle
 * of `co` for every listener in `listeners`.
 */
export function handCycles(): {
  deps: Pick<ActionDeps, 'locale' | 'refreshTray' | 'pollCompany' | 'willPoll' | 'inFlight' | 'onCycle'>;
  polled: string[];
  listeners: Set<(c: { companyHandle?: string }) => void>;
  cycle(co?: string): void;
} {
  const listeners = new Set<(c: { companyHandle?: string }) => void>();
  const polled: string[] = [];
  return {
    deps: {
      locale: () => 'en',
      refreshTray: () => undefined,
      pollCompany: (co) => void polled.push(co),
      willPoll: () => true,
      inFlight: () => false,
      onCycle: (l) => {
        listeners.add(l);
        return () => void listeners.delete(l);
      },
    },
    polled,
    listeners,
    cycle: (co = CO) => [...listeners].forEach((l) => l({ companyHandle: co })),
  };
}

/** Let pending promise chains run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
