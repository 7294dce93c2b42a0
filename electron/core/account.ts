// Account rules of the app core (./app.ts): which service URLs are acceptable, and when
// the stored password may be used for an account the window sends.
//
// The stored password belongs to the saved account's user and server. It is sent only
// there: testAccount / setAccount with an empty password reuse it only for the same
// user on the same server (the same service URL, or the same region and staging flag).
// Anything else needs the password typed again, so a caller can never make the app send
// the stored password to a URL of its choosing. setAccount keeps the rule true by
// forgetting the stored password when the saved user or server changes without a new one.
import type { ErrorInfo } from '../../shared/domain.ts';
import { isLoopbackUrl } from '../../shared/loopback.ts';
import type { AccountSettings } from '../../shared/settings.ts';
import { serviceUrlFor } from '../ips/regions.ts';

function usage(message: string, extra: Partial<ErrorInfo> = {}): ErrorInfo {
  return { kind: 'usage', message, ...extra };
}

/** A service URL must be https, or http on loopback (../../shared/loopback.ts). */
export function checkServiceUrl(account: AccountSettings): ErrorInfo | undefined {
  if (!account.serviceUrl) return undefined;
  let u: URL;
  try {
    u = new URL(account.serviceUrl);
  } catch {
    return usage('The service URL is not a valid URL.');
  }
  if (u.username || u.password) return usage('The service URL must not contain a user name or password.');
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopbackUrl(u)) return undefined;
  return usage('The service URL must start with https:// (plain http only on this computer).');
}

/** Where an account's password goes: its service URL (normalized), or its region's endpoint. */
export function serverOf(account: Pick<AccountSettings, 'serviceUrl' | 'region' | 'staging'>): string {
  if (account.serviceUrl) {
    try {
      return new URL(account.serviceUrl).href;
    } catch {
      return `invalid:${account.serviceUrl}`;
    }
  }
  return serviceUrlFor(account.region, account.staging);
}

/** True when `next` signs in as the same user on the same server as the saved account. */
export function sameUserAndServer(next: AccountSettings, saved: AccountSettings): boolean {
  return next.user !== '' && next.user === saved.user && serverOf(next) === serverOf(saved);
}

/**
 * The password to try for `next`: the typed one, else the stored one when it belongs to
 * the same user and server, else an error for the password field.
 */
export async function passwordFor(
  next: AccountSettings,
  saved: AccountSettings,
  typed: string | undefined,
  stored: () => Promise<string | undefined>,
): Promise<{ password: string } | { error: ErrorInfo } | { password: undefined }> {
  if (typed) return { password: typed };
  // Demo needs none; a missing user name is reported as such by the caller.
  if (next.mode !== 'ips' || next.user === '') return { password: undefined };
  if (sameUserAndServer(next, saved)) {
    const p = await stored();
    if (p) return { password: p };
  } else if (next.user === saved.user && (await stored())) {
    return { error: usage('Type the password again: the server changed.', { input: 'password-retype' }) };
  }
  return { error: usage('Enter the password of the IPS account.', { input: 'password-missing' }) };
}
