// The IPS operations behind one dispatcher: authentication, the required children, company
// membership and role, then the handler of the operation's family:
//   op-jobs.ts       getActiveJobs, getScheduledJobs, getJobLogs, getJobLogDetails, getAssetJobLogs
//   op-actions.ts    stopJob, pauseJob, resumeJob, deleteJob, executeJob
//   op-directory.ts  getCompanyMembership, getCompanyInfo, getUserInfo, checkLogin, getAssetsByName
//   op-submit.ts     submitJob
// Responses are written by hand in IPS field order (records.ts, xml.ts); faults are SoapFaults.
import { authenticate, authorize, memberRole, checkRole, readAuthHeader, type AuthInfo } from './auth.ts';
import { jobAction } from './op-actions.ts';
import type { Ctx, Operation } from './op-context.ts';
import { checkLogin, getAssetsByName, getCompanyInfo, getCompanyMembership, getUserInfo } from './op-directory.ts';
import { getActiveJobs, getAssetJobLogs, getJobLogDetails, getJobLogs, getScheduledJobs } from './op-jobs.ts';
import { submitJob } from './op-submit.ts';
import { api } from './soap-fault.ts';
import type { Profile, SimUser } from './types.ts';
import { str } from './values.ts';
import type { World } from './world.ts';

export { OPERATIONS, type Operation } from './op-context.ts';
export { SoapFault, faultXml, type FaultElement } from './soap-fault.ts';
export { readAuthHeader, type AuthInfo } from './auth.ts';
export { str } from './values.ts';

export interface CallInput {
  op: Operation;
  /** Body namespace to answer in. */
  ns: string;
  args: unknown;
  /** Parsed SOAP headers. */
  headers: unknown;
  /** HTTP Authorization header (Basic), if any. */
  authorization?: string;
  /** Raw text of some values the XML parser trims (execSchedule keeps trailing spaces). */
  rawValues?: { execSchedule?: string };
}

/** Required children per operation (beyond what each handler checks itself). */
const REQUIRED: Partial<Record<Operation, string[]>> = {
  getScheduledJobs: ['companyHandle'],
  getJobLogDetails: ['companyHandle'],
  getAssetJobLogs: ['companyHandle', 'assetHandle'],
  submitJob: ['companyHandle', 'jobName'],
  stopJob: ['companyHandle', 'jobHandle'],
  pauseJob: ['companyHandle', 'jobHandle'],
  resumeJob: ['companyHandle', 'jobHandle'],
  deleteJob: ['companyHandle', 'jobHandle'],
  executeJob: ['companyHandle', 'jobHandle'],
  checkLogin: ['email', 'password'],
  getAssetsByName: ['companyHandle', 'nameArray'],
};

const HANDLERS: Record<Operation, (ctx: Ctx) => string> = {
  getActiveJobs,
  getScheduledJobs,
  getJobLogs,
  getJobLogDetails,
  getAssetJobLogs,
  submitJob,
  stopJob: jobAction,
  pauseJob: jobAction,
  resumeJob: jobAction,
  deleteJob: jobAction,
  executeJob: jobAction,
  getCompanyMembership,
  getCompanyInfo,
  getUserInfo,
  checkLogin,
  getAssetsByName,
};

export class IpsService {
  readonly world: World;
  /** Profile for jobs created by submitJob / executeJob (default: from the seed). */
  submitProfile: Profile | 'random' = 'random';

  constructor(world: World) {
    this.world = world;
  }

  /** Run one call. Returns the `…Return` element; throws SoapFault. */
  call(input: CallInput): string {
    const world = this.world;
    const now = world.now();
    world.tick(now);
    const auth = readAuthHeader(input.headers, input.authorization);
    const user = this.authenticate(auth);
    const args = input.args && typeof input.args === 'object' ? (input.args as Record<string, unknown>) : {};
    for (const name of REQUIRED[input.op] ?? []) {
      const v = args[name];
      if (v === undefined || v === null || v === '') throw api(30002, `Missing required parameter '${name}' for ${input.op}`);
    }
    // Company membership and role.
    const companyRef = input.op === 'checkLogin' || input.op === 'getCompanyInfo' ? undefined : str(args.companyHandle);
    checkRole(world, input.op, companyRef !== undefined && companyRef !== '' ? memberRole(world, user, companyRef) : user.defaultRole);
    const ctx: Ctx = {
      world,
      user,
      locale: auth.locale,
      args,
      ns: input.ns,
      op: input.op,
      now,
      rawValues: input.rawValues ?? {},
      submitProfile: this.submitProfile,
    };
    return HANDLERS[input.op](ctx);
  }

  /** The user of these credentials, or an authenticationFault. */
  authenticate(auth: AuthInfo): SimUser {
    return authenticate(this.world, auth);
  }

  /** Company membership and role check for an operation (authorizationFault 20000/20006/20003). */
  authorize(user: SimUser, companyHandle: string, op: Operation): void {
    authorize(this.world, user, companyHandle, op);
  }
}
