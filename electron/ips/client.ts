// The IPS SOAP client: implements IpsApi (./api.ts) over the soap package, with our own
// HTTP layer (./transport.ts), our own reading of answers (./answer.ts: checks, parse,
// normalization by ./normalize.ts, under the call's deadline, large ones in a worker) and
// error mapping (./faults.ts). Every method resolves with shared/domain.ts shapes or rejects with an
// IpsError subclass; no error, message, stack or property ever holds the password.
import type { Client } from 'soap';
import {
  SUBMITTABLE_DETAIL_ELEMENTS,
  type ActiveJob,
  type Company,
  type CompanyMembership,
  type DetailRecord,
  type DetailValue,
  type IsoDate,
  type JobDetailElement,
  type JobLog,
  type ScheduledJob,
  type User,
} from '../../shared/domain.ts';
import type { IpsApi, IpsConnection, JobLogDetailsQuery, JobLogsQuery, JobRef } from './api.ts';
import { readAnswerWithin } from './answer-read.ts';
import { IpsError, IpsMalformedResponseError } from './errors.ts';
import { makeScrubber, toIpsError } from './faults.ts';
import type * as N from './normalize.ts';
import { resolveServiceUrl } from './regions.ts';
import { arrays, types } from './schema.ts';
import { envelopeParser, loadSoapClient } from './soap-wsdl.ts';
import { TransportFailure, createHttpClient, type CallOptions } from './transport.ts';

export { serviceUrlFor, uploadUrlFor, resolveServiceUrl, isLoopbackHost } from './regions.ts';
export type { AssetJobLog, AssetRef } from './normalize.ts';

export const IPS_NAMESPACE = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
export const AUTH_NAMESPACE = 'http://www.scene7.com/IpsApi/xsd';
export const DEFAULT_TIMEOUT_MS = 30_000;

export { WSDL_URL } from './soap-wsdl.ts';

/** submitJob input: common fields plus exactly one job-detail element (wire field names). */
export type SubmitJobRequest = {
  companyHandle: string;
  jobName: string;
  userHandle?: string;
  locale?: string;
  execTime?: IsoDate;
  execSchedule?: string;
  description?: string;
} & { [K in JobDetailElement]?: DetailRecord };

/** IpsApi plus the supporting operations the WSDL covers but the core does not need yet. */
export interface IpsClient extends IpsApi {
  submitJob(q: SubmitJobRequest): Promise<string>;
  getAssetJobLogs(q: { companyHandle: string; assetHandle: string }): Promise<N.AssetJobLog[]>;
  getAssetsByName(q: { companyHandle: string; names: string[]; assetTypes?: string[] }): Promise<N.AssetRef[]>;
  /** The endpoint in use (never contains credentials). */
  readonly serviceUrl: string;
}

/** Not retried after a stale keep-alive socket: running them twice would create a second job. */
const NOT_RETRIED = new Set(['submitJob', 'executeJob']);
const SUBMIT_FIELDS = ['companyHandle', 'userHandle', 'jobName', 'locale', 'execTime', 'execSchedule', 'description'] as const;

/** Drops undefined members so soap does not serialize them. */
function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A detail record in wire form: schema field order, arrays wrapped as { items }. */
function toWire(typeName: string | undefined, v: DetailValue): unknown {
  if (Array.isArray(v)) {
    const itemType = typeName !== undefined ? arrays[typeName] : undefined;
    return { items: v.map((x) => toWire(itemType, x)) };
  }
  if (typeof v !== 'object' || v === null) return v;
  const fields = typeName !== undefined ? types[typeName] : undefined;
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const f of fields ?? []) {
    const x = v[f[0]];
    if (x !== undefined) out[f[0]] = toWire(f[1], x);
    seen.add(f[0]);
  }
  for (const [k, x] of Object.entries(v)) if (!seen.has(k) && x !== undefined) out[k] = toWire(undefined, x);
  return out;
}

export async function createIpsClient(conn: IpsConnection): Promise<IpsClient> {
  const serviceUrl = resolveServiceUrl(conn);
  const timeoutMs = conn.timeoutMs !== undefined && conn.timeoutMs > 0 ? conn.timeoutMs : DEFAULT_TIMEOUT_MS;
  const appName = conn.appName ?? 'IPS Jobs';
  const appVersion = conn.appVersion ?? '0.1.0';
  // Built on the first error that needs it: with some passwords it takes a while to make.
  let connScrub: ((text: string) => string) | undefined;
  const scrubConn = (text: string): string => (connScrub ??= makeScrubber([conn.password]))(text);

  let client: Client;
  try {
    client = await loadSoapClient(createHttpClient(timeoutMs, `${appName}/${appVersion}`));
  } catch (err) {
    const why = err instanceof Error ? scrubConn(err.message).split('\n')[0] : 'unknown error';
    throw new IpsError('internal', `The IPS WSDL could not be loaded (${why})`);
  }
  client.setEndpoint(serviceUrl);
  const auth: Record<string, string> = { user: conn.user, password: conn.password };
  if (conn.locale) auth.locale = conn.locale;
  auth.appName = appName;
  auth.appVersion = appVersion;
  const setAuthHeader = (): void => {
    // soap serializes a header when it is added, so a change means adding it anew.
    client.clearSoapHeaders();
    client.addSoapHeader({ authHeader: auth }, '', 's7', AUTH_NAMESPACE);
  };
  setAuthHeader();

  const parse = envelopeParser(client);

  /**
   * Runs one operation; resolves with its normalized result (./answer.ts NORMALIZE).
   * One deadline covers connect, the whole body and reading it.
   */
  async function call(op: string, args: object, extraSecrets: Array<string | undefined> = []): Promise<unknown> {
    let extraScrub: ((text: string) => string) | undefined;
    const scrub = extraSecrets.length > 0 ? (text: string) => (extraScrub ??= makeScrubber([conn.password, ...extraSecrets]))(text) : scrubConn;
    const method = (client as unknown as Record<string, unknown>)[`${op}Async`];
    if (typeof method !== 'function') throw new IpsError('internal', `The IPS WSDL has no operation ${op}`, { operation: op });
    const deadline = Date.now() + timeoutMs;
    const answer: NonNullable<CallOptions['answer']> = {};
    const options: CallOptions = { timeout: timeoutMs, deadline, retryStale: !NOT_RETRIED.has(op), answer };
    try {
      await method.call(client, compact(args), options);
    } catch (err) {
      if (err instanceof TransportFailure && err.code === 'ETOOLARGE') {
        throw new IpsMalformedResponseError(`${err.message.replace(/^IPS answered/, `IPS answered ${op}`)}`, {
          operation: op,
          ...(err.httpStatus !== undefined && { httpStatus: err.httpStatus }),
        });
      }
      throw toIpsError(err, { operation: op, scrub });
    }
    const res = answer.response;
    if (!res) throw new IpsMalformedResponseError(`IPS sent no readable answer to ${op}`, { operation: op });
    return readAnswerWithin(parse, res, { operation: op, serviceUrl, secrets: [conn.password, ...extraSecrets] }, { deadline, timeoutMs });
  }

  function required<T>(op: string, what: string, v: T | undefined): T {
    if (v === undefined) throw new IpsMalformedResponseError(`IPS answered ${op} without ${what}`, { operation: op, httpStatus: 200 });
    return v;
  }

  const jobAction =
    (op: string) =>
    async (ref: JobRef): Promise<void> => {
      await call(op, { companyHandle: ref.companyHandle, jobHandle: ref.jobHandle });
    };

  const api: IpsClient = {
    serviceUrl,

    setLocale(locale: string) {
      // authHeader children are ordered: user, password, locale, appName, appVersion.
      const { user, password } = auth;
      for (const k of Object.keys(auth)) delete auth[k];
      Object.assign(auth, { user, password }, locale ? { locale } : {}, { appName, appVersion });
      setAuthHeader();
    },

    async getCompanyMembership(userHandle?: string) {
      return (await call('getCompanyMembership', { userHandle })) as CompanyMembership[];
    },

    async getCompanyInfo(q) {
      const c = (await call('getCompanyInfo', { companyHandle: q.companyHandle, companyName: q.companyName })) as Company | undefined;
      return required('getCompanyInfo', 'companyInfo', c);
    },

    async getUserInfo(q = {}) {
      const u = (await call('getUserInfo', { userHandle: q.userHandle, email: q.email })) as User | undefined;
      return required('getUserInfo', 'userInfo', u);
    },

    async checkLogin(q) {
      const status = (await call('checkLogin', { companyHandle: q.companyHandle, email: q.email, password: q.password }, [q.password])) as string | undefined;
      return required('checkLogin', 'status', status);
    },

    async getActiveJobs(q = {}) {
      return (await call('getActiveJobs', { companyHandle: q.companyHandle, jobHandle: q.jobHandle, originalName: q.originalName })) as ActiveJob[];
    },

    async getScheduledJobs(q) {
      return (await call('getScheduledJobs', { companyHandle: q.companyHandle, jobHandle: q.jobHandle, originalName: q.originalName })) as ScheduledJob[];
    },

    async getJobLogs(q: JobLogsQuery) {
      const args = {
        companyHandle: q.companyHandle,
        userHandle: q.userHandle,
        sortBy: q.sortBy,
        sortDirection: q.sortDirection,
        startDate: q.startDate,
        endDate: q.endDate,
        numRows: q.numRows,
      };
      return (await call('getJobLogs', args)) as JobLog[];
    },

    async getJobLogDetails(q: JobLogDetailsQuery) {
      const args = {
        companyHandle: q.companyHandle,
        jobHandle: q.jobHandle,
        originalName: q.originalName,
        logTypeArray: q.logTypeArray && q.logTypeArray.length > 0 ? { items: q.logTypeArray } : undefined,
        recordsPerPage: q.recordsPerPage,
        resultsPage: q.resultsPage,
        sortBy: q.sortBy,
        sortDirection: q.sortDirection,
      };
      return (await call('getJobLogDetails', args)) as JobLog[];
    },

    stopJob: jobAction('stopJob'),
    pauseJob: jobAction('pauseJob'),
    resumeJob: jobAction('resumeJob'),
    deleteJob: jobAction('deleteJob'),
    executeJob: jobAction('executeJob'),

    async submitJob(q) {
      const args: Record<string, unknown> = {};
      for (const k of SUBMIT_FIELDS) if (q[k] !== undefined) args[k] = q[k];
      const details = SUBMITTABLE_DETAIL_ELEMENTS.filter((el) => q[el] !== undefined);
      if (details.length !== 1) {
        throw new IpsError('usage', `submitJob needs exactly one job-detail element, got ${details.length}`, { operation: 'submitJob' });
      }
      for (const el of details) args[el] = toWire(el.charAt(0).toUpperCase() + el.slice(1), q[el] as DetailRecord);
      const handle = (await call('submitJob', args)) as string | undefined;
      return required('submitJob', 'jobHandle', handle);
    },

    async getAssetJobLogs(q) {
      return (await call('getAssetJobLogs', { companyHandle: q.companyHandle, assetHandle: q.assetHandle })) as N.AssetJobLog[];
    },

    async getAssetsByName(q) {
      const args = {
        companyHandle: q.companyHandle,
        nameArray: { items: q.names },
        assetTypeArray: q.assetTypes && q.assetTypes.length > 0 ? { items: q.assetTypes } : undefined,
      };
      return (await call('getAssetsByName', args)) as N.AssetRef[];
    },
  };
  return api;
}
