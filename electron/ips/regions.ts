// IPS endpoints per region (docs/ips-api/README.md §1.1, upload-post.md §1) and the
// rule for custom service URLs: https, or plain http only on the loopback interface.
import { isLoopbackHost } from '../../shared/loopback.ts';
import type { IpsConnection, Region } from './api.ts';
import { IpsError } from './errors.ts';

/** The one definition of loopback (../../shared/loopback.ts). */
export { isLoopbackHost };

const HOST_NUMBER: Record<Region, number> = { na: 1, emea: 3, apac: 5 };

function hostNumber(region: Region): number {
  const n = HOST_NUMBER[region];
  if (n === undefined) throw new IpsError('usage', `Unknown IPS region "${String(region)}" (use na, emea or apac)`);
  return n;
}

/** SOAP endpoint, e.g. https://s7sps1apissl.scene7.com/scene7/services/IpsApiService. */
export function serviceUrlFor(region: Region, staging = false): string {
  return `https://s7sps${hostNumber(region)}apissl${staging ? '-staging' : ''}.scene7.com/scene7/services/IpsApiService`;
}

/** UploadFile servlet, e.g. https://s7sps1ssl.scene7.com/scene7/UploadFile (note: not the …apissl host). */
export function uploadUrlFor(region: Region, staging = false): string {
  return `https://s7sps${hostNumber(region)}ssl${staging ? '-staging' : ''}.scene7.com/scene7/UploadFile`;
}

/**
 * Checks a custom service URL: must be http(s), https unless the host is loopback, and
 * carry no credentials. Returns the normalized URL string; throws IpsError kind "usage".
 */
export function checkServiceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IpsError('usage', 'The IPS service URL is not a valid URL');
  }
  if (url.username || url.password) throw new IpsError('usage', 'The IPS service URL must not contain a user name or password');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url.toString();
    throw new IpsError('usage', `The IPS service URL must use https (plain http is allowed only for localhost), got host ${url.hostname}`);
  }
  throw new IpsError('usage', `The IPS service URL must use https, not ${url.protocol.replace(':', '')}`);
}

/** The endpoint a connection talks to: its serviceUrl if set, else its region's host. */
export function resolveServiceUrl(conn: Pick<IpsConnection, 'region' | 'staging' | 'serviceUrl'>): string {
  if (conn.serviceUrl !== undefined && conn.serviceUrl !== '') return checkServiceUrl(conn.serviceUrl);
  return serviceUrlFor(conn.region ?? 'na', conn.staging ?? false);
}
