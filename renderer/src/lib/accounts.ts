// The saved accounts as the window shows them: each one's server, its state (watched and
// connected, not watched, its password missing), how a connection state looks (the top bar and
// Settings → Account), and whose jobs are "mine" when several accounts are watched.
import type { ConnectionInfo, SettingsView } from '../../../shared/ipc.ts';
import type { ErrorInfo } from '../../../shared/domain.ts';
import type { SavedAccount } from '../../../shared/settings.ts';
import { t } from './i18n.ts';

export interface ConnectionLook {
  /** One of components/Icon.svelte's names. */
  icon: 'success' | 'pause' | 'running' | 'offline' | 'auth' | 'error';
  text: string;
  tone: 'ok' | 'neutral' | 'warn' | 'bad';
}

/** A connection state's icon, words and tone; `paused`: polling is paused (not a green "Connected"). */
export function connectionLook(state: ConnectionInfo['state'], paused = false): ConnectionLook {
  switch (state) {
    case 'ok':
      // Not a green "Connected" while nothing is fetched: the data stops at the last poll.
      if (paused) return { icon: 'pause', text: t('ui.conn.paused'), tone: 'neutral' };
      return { icon: 'success', text: t('ui.conn.ok'), tone: 'ok' };
    case 'connecting':
      return { icon: 'running', text: t('ui.conn.connecting'), tone: 'neutral' };
    case 'offline':
      return { icon: 'offline', text: t('ui.conn.offline'), tone: 'warn' };
    case 'auth-failed':
      return { icon: 'auth', text: t('ui.conn.auth'), tone: 'bad' };
    default:
      return { icon: 'error', text: t('ui.conn.error'), tone: 'bad' };
  }
}

export interface AccountRow {
  account: SavedAccount;
  hasPassword: boolean;
  /** Watched: its connection's state; else why not. */
  state: ConnectionInfo['state'] | 'off' | 'no-password';
  error?: ErrorInfo;
}

/** Every saved account with its state. `connection.accounts` holds each one's when several are watched. */
export function accountRows(view: SettingsView, connection: ConnectionInfo, demo: boolean): AccountRow[] {
  const list = view.settings.accounts;
  const hasPassword = (id: string): boolean => !!view.accounts.find((a) => a.id === id)?.hasPassword;
  const watched = list.filter((a) => a.enabled && a.user !== '' && hasPassword(a.id));
  return list.map((account) => {
    const row = { account, hasPassword: hasPassword(account.id) };
    if (!account.enabled || account.user === '') return { ...row, state: 'off' };
    if (!row.hasPassword) return { ...row, state: 'no-password' };
    const own = connection.accounts?.find((c) => c.name === account.name);
    if (own) return { ...row, state: own.state, ...(own.error ? { error: own.error } : {}) };
    // One account watched: the one connection is its own (the demo while the app switches over).
    if (watched.length === 1 && !demo) return { ...row, state: connection.state, ...(connection.error ? { error: connection.error } : {}) };
    return { ...row, state: 'connecting' };
  });
}

/** An account's server in words: the service URL's host, or the region (and staging). */
export function serverText(a: Pick<SavedAccount, 'region' | 'staging' | 'serviceUrl'>): string {
  if (a.serviceUrl) {
    try {
      return new URL(a.serviceUrl).host;
    } catch {
      return a.serviceUrl;
    }
  }
  const region = t(`ui.region.${a.region}`);
  return a.staging ? t('ui.accounts.staging', { region }) : region;
}

/**
 * The signed-in user of each watched account, by the account's name (the `account` label of
 * its jobs): a job is "mine" when its own account's user submitted it.
 */
export function usersByAccount(view: SettingsView | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of view?.settings.accounts ?? []) if (a.enabled && a.user) out[a.name] = a.user;
  return out;
}
