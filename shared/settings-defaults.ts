// The default settings, without zod: what `settingsSchema.parse({})` gives (shared/settings.ts;
// test/unit/settings-defaults.test.ts holds the two equal). The CLI's commands start the
// engine from these and need no schema unless they read the app's settings file (--account):
// zod adds ~7 MiB to a CLI process that holds the IPS client (17 over a bare Node).
import type { Settings } from './settings.ts';

export function defaultSettings(): Settings {
  return {
    schemaVersion: 2,
    accounts: [],
    companies: [],
    polling: { activeSeconds: 10, idleSeconds: 60 },
    notifications: {
      success: true,
      warning: true,
      error: true,
      started: false,
      stalled: true,
      stalledMinutes: 15,
      connection: true,
      quietHours: { enabled: false, from: '22:00', to: '07:00' },
      pausedUntil: '',
      rules: { onlyMine: false, mutedCompanies: [], mutedKinds: [] },
    },
    historyDays: 30,
    launchAtLogin: false,
    language: 'system',
    theme: 'system',
    savedFilters: [],
  };
}
