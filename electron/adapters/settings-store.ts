// Settings on disk through electron-store (atomic writes, the app's userData folder),
// validated with the one settings schema (shared/settings.ts) and upgraded with the same
// schemaVersion migrations as the plain-Node store (electron/core/stores.ts).
//
// A store that cannot be read (bad JSON, a version from the future, invalid fields) never
// crashes the app and is never lost: the file is copied aside as
// `<file>.corrupt-<time>` and the app starts from defaults (or from the fields that
// were still valid). electron-store's own clearInvalidConfig stays off, since it would
// delete the file.
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { settingsSchema, type Settings } from '../../shared/settings.ts';
import { migrateSettings, parseSettingsLenient } from '../core/stores.ts';
import type { SettingsStore } from '../core/types.ts';

export interface ElectronSettingsStore extends SettingsStore {
  readonly path: string;
  /** Why the file on disk was not used as it was, if it was not. */
  readonly problem?: string;
  /** Where the unusable original was kept. */
  readonly keptAsidePath?: string;
}

export interface SettingsStoreOptions {
  /** Folder; default the app's userData. */
  cwd?: string;
  /** File name without .json; default `settings`. */
  name?: string;
  now?: () => number;
}

type Raw = Record<string, unknown>;

export function createSettingsStore(opts: SettingsStoreOptions = {}): ElectronSettingsStore {
  const now = opts.now ?? Date.now;
  const name = opts.name ?? 'settings';
  const cwd = opts.cwd ?? app.getPath('userData');
  const storeOptions = {
    name,
    cwd,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  };
  const asideName = (path: string): string => `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;

  let problem: string | undefined;
  let keptAsidePath: string | undefined;
  let store: Store<Raw>;
  let raw: Raw;
  try {
    store = new Store<Raw>(storeOptions);
    raw = store.store;
  } catch (err) {
    // Unparseable file: move it aside and start a fresh one.
    const path = join(cwd, `${name}.json`);
    const guess = existsSync(path) ? path : undefined;
    if (guess) {
      keptAsidePath = asideName(guess);
      renameSync(guess, keptAsidePath);
    }
    problem = `settings file unreadable (${(err as Error).message}); defaults used`;
    store = new Store<Raw>(storeOptions);
    raw = {};
  }

  let settings: Settings;
  try {
    const parsed = parseSettingsLenient(migrateSettings(raw));
    settings = parsed.settings;
    if (parsed.partial) problem = 'some settings were invalid and were reset to their defaults';
  } catch (err) {
    // E.g. written by a newer version of the app.
    settings = settingsSchema.parse({});
    problem = `settings not understood (${(err as Error).message}); defaults used`;
  }
  if (problem && !keptAsidePath && existsSync(store.path)) {
    keptAsidePath = asideName(store.path);
    copyFileSync(store.path, keptAsidePath);
  }
  if (JSON.stringify(raw) !== JSON.stringify(settings)) store.store = settings as unknown as Raw;

  return {
    path: store.path,
    ...(problem ? { problem } : {}),
    ...(keptAsidePath ? { keptAsidePath } : {}),
    get: () => structuredClone(settings),
    set(next: Settings) {
      const valid = settingsSchema.parse(next);
      store.store = valid as unknown as Raw;
      settings = valid;
    },
  };
}
