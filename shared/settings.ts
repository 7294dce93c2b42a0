// User settings: one schema for the settings store (electron/adapters/settings-store.ts),
// the IPC validation in main, and the settings form in the renderer. The password is
// never part of Settings: it is stored apart, encrypted with safeStorage.
import { z } from './zod.ts';
import { LOCALES } from './locales.ts';
import { savedFiltersSchema } from './saved-filters.ts';

export { LOCALES, resolveLocale, type AppLocale } from './locales.ts';

export const accountSchema = z.object({
  /** `demo` runs against the embedded simulator; `ips` against a real IPS account. */
  mode: z.enum(['demo', 'ips']).default('demo'),
  region: z.enum(['na', 'emea', 'apac']).default('na'),
  staging: z.boolean().default(false),
  /** Overrides region: a full …/scene7/services/IpsApiService URL (https, or http on loopback). */
  serviceUrl: z.string().trim().max(2048).default(''),
  user: z.string().trim().max(320).default(''),
});
export type AccountSettings = z.infer<typeof accountSchema>;

/** The job families a notification rule can leave out (electron/core/notify-filter.ts sorts a job into one). */
export const NOTIFY_JOB_KINDS = ['upload', 'publish', 'export', 'other'] as const;
export type NotifyJobKind = (typeof NOTIFY_JOB_KINDS)[number];

/** A saved account's id: short, stable, safe in a file name (its password's key in the keychain). */
export const accountIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a-z, 0-9 and -');
/** The id the single account of a version-1 settings file becomes (its password and history follow it). */
export const LEGACY_ACCOUNT_ID = 'main';

/**
 * One saved IPS account: its name (shown on every job, company, tile and notification when
 * more than one is watched), its server and user. Its password lives in the secret store
 * under its id. `enabled: false` keeps it saved but not watched.
 */
export const savedAccountSchema = z.object({
  id: accountIdSchema,
  name: z.string().trim().min(1).max(40),
  enabled: z.boolean().default(true),
  region: accountSchema.shape.region,
  staging: accountSchema.shape.staging,
  serviceUrl: accountSchema.shape.serviceUrl,
  user: accountSchema.shape.user,
});
export type SavedAccount = z.infer<typeof savedAccountSchema>;

/** At most this many saved accounts. */
export const MAX_ACCOUNTS = 10;

const accountsSchema = z
  .array(savedAccountSchema)
  .max(MAX_ACCOUNTS)
  .refine((list) => new Set(list.map((a) => a.id)).size === list.length, { message: 'account ids must be unique' })
  .refine((list) => new Set(list.map((a) => a.name.toLowerCase())).size === list.length, { message: 'account names must be unique' });

/** The accounts the app watches: enabled, with a user name (the password is checked by the session). */
export function watchedAccounts(settings: Pick<Settings, 'accounts'>): SavedAccount[] {
  return settings.accounts.filter((a) => a.enabled && a.user !== '');
}

/** A name for an account that has none yet: its server (`NA`, `EMEA staging`, a host name). */
export function defaultAccountName(a: Pick<AccountSettings, 'region' | 'staging' | 'serviceUrl'>): string {
  if (a.serviceUrl.trim()) {
    try {
      return new URL(a.serviceUrl.trim()).host.slice(0, 40) || 'IPS';
    } catch {
      return 'IPS';
    }
  }
  return `${a.region.toUpperCase()}${a.staging ? ' staging' : ''}`;
}

/** A saved account as the account form and the IPS connection see it. */
export function accountSettingsOf(a: SavedAccount): AccountSettings {
  return { mode: 'ips', region: a.region, staging: a.staging, serviceUrl: a.serviceUrl, user: a.user };
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const settingsSchema = z.object({
  schemaVersion: z.literal(2).default(2),
  /** Saved IPS accounts, watched together; none enabled = the embedded demo simulator. */
  accounts: accountsSchema.default([]),
  /** Company handles to watch; empty = every company the user belongs to. */
  companies: z.array(z.string().max(200)).max(500).default([]),
  polling: z
    .object({
      /** Interval while jobs run (seconds). */
      activeSeconds: z.number().int().min(5).max(600).default(10),
      /** Interval when nothing runs (seconds). */
      idleSeconds: z.number().int().min(15).max(3600).default(60),
    })
    .refine((p) => p.idleSeconds >= p.activeSeconds, { message: 'idleSeconds must be ≥ activeSeconds' })
    .prefault({}),
  notifications: z
    .object({
      success: z.boolean().default(true),
      warning: z.boolean().default(true),
      error: z.boolean().default(true),
      started: z.boolean().default(false),
      stalled: z.boolean().default(true),
      stalledMinutes: z.number().int().min(1).max(1440).default(15),
      connection: z.boolean().default(true),
      quietHours: z.object({ enabled: z.boolean().default(false), from: hhmm.default('22:00'), to: hhmm.default('07:00') }).prefault({}),
      /** Notifications paused until this instant (ISO), or empty. */
      pausedUntil: z.string().max(40).default(''),
      /** Which jobs' news (finished, started, stalled) pops up at all; connection and sign-in news always do. */
      rules: z
        .object({
          /** Only jobs the signed-in user submitted (a job whose submitter is unknown is not theirs). */
          onlyMine: z.boolean().default(false),
          /** Companies (handles) whose jobs stay silent; a company added later is notified. */
          mutedCompanies: z.array(z.string().max(200)).max(500).default([]),
          /** Job families that stay silent. */
          mutedKinds: z.array(z.enum(NOTIFY_JOB_KINDS)).max(NOTIFY_JOB_KINDS.length).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  historyDays: z.number().int().min(1).max(365).default(30),
  launchAtLogin: z.boolean().default(false),
  /** `system` follows the OS language, falling back to English. */
  language: z.enum(['system', ...LOCALES]).default('system'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** History filters the user saved under a name (./saved-filters.ts). */
  savedFilters: savedFiltersSchema.default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** `settingsSchema.parse({})`, built without zod (./settings-defaults.ts). */
export { defaultSettings } from './settings-defaults.ts';
