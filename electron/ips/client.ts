// The IPS SOAP client: implements IpsApi (./api.ts) over the soap package, with our own
// HTTP layer (./transport.ts), response normalization (./normalize.ts) and error mapping
// (./faults.ts). Every method resolves with shared/domain.ts shapes or rejects with an
// IpsError subclass; no error, message, stack or property ever holds the password.
import { fileURLToPath } from 'node:url';
import { createClientAsync, type Client } from 'soap';
import { SUBMITTABLE_DETAIL_ELEMENTS, type DetailRecord, type DetailValue, type IsoDate, type JobDetailElement } from '../../shared/domain.ts';
import type { IpsApi, IpsConnection, JobLogDetailsQuery, JobLogsQuery, JobRef } from './api.ts';
import { IpsError, IpsMalformedResponseError } from './errors.ts';
import { makeScrubber, toIpsError } from './faults.ts';
import * as N from './normalize.ts';
import { resolveServiceUrl } from './regions.ts';
import { arrays, types } from './schema.ts';
import { createHttpClient } from './transport.ts';

export { serviceUrlFor, uploadUrlFor, resolveServiceUrl, isLoopbackHost } from './regions.ts';
export type { AssetJobLog, AssetRef } from './normalize.ts';

export const IPS_NAMESPACE = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
export const AUTH_NAMESPACE = 'http://www.scene7.com/IpsApi/xsd';
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The WSDL next to this module (the build copies wsdl/ next to the bundles). */
export const WSDL_URL = new URL('./wsdl/IpsApi-2014-04-03.wsdl', import.meta.url);

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

// Keep every scalar as the text on the wire; normalize.ts does the typing.
const keepText = (text: string): string => text;
const CUSTOM_DESERIALIZER = Object.fromEntries(
  ['int', 'integer', 'long', 'short', 'byte', 'double', 'float', 'decimal', 'boolean', 'bool', 'dateTime', 'date', 'time'].map((n) => [n, keepText]),
);

/** Not retried after a stale keep-alive socket: running them twice would create a second job. */
const NOT_RETRIED = new Set(['submitJob', 'executeJob']);
const VOID_OPS = new Set(['stopJob', 'pauseJob', 'resumeJob', 'deleteJob', 'executeJob']);
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

const RE_ENVELOPE = /<(?:[\w.-]+:)?Envelope[\s>]/;
const RE_BODY = /<(?:[\w.-]+:)?Body[\s/>]/;

export async function createIpsClient(conn: IpsConnection): Promise<IpsClient> {
  const serviceUrl = resolveServiceUrl(conn);
  const timeoutMs = conn.timeoutMs !== undefined && conn.timeoutMs > 0 ? conn.timeoutMs : DEFAULT_TIMEOUT_MS;
  const appName = conn.appName ?? 'IPS Jobs';
  const appVersion = conn.appVersion ?? '0.1.0';
  const scrubConn = makeScrubber([conn.password]);

  let client: Client;
  try {
    client = await createClientAsync(fileURLToPath(WSDL_URL), {
      httpClient: createHttpClient(timeoutMs, `${appName}/${appVersion}`),
      customDeserializer: CUSTOM_DESERIALIZER,
      // Text is kept verbatim (execSchedule may end in a space that matters).
      preserveWhitespace: true,
      disableCache: true,
    } as unknown as Parameters<typeof createClientAsync>[1]);
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

  /** Runs one operation; returns the content of `<opReturn>` (null when empty). */
  async function call(op: string, args: object, extraSecrets: Array<string | undefined> = []): Promise<unknown> {
    const scrub = extraSecrets.length > 0 ? makeScrubber([conn.password, ...extraSecrets]) : scrubConn;
    const method = (client as unknown as Record<string, unknown>)[`${op}Async`];
    if (typeof method !== 'function') throw new IpsError('internal', `The IPS WSDL has no operation ${op}`, { operation: op });
    let result: unknown;
    let raw: unknown;
    try {
      [result, raw] = (await method.call(client, compact(args), { timeout: timeoutMs, retryStale: !NOT_RETRIED.has(op) })) as [unknown, unknown];
    } catch (err) {
      throw toIpsError(err, { operation: op, scrub });
    }
    const body = typeof raw === 'string' ? raw : '';
    if (!RE_ENVELOPE.test(body) || !RE_BODY.test(body)) {
      throw toIpsError({ response: { status: 200 }, body }, { operation: op, scrub });
    }
    if (!VOID_OPS.has(op) && !new RegExp(`<(?:[\\w.-]+:)?${op}Return[\\s/>]`).test(body)) {
      throw new IpsMalformedResponseError(`IPS answered ${op} without a ${op}Return element`, { operation: op, httpStatus: 200 });
    }
    return result;
  }

  function required<T>(op: string, what: string, v: T | undefined): T {
    if (v === undefined) throw new IpsMalformedResponseError(`IPS answered ${op} without ${what}`, { operation: op, httpStatus: 200 });
    return v;
  }

  const jobAction = (op: string) => async (ref: JobRef): Promise<void> => {
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
      return N.companyMemberships(await call('getCompanyMembership', { userHandle }));
    },

    async getCompanyInfo(q) {
      const ret = await call('getCompanyInfo', { companyHandle: q.companyHandle, companyName: q.companyName });
      return required('getCompanyInfo', 'companyInfo', N.company(N.field(ret, 'companyInfo')));
    },

    async getUserInfo(q = {}) {
      const ret = await call('getUserInfo', { userHandle: q.userHandle, email: q.email });
      return required('getUserInfo', 'userInfo', N.user(N.field(ret, 'userInfo')));
    },

    async checkLogin(q) {
      const ret = await call('checkLogin', { companyHandle: q.companyHandle, email: q.email, password: q.password }, [q.password]);
      return required('checkLogin', 'status', N.str(N.field(ret, 'status'))?.trim());
    },

    async getActiveJobs(q = {}) {
      return N.activeJobs(await call('getActiveJobs', { companyHandle: q.companyHandle, jobHandle: q.jobHandle, originalName: q.originalName }));
    },

    async getScheduledJobs(q) {
      return N.scheduledJobs(await call('getScheduledJobs', { companyHandle: q.companyHandle, jobHandle: q.jobHandle, originalName: q.originalName }));
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
      return N.jobLogs(await call('getJobLogs', args));
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
      return N.jobLogs(await call('getJobLogDetails', args));
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
      const ret = await call('submitJob', args);
      return required('submitJob', 'jobHandle', N.str(N.field(ret, 'jobHandle')));
    },

    async getAssetJobLogs(q) {
      return N.assetJobLogs(await call('getAssetJobLogs', { companyHandle: q.companyHandle, assetHandle: q.assetHandle }));
    },

    async getAssetsByName(q) {
      const args = {
        companyHandle: q.companyHandle,
        nameArray: { items: q.names },
        assetTypeArray: q.assetTypes && q.assetTypes.length > 0 ? { items: q.assetTypes } : undefined,
      };
      return N.assets(await call('getAssetsByName', args));
    },
  };
  return api;
}
