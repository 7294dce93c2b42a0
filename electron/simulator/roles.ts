// Role matrix (operations.md), configurable, and the role a user acts with in a company.
import type { SimCompany, SimUser } from './types.ts';

const ALL_ROLES = [
  'IpsAdmin',
  'IpsCompanyAdmin',
  'IpsUser',
  'TrialSiteAdmin',
  'TrialSiteUser',
  'ImagePortalAdmin',
  'ImagePortalUser',
  'ImagePortalContrib',
  'ImagePortalContribUser',
];
const without = (...roles: string[]): string[] => ALL_ROLES.filter((r) => !roles.includes(r));

export function defaultRoleMatrix(): Map<string, Set<string>> {
  const m: Record<string, string[]> = {
    getActiveJobs: without('ImagePortalUser'),
    getScheduledJobs: without('ImagePortalUser'),
    getJobLogs: ALL_ROLES,
    getJobLogDetails: without('TrialSiteAdmin'),
    getAssetJobLogs: ALL_ROLES,
    submitJob: without('IpsCompanyAdmin', 'ImagePortalUser'),
    stopJob: without('ImagePortalUser'),
    pauseJob: without('ImagePortalUser'),
    resumeJob: without('ImagePortalUser'),
    deleteJob: without('ImagePortalUser'),
    executeJob: without('IpsCompanyAdmin', 'ImagePortalUser'),
    getCompanyMembership: ALL_ROLES,
    getCompanyInfo: without('IpsCompanyAdmin'),
    getUserInfo: ALL_ROLES,
    checkLogin: ALL_ROLES,
    getAssetsByName: without('ImagePortalUser'),
  };
  return new Map(Object.entries(m).map(([k, v]) => [k, new Set(v)]));
}

/** The role the user acts with in a company (IpsAdmin everywhere), or undefined if not a member. */
export function roleIn(user: SimUser, companyHandle: string): string | undefined {
  if (user.defaultRole === 'IpsAdmin') return 'IpsAdmin';
  const m = user.memberships.get(companyHandle);
  return m && m.isActive ? m.role : undefined;
}

/** Companies the user may see. */
export function companiesOf(companies: Iterable<SimCompany>, user: SimUser): SimCompany[] {
  const all = [...companies];
  return user.defaultRole === 'IpsAdmin' ? all : all.filter((c) => user.memberships.get(c.handle)?.isActive);
}
