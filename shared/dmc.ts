// Dynamic Media Classic (the IPS web application) for the account's server, and the hosts
// the openExternal command opens. DMC has no address for one job or one asset: a link opens
// DMC's sign-in for the region, where Jobs (and the asset) are a click away. The web host is
// the API host without "apissl" (docs/ips-api/real-world.md § Dynamic Media Classic):
// https://s7sps1.scene7.com for North America, s7sps3 for EMEA, s7sps5 for Japan/APAC.
import type { AccountSettings } from './settings.ts';

const HOST_NUMBER = { na: 1, emea: 3, apac: 5 } as const;

/** Why there is no DMC link: the demo simulator, a staging server (its DMC address is not documented), or a custom server not on scene7.com. */
export type DmcRefusal = 'demo' | 'staging' | 'custom-server';

export type DmcLink = { url: string; region: keyof typeof HOST_NUMBER } | { refusal: DmcRefusal };

/** DMC for the account: from its region, or from a custom service URL on a production s7spsNapissl.scene7.com host. */
export function dmcLink(account: Pick<AccountSettings, 'mode' | 'region' | 'staging' | 'serviceUrl'>): DmcLink {
  if (account.mode !== 'ips') return { refusal: 'demo' };
  if (account.serviceUrl) {
    let host: string;
    try {
      host = new URL(account.serviceUrl).hostname.toLowerCase();
    } catch {
      return { refusal: 'custom-server' };
    }
    const m = /^s7sps([135])apissl(-staging)?\.scene7\.com$/.exec(host);
    if (!m) return { refusal: 'custom-server' };
    if (m[2]) return { refusal: 'staging' };
    const region = (Object.keys(HOST_NUMBER) as (keyof typeof HOST_NUMBER)[]).find((r) => String(HOST_NUMBER[r]) === m[1])!;
    return { url: `https://s7sps${m[1]}.scene7.com/`, region };
  }
  if (account.staging) return { refusal: 'staging' };
  return { url: `https://s7sps${HOST_NUMBER[account.region]}.scene7.com/`, region: account.region };
}

/** Hosts (and their subdomains) openExternal opens: Adobe's DMC and documentation sites. */
export const EXTERNAL_HOSTS = ['scene7.com', 'adobe.com'] as const;

export function externalHostAllowed(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return EXTERNAL_HOSTS.some((d) => h === d || h.endsWith(`.${d}`));
}
