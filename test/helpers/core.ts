// The real app core for tests (not a test file itself).
import { createAppCore, type AppCoreOptions } from '../../electron/core/app.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';

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
