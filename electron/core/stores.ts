// Plain-Node stores for the core: a JSON-file settings store
// and memory versions of the settings and secret stores (history lives in ./history.ts). The CLI and the web preview use
// these; the desktop shell has its own (electron-store + safeStorage) in electron/adapters/.
//
// Nothing here ever throws on a bad file: a file that cannot be read or does not match
// the schema is kept aside (renamed to `<file>.corrupt-<time>`) and the defaults, or as
// much of the file as is still valid, are used instead.
import { readFileSync, renameSync } from 'node:fs';
import { writeFileAtomicSync } from './atomic-json.ts';
import type { SecretStorage } from '../../shared/ipc.ts';
import { LEGACY_ACCOUNT_ID, accountSchema, defaultAccountName, defaultSettings, settingsSchema, type Settings } from '../../shared/settings.ts';
import type { SecretStore, SettingsStore } from './types.ts';

/** The settings schema version this build writes. */
export const SETTINGS_SCHEMA_VERSION = 2;

type Raw = Record<string, unknown>;

/**
 * Upgrades from one schema version to the next: MIGRATIONS[n] turns a version-n object
 * into a version-(n+1) object. Version 0 is a file written before schemaVersion existed.
 */
const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  0: (raw) => ({ ...raw, schemaVersion: 1 }),
  1: accountToAccounts,
};

/**
 * Version 1 had one `account`; version 2 a list of named `accounts`. The one account becomes
 * `accounts[0]` with the id LEGACY_ACCOUNT_ID (its stored password and history follow that id),
 * watched when it was in use (`mode: 'ips'`), kept but not watched when the app ran the demo.
 * An account without a user name was never one: nothing to keep.
 */
function accountToAccounts(raw: Raw): Raw {
  const { account, ...rest } = raw;
  const parsed = accountSchema.safeParse(account ?? {});
  const a = parsed.success ? parsed.data : undefined;
  const accounts =
    a && a.user
      ? [
          {
            id: LEGACY_ACCOUNT_ID,
            name: defaultAccountName(a),
            enabled: a.mode === 'ips',
            region: a.region,
            staging: a.staging,
            serviceUrl: a.serviceUrl,
            user: a.user,
          },
        ]
      : [];
  return { ...rest, accounts, schemaVersion: 2 };
}

export interface SettingsLoadResult {
  settings: Settings;
  /** Where the unreadable original was moved, when it was. */
  keptAsidePath?: string;
  /** Why the file was not used as it was. */
  problem?: string;
}

function isPlainObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Apply MIGRATIONS up to the current version. Throws on a version from the future. */
export function migrateSettings(raw: Raw): Raw {
  let version = raw.schemaVersion === undefined ? 0 : raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`unknown schemaVersion ${JSON.stringify(version)}`);
  }
  if (version > SETTINGS_SCHEMA_VERSION) throw new Error(`schemaVersion ${version} is newer than this app understands`);
  let out = raw;
  while (version < SETTINGS_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schemaVersion ${version}`);
    out = step(out);
    version += 1;
  }
  return out;
}

/**
 * Validate a raw settings object. A top-level field that does not validate falls back to
 * its default while the valid ones are kept (a list keeps its valid entries); `partial` says
 * whether that happened.
 */
export function parseSettingsLenient(raw: Raw): { settings: Settings; partial: boolean } {
  const full = settingsSchema.safeParse(raw);
  if (full.success) return { settings: full.data, partial: false };
  const good: Raw = { schemaVersion: SETTINGS_SCHEMA_VERSION };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'schemaVersion' || !(key in settingsSchema.shape)) continue;
    if (settingsSchema.safeParse({ ...good, [key]: value }).success) good[key] = value;
    else if (Array.isArray(value)) {
      // A list (saved filters) keeps its valid entries: one corrupt entry loses only itself.
      const kept: unknown[] = [];
      for (const item of value) if (settingsSchema.safeParse({ ...good, [key]: [...kept, item] }).success) kept.push(item);
      good[key] = kept;
    }
  }
  return { settings: settingsSchema.parse(good), partial: true };
}

/** Read, migrate and validate a settings file. Never throws. */
export function loadSettingsFile(path: string, now: () => number = Date.now): SettingsLoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaultSettings() };
    return { settings: defaultSettings(), problem: `cannot read settings: ${(err as Error).message}` };
  }
  let problem: string;
  let settings = defaultSettings();
  try {
    const raw: unknown = JSON.parse(text);
    if (!isPlainObject(raw)) throw new Error('not a JSON object');
    const parsed = parseSettingsLenient(migrateSettings(raw));
    if (!parsed.partial) {
      return { settings: parsed.settings };
    }
    settings = parsed.settings;
    problem = 'some settings were invalid and were reset to their defaults';
  } catch (err) {
    problem = `settings file unreadable (${(err as Error).message}); defaults used`;
  }
  const aside = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(path, aside);
    return { settings, keptAsidePath: aside, problem };
  } catch {
    return { settings, problem };
  }
}

export interface JsonSettingsStore extends SettingsStore {
  readonly path: string;
  /** What happened when the file was loaded (a problem and where the bad file went, if any). */
  readonly loadResult: SettingsLoadResult;
}

/**
 * Settings in a JSON file (written atomically, mode 0600). Loaded once; `set` validates
 * and writes through. A corrupt file never crashes: see loadSettingsFile.
 */
export function createJsonSettingsStore(path: string, opts: { now?: () => number } = {}): JsonSettingsStore {
  const loadResult = loadSettingsFile(path, opts.now);
  let current = loadResult.settings;
  return {
    path,
    loadResult,
    get: () => structuredClone(current),
    set(settings: Settings) {
      const valid = settingsSchema.parse(settings);
      writeFileAtomicSync(path, `${JSON.stringify(valid, null, 2)}\n`);
      current = valid;
    },
  };
}

/** Settings in memory (tests, the web preview without --state-dir). */
export function createMemorySettingsStore(initial?: unknown): SettingsStore {
  let current = initial === undefined ? defaultSettings() : settingsSchema.parse(isPlainObject(initial) ? migrateSettings(initial) : initial);
  return {
    get: () => structuredClone(current),
    set(settings: Settings) {
      current = settingsSchema.parse(settings);
    },
  };
}

/**
 * The passwords in memory only: never written anywhere. Used by the preview, the tests,
 * and as the "session only" store. A string `initial` is the password of the account a
 * version-1 settings file had (LEGACY_ACCOUNT_ID).
 */
export function createMemorySecretStore(initial?: string | Record<string, string>): SecretStore {
  const secrets = new Map<string, string>(typeof initial === 'string' ? [[LEGACY_ACCOUNT_ID, initial]] : Object.entries(initial ?? {}));
  return {
    get: async (account) => secrets.get(account),
    async set(account, password) {
      secrets.set(account, password);
    },
    async clear(account) {
      secrets.delete(account);
    },
    storage: (account): SecretStorage => (secrets.has(account) ? 'session-only' : 'none'),
  };
}
