// Which account a saved history belongs to: the server (demo, a region and its staging
// twin, or a service URL) and the user. The engine saves it with the jobs and does not
// load jobs saved for another account: a job of the staging server shown under
// production would open with "Unknown job handle".
import type { AccountSettings } from '../../shared/settings.ts';

/** The embedded simulator's "account" (an engine with no account given runs on it). */
export const DEMO_ACCOUNT: AccountSettings = { mode: 'demo', region: 'na', staging: false, serviceUrl: '', user: '' };

export function historyIdentity(account: Pick<AccountSettings, 'mode' | 'region' | 'staging' | 'serviceUrl'>, userEmail: string): string {
  const user = userEmail.trim().toLowerCase();
  if (account.mode === 'demo') return `demo|${user}`;
  const server = account.serviceUrl.trim()
    ? account.serviceUrl.trim().replace(/\/+$/, '').toLowerCase()
    : `${account.region}${account.staging ? '-staging' : ''}`;
  return `${server}|${user}`;
}

/** Whether a history saved as `saved` (undefined: saved before accounts were recorded) may be shown for `current`. */
export function historyBelongs(saved: string | undefined, current: string): boolean {
  return saved === undefined || saved === current;
}
