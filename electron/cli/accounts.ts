// `--account NAME`: the desktop app's saved accounts, read from its own settings file (never
// written: the CLI neither migrates it on disk nor moves a bad one aside). The file is the
// app's electron-store `settings.json` in its userData folder (electron/adapters/settings-store.ts,
// named after package.json's productName), or the one IPS_JOBS_SETTINGS / --settings names;
// it is checked with the app's own schema (shared/settings.ts), so a name means the account
// the window shows under that name.
//
// Passwords stay in the environment: the app's are encrypted with Electron safeStorage, which
// a plain Node process cannot open. Account NAME reads IPS_PASSWORD_<NAME> (upper-cased, every
// character other than A-Z and 0-9 an `_`), else IPS_PASSWORD. Where that variable would be
// ambiguous (two names that give the same one, or a name without A-Z/0-9, such as a Chinese
// one) it is IPS_PASSWORD_ID_<ID> instead; `ips-jobs accounts` prints each account's variable.
// The user is the account's own; IPS_USER and --user are for --region / --service-url.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { settingsSchema, type SavedAccount } from '../../shared/settings.ts';
import { migrateSettings } from '../core/stores.ts';
import { UsageError } from './errors.ts';
import pkg from '../../package.json' with { type: 'json' };

/** The folder Electron names the app's userData after (app.getName(): productName, else name). */
export const APP_DIR_NAME: string = (pkg as { productName?: string; name: string }).productName ?? (pkg as { name: string }).name;
/** `--account all`: every enabled account (a saved account named "all" is that account instead). */
export const ALL_ACCOUNTS = 'all';

/** Where the desktop app keeps its settings on this platform. */
export function defaultSettingsPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const base =
    platform === 'win32'
      ? env.APPDATA || join(home, 'AppData', 'Roaming')
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, APP_DIR_NAME, 'settings.json');
}

/** --settings, else IPS_JOBS_SETTINGS, else the app's own file. */
export function settingsPathFor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.IPS_JOBS_SETTINGS?.trim() || defaultSettingsPath(env));
}

/** The saved accounts in the settings file at `path`; a missing or unusable file is a usage error (exit 2). */
export function readSavedAccounts(path: string): SavedAccount[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError('cli.error.settingsMissing', { path });
    throw new UsageError('cli.error.settingsUnreadable', { path, detail: code ?? String(err) });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError('cli.error.settingsCorrupt', { path, detail: (err as Error).message });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError('cli.error.settingsCorrupt', { path, detail: 'not a JSON object' });
  let migrated: Record<string, unknown>;
  try {
    // In memory only: a version-1 file's one account reads as the app reads it.
    migrated = migrateSettings(raw as Record<string, unknown>);
  } catch (err) {
    throw new UsageError('cli.error.settingsCorrupt', { path, detail: (err as Error).message });
  }
  // Only the accounts matter here: a bad field elsewhere (the app resets it) is no reason to refuse.
  const parsed = settingsSchema.shape.accounts.safeParse(migrated.accounts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['accounts', ...(issue?.path ?? [])].join('.');
    throw new UsageError('cli.error.settingsCorrupt', { path, detail: `${where}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
}

const envPart = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** The environment variable that holds each account's password (see the top of this file). */
export function passwordVariables(accounts: readonly SavedAccount[]): Map<string, string> {
  const byName = accounts.map((a) => ({ a, v: `IPS_PASSWORD_${envPart(a.name)}` }));
  const count = new Map<string, number>();
  for (const { v } of byName) count.set(v, (count.get(v) ?? 0) + 1);
  return new Map(byName.map(({ a, v }) => [a.id, count.get(v) === 1 && /[A-Za-z0-9]/.test(a.name) ? v : `IPS_PASSWORD_ID_${envPart(a.id)}`]));
}

/** A saved account ready to sign in with, and where its password came from. */
export interface ResolvedAccount {
  account: SavedAccount;
  password?: string;
  /** The variable the password was (or would be) read from. */
  variable: string;
  /** The variable that gave the password: `variable`, IPS_PASSWORD, or none. */
  passwordFrom?: string;
}

export function resolvePassword(a: SavedAccount, variables: Map<string, string>, env: NodeJS.ProcessEnv): ResolvedAccount {
  const variable = variables.get(a.id)!;
  if (env[variable]) return { account: a, variable, password: env[variable], passwordFrom: variable };
  if (env.IPS_PASSWORD) return { account: a, variable, password: env.IPS_PASSWORD, passwordFrom: 'IPS_PASSWORD' };
  return { account: a, variable };
}

/**
 * The accounts `--account` names, in the settings' order, each once. Names match without
 * regard to case; `all` is every enabled account. `single`: the command acts on one account.
 */
export function selectAccounts(names: readonly string[], saved: readonly SavedAccount[], env: NodeJS.ProcessEnv, single?: string): ResolvedAccount[] {
  const known = saved.map((a) => a.name).join(', ');
  const picked = new Set<string>();
  let all = false;
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    const hit = saved.find((a) => a.name.toLowerCase() === name);
    if (hit) picked.add(hit.id);
    else if (name === ALL_ACCOUNTS) {
      all = true;
      for (const a of saved) if (a.enabled) picked.add(a.id);
    } else if (saved.length === 0) throw new UsageError('cli.error.noSavedAccounts', { name: raw.trim() });
    else throw new UsageError('cli.error.unknownAccount', { name: raw.trim(), known });
  }
  if (single && (all || picked.size > 1)) throw new UsageError('cli.error.oneAccount', { command: single });
  const chosen = saved.filter((a) => picked.has(a.id));
  if (chosen.length === 0) throw new UsageError('cli.error.noEnabledAccounts', { known });
  for (const a of chosen) if (!a.user) throw new UsageError('cli.error.accountNoUser', { account: a.name });
  const variables = passwordVariables(saved);
  const out = chosen.map((a) => resolvePassword(a, variables, env));
  const missing = out.filter((r) => !r.password);
  if (missing.length > 0) {
    throw new UsageError('cli.error.accountNoPassword', {
      account: missing.map((r) => r.account.name).join(', '),
      variable: missing.map((r) => r.variable).join(', '),
    });
  }
  return out;
}
