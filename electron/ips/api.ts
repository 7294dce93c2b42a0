// The IPS operations the app uses, as one interface. The real implementation is the
// SOAP client in ./client.ts; the core (electron/core/) and the CLI depend only on this.
// Every method rejects with an IpsError subclass (./errors.ts) and nothing else.
import type { ActiveJob, CompanyMembership, Company, JobLog, ScheduledJob, User, IsoDate } from '../../shared/domain.ts';

export type Region = 'na' | 'emea' | 'apac';

export interface IpsConnection {
  /** Either a region (with staging) or an explicit service URL (…/scene7/services/IpsApiService). */
  region?: Region;
  staging?: boolean;
  serviceUrl?: string;
  user: string;
  password: string;
  /** Sent in authHeader/locale, e.g. `zh-CN`. */
  locale?: string;
  appName?: string;
  appVersion?: string;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
}

export interface JobLogsQuery {
  companyHandle: string;
  userHandle?: string;
  sortBy?: string;
  sortDirection?: 'Ascending' | 'Descending';
  startDate?: IsoDate;
  endDate?: IsoDate;
  numRows?: number;
}

export interface JobLogDetailsQuery {
  companyHandle: string;
  jobHandle?: string;
  originalName?: string;
  logTypeArray?: string[];
  recordsPerPage?: number;
  resultsPage?: number;
  sortBy?: 'Date' | 'LogType';
  sortDirection?: 'Ascending' | 'Descending';
}

export interface JobRef {
  companyHandle: string;
  jobHandle: string;
}

export interface IpsApi {
  /** Change the locale sent in authHeader (localized log messages) without reconnecting. */
  setLocale?(locale: string): void;
  getCompanyMembership(userHandle?: string): Promise<CompanyMembership[]>;
  getCompanyInfo(q: { companyHandle?: string; companyName?: string }): Promise<Company>;
  getUserInfo(q?: { userHandle?: string; email?: string }): Promise<User>;
  checkLogin(q: { email: string; password: string; companyHandle?: string }): Promise<'ValidLogin' | 'InvalidLogin' | string>;
  getActiveJobs(q?: { companyHandle?: string; jobHandle?: string; originalName?: string }): Promise<ActiveJob[]>;
  getScheduledJobs(q: { companyHandle: string; jobHandle?: string; originalName?: string }): Promise<ScheduledJob[]>;
  getJobLogs(q: JobLogsQuery): Promise<JobLog[]>;
  /** Logs with detailTotalRows and this page's detailArray. */
  getJobLogDetails(q: JobLogDetailsQuery): Promise<JobLog[]>;
  stopJob(ref: JobRef): Promise<void>;
  pauseJob(ref: JobRef): Promise<void>;
  resumeJob(ref: JobRef): Promise<void>;
  deleteJob(ref: JobRef): Promise<void>;
  executeJob(ref: JobRef): Promise<void>;
}
