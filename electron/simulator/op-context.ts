// What every operation handler gets (the call's context) and the small readers they share.
import { companiesOf } from './roles.ts';
import { SoapFault, api, authz } from './soap-fault.ts';
import { WorldError, type Profile, type SimCompany, type SimUser } from './types.ts';
import { str } from './values.ts';
import type { World } from './world.ts';
import { parseDate } from './xml.ts';

export const OPERATIONS = [
  'getActiveJobs',
  'getScheduledJobs',
  'getJobLogs',
  'getJobLogDetails',
  'getAssetJobLogs',
  'submitJob',
  'stopJob',
  'pauseJob',
  'resumeJob',
  'deleteJob',
  'executeJob',
  'getCompanyMembership',
  'getCompanyInfo',
  'getUserInfo',
  'checkLogin',
  'getAssetsByName',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Ctx {
  world: World;
  user: SimUser;
  locale: string | undefined;
  args: Record<string, unknown>;
  ns: string;
  op: Operation;
  now: number;
  rawValues: { execSchedule?: string };
  /** Outcome of jobs created by submitJob (IpsService.submitProfile). */
  submitProfile: Profile | 'random';
}

/** A required string parameter (ipsApiFault 30002 when missing or empty). */
export function need(ctx: Ctx, name: string): string {
  const v = str(ctx.args[name]);
  if (v === undefined || v === '') throw api(30002, `Missing required parameter '${name}' for ${ctx.op}`);
  return v;
}

/** The company a companyHandle parameter names (authorizationFault 20000 when there is none). */
export function companyNamed(ctx: Ctx, handle: string): SimCompany {
  const c = ctx.world.companies.get(handle);
  if (!c) throw authz(20000, `Invalid company '${handle}'`);
  return c;
}

/** An optional string parameter; empty counts as absent. */
export function opt(ctx: Ctx, name: string): string | undefined {
  const v = str(ctx.args[name]);
  return v === '' ? undefined : v;
}

/** An optional date parameter in the server's offset (ipsApiFault 30001 when unreadable). */
export function dateArg(ctx: Ctx, name: string): number | undefined {
  const v = opt(ctx, name);
  if (v === undefined) return undefined;
  const ms = parseDate(v, ctx.world.offsetMinutes);
  if (Number.isNaN(ms)) throw api(30001, `Invalid ${name} '${v}'`);
  return ms;
}

/** The company asked for, else every company of the caller. */
export function visibleCompanies(ctx: Ctx): SimCompany[] {
  const co = opt(ctx, 'companyHandle');
  if (co !== undefined) {
    const c = ctx.world.companies.get(co);
    return c ? [c] : [];
  }
  return companiesOf(ctx.world.companies.values(), ctx.user);
}

/** Run a World call; its WorldError becomes the matching SoapFault. */
export function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WorldError) throw new SoapFault(err.fault, err.code, err.message);
    throw err;
  }
}
