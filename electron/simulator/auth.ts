// Who is calling and what they may do: the authHeader (either namespace, or HTTP Basic),
// authentication (10000/10001/10002), company membership and the role matrix (20000/20006/20003).
import { roleIn } from './roles.ts';
import { SoapFault, authz } from './soap-fault.ts';
import type { SimUser } from './types.ts';
import { bool, int, str } from './values.ts';
import type { World } from './world.ts';

export interface AuthInfo {
  user?: string;
  password?: string;
  locale?: string;
  appName?: string;
  gzipResponse?: boolean;
  faultHttpStatusCode?: number;
}

export function readAuthHeader(headers: unknown, authorization?: string): AuthInfo {
  const out: AuthInfo = {};
  const h = headers && typeof headers === 'object' ? ((headers as Record<string, unknown>).authHeader as Record<string, unknown> | undefined) : undefined;
  if (h && typeof h === 'object') {
    const u = str(h.user);
    const p = str(h.password);
    const l = str(h.locale);
    const a = str(h.appName);
    const g = bool(h.gzipResponse);
    const f = int(h.faultHttpStatusCode);
    if (u !== undefined && u !== '') out.user = u;
    if (p !== undefined && p !== '') out.password = p;
    if (l) out.locale = l;
    if (a) out.appName = a;
    if (g !== undefined) out.gzipResponse = g;
    if (f !== undefined && Number.isFinite(f) && f >= 200 && f <= 599) out.faultHttpStatusCode = f;
  }
  if (out.user === undefined && authorization && /^basic\s+/i.test(authorization)) {
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      out.user = decoded.slice(0, i);
      out.password = decoded.slice(i + 1);
    }
  }
  return out;
}

/** The user of these credentials, or an authenticationFault. */
export function authenticate(world: World, auth: AuthInfo): SimUser {
  if (auth.user === undefined || auth.password === undefined)
    throw new SoapFault('authenticationFault', 10000, 'No credentials were supplied (authHeader user and password)');
  const user = world.user(auth.user);
  if (!user || !user.isValid) throw new SoapFault('authenticationFault', 10002, `Unknown user '${auth.user}'`);
  if (user.password !== auth.password) throw new SoapFault('authenticationFault', 10001, `Invalid password for '${auth.user}'`);
  return user;
}

/** The role the user acts with in a company (authorizationFault 20000 unknown, 20006 not a member). */
export function memberRole(world: World, user: SimUser, companyHandle: string, companyLabel = companyHandle): string {
  const c = world.companies.get(companyHandle);
  if (!c) throw authz(20000, `Invalid company '${companyHandle}'`);
  const role = roleIn(user, c.handle);
  if (role === undefined) throw authz(20006, `User is not a member of company '${companyLabel}'`);
  return role;
}

/** The role matrix (authorizationFault 20003). */
export function checkRole(world: World, op: string, role: string): void {
  const allowed = world.roles.get(op);
  if (allowed && !allowed.has(role)) throw authz(20003, `Operation '${op}' is not permitted for role ${role}`);
}

/** Company membership and role check for an operation (authorizationFault 20000/20006/20003). */
export function authorize(world: World, user: SimUser, companyHandle: string, op: string): void {
  checkRole(world, op, memberRole(world, user, companyHandle));
}
