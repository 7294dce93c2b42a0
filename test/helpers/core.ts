// The real app core for tests (not a test file itself).
import { createAppCore, type AppCoreOptions } from '../../electron/core/app.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import { createMemoryHistoryStore } from '../../electron/core/history.ts';
import { defaultSettings, type SavedAccount, type Settings } from '../../shared/settings.ts';
import type { AppNotification } from '../../shared/domain.ts';

/** The app core on memory stores with the demo simulator, in English, opening and copying nothing; `over` replaces any of it. */
export function testCore(over: Partial<AppCoreOptions> = {}): ReturnType<typeof createAppCore> {
  return createAppCore({
    settingsStore: createMemorySettingsStore(),
    secretStore: createMemorySecretStore(),
    systemLocales: ['en'],
    appVersion: '1.0.0',
    openExternal: async () => {},
    copyText: () => {},
    log: () => {},
    simulator: () => import('../../electron/simulator/index.ts'),
    ...over,
  });
}

/** testCore on fresh memory stores that it hands back, for a test that reads what the core saved. */
export function testCoreWithStores(over: Omit<Partial<AppCoreOptions>, 'settingsStore' | 'secretStore'> = {}) {
  const settingsStore = createMemorySettingsStore();
  const secretStore = createMemorySecretStore();
  return { core: testCore({ settingsStore, secretStore, ...over }), settingsStore, secretStore };
}

/** A watched saved account for tests, on `serviceUrl`, signed in as `user`. */
export function savedAccount(id: string, name: string, serviceUrl: string, user = 'ops@example.com'): SavedAccount {
  return { id, name, enabled: true, region: 'na', staging: false, serviceUrl, user };
}

/**
 * testCore watching `accounts` (their passwords by account id), each with a memory history of
 * its own (`histories`, by account id), and every notification it raises collected in `notes`.
 */
export function accountsCore(accounts: SavedAccount[], passwords: Record<string, string>, settings: Partial<Settings> = {}) {
  const histories = new Map<string, ReturnType<typeof createMemoryHistoryStore>>();
  const core = testCore({
    settingsStore: createMemorySettingsStore({ ...defaultSettings(), ...settings, accounts }),
    secretStore: createMemorySecretStore(passwords),
    historyStoreFor: (id) => histories.get(id) ?? histories.set(id, createMemoryHistoryStore()).get(id)!,
  });
  const notes: AppNotification[] = [];
  core.onNotification((n) => notes.push(n));
  return { core, notes, histories };
}
