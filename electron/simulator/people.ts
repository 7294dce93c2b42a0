// The simulator's companies (with their seeded assets) and users, as the World stores them.
import { makeAssets, type Media, type SimAsset } from './catalog.ts';
import { createRng, mixSeed } from './rng.ts';
import type { SimCompany, SimUser, SimUserInput } from './types.ts';

export function makeCompany(seed: number, id: number, input: { name: string; rootPath?: string; assets?: number }): SimCompany {
  const rootPath = input.rootPath ?? `${input.name.replace(/[^\p{L}\p{N}]+/gu, '')}/`;
  const assets = makeAssets(createRng(mixSeed(seed, id)), id, rootPath, input.assets ?? 400);
  const pools = new Map<Media, SimAsset[]>();
  for (const m of ['image', 'video', 'pdf', 'set'] as const) {
    const p = assets.filter((a) => a.media === m);
    pools.set(m, p.length > 0 ? p : assets);
  }
  pools.set('metadata', pools.get('image') ?? assets);
  pools.set('mixed', assets);
  return { id, handle: `c|${id}`, name: input.name, rootPath, expires: Date.parse('2101-01-31T23:00:00.000-08:00'), assets, pools };
}

/** A user; memberships name companies by handle or name (`company` finds them). */
export function makeUser(id: number, input: SimUserInput, company: (ref: string) => SimCompany | undefined): SimUser {
  const [local = 'user'] = input.email.split('@');
  const u: SimUser = {
    id,
    handle: `u|${id}|${input.email}`,
    email: input.email,
    password: input.password,
    firstName: input.firstName ?? local.charAt(0).toUpperCase() + local.slice(1),
    lastName: input.lastName ?? 'Example',
    defaultRole: input.defaultRole ?? 'IpsUser',
    isValid: input.isValid ?? true,
    passwordExpires: Date.parse('2099-12-31T00:00:00.000Z'),
    memberships: new Map(),
  };
  for (const [ref, m] of Object.entries(input.memberships ?? {})) {
    const c = company(ref);
    if (!c) throw new Error(`addUser: unknown company ${ref}`);
    u.memberships.set(c.handle, typeof m === 'string' ? { role: m, isActive: true } : m);
  }
  return u;
}
