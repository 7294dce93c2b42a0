// Companies, users and assets: getCompanyMembership, getCompanyInfo, getUserInfo,
// checkLogin, getAssetsByName.
import { checkRole, memberRole } from './auth.ts';
import { companyNamed, need, opt, type Ctx } from './op-context.ts';
import { companyRecord, dateOf } from './records.ts';
import { roleIn } from './roles.ts';
import { api, authz } from './soap-fault.ts';
import type { SimUser } from './types.ts';
import { strArray } from './values.ts';
import { items, returnElement, type XRecord } from './xml.ts';

export function getCompanyMembership(ctx: Ctx): string {
  const world = ctx.world;
  let user = ctx.user;
  const userHandle = opt(ctx, 'userHandle');
  if (userHandle !== undefined) {
    const u = world.userByHandle(userHandle);
    if (!u) throw api(30001, `Unknown user handle '${userHandle}'`);
    if (u !== user && !['IpsAdmin', 'IpsCompanyAdmin'].includes(user.defaultRole)) throw authz(20002, 'You may only list your own memberships');
    user = u;
  }
  const out: XRecord[] = [];
  for (const [handle, m] of user.memberships) {
    const c = world.companies.get(handle);
    if (c) out.push({ company: companyRecord(ctx.world, c), role: m.role, isActive: m.isActive });
  }
  if (user.defaultRole === 'IpsAdmin') {
    for (const c of world.companies.values())
      if (!user.memberships.has(c.handle)) out.push({ company: companyRecord(ctx.world, c), role: 'IpsAdmin', isActive: true });
  }
  return returnElement('getCompanyMembership', ctx.ns, { membershipArray: items(out) });
}

export function getCompanyInfo(ctx: Ctx): string {
  const world = ctx.world;
  const handle = opt(ctx, 'companyHandle');
  const name = opt(ctx, 'companyName');
  if (handle === undefined && name === undefined) throw api(30002, "getCompanyInfo needs 'companyHandle' or 'companyName'");
  const c = handle !== undefined ? world.companies.get(handle) : world.companyByName(name ?? '');
  if (!c) {
    if (handle !== undefined) throw authz(20000, `Invalid company '${handle}'`);
    throw api(30001, `Unknown company name '${name}'`);
  }
  checkRole(world, 'getCompanyInfo', memberRole(world, ctx.user, c.handle, c.name));
  return returnElement('getCompanyInfo', ctx.ns, { companyInfo: companyRecord(ctx.world, c) });
}

export function getUserInfo(ctx: Ctx): string {
  const world = ctx.world;
  const handle = opt(ctx, 'userHandle');
  const email = opt(ctx, 'email');
  let u: SimUser | undefined = ctx.user;
  if (handle !== undefined) u = world.userByHandle(handle);
  else if (email !== undefined) u = world.user(email);
  if (!u) throw api(30001, `Unknown user '${handle ?? email}'`);
  return returnElement('getUserInfo', ctx.ns, {
    userInfo: {
      userHandle: u.handle,
      firstName: u.firstName,
      lastName: u.lastName,
      email: u.email,
      defaultRole: u.defaultRole,
      isValid: u.isValid,
      passwordExpires: dateOf(ctx.world, u.passwordExpires),
    },
  });
}

export function checkLogin(ctx: Ctx): string {
  const world = ctx.world;
  const email = need(ctx, 'email');
  const password = need(ctx, 'password');
  const co = opt(ctx, 'companyHandle');
  const u = world.user(email);
  let ok = !!u && u.isValid && u.password === password;
  if (ok && u && co !== undefined) ok = roleIn(u, co) !== undefined;
  return returnElement('checkLogin', ctx.ns, { status: ok ? 'ValidLogin' : 'InvalidLogin' });
}

export function getAssetsByName(ctx: Ctx): string {
  const co = need(ctx, 'companyHandle');
  const c = companyNamed(ctx, co);
  const names = strArray(ctx.args.nameArray) ?? [];
  if (names.length === 0) throw api(30002, "Missing required parameter 'nameArray'");
  const only = strArray(ctx.args.assetTypeArray);
  const exclude = strArray(ctx.args.excludeAssetTypeArray);
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: XRecord[] = [];
  for (const a of c.assets) {
    const full = `${a.name}${a.ext ? `.${a.ext}` : ''}`.toLowerCase();
    if (!wanted.has(a.name.toLowerCase()) && !wanted.has(full)) continue;
    if (only && only.length > 0 && !only.includes(a.type)) continue;
    if (exclude && exclude.includes(a.type)) continue;
    out.push({ assetHandle: a.handle, type: a.type, name: a.name, folder: a.folder });
  }
  return returnElement('getAssetsByName', ctx.ns, { assetArray: items(out) });
}
