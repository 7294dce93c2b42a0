// The languages the app speaks, and how `system` resolves against the OS locale list.
// Apart from settings.ts (which re-exports these) so that the CLI's `--help` and the
// translator load without the settings schema (zod costs ~50 ms of start-up).
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type AppLocale = (typeof LOCALES)[number];

/** Resolve `language: system` against the OS locale list. */
export function resolveLocale(language: 'system' | AppLocale, systemLocales: readonly string[]): AppLocale {
  if (language !== 'system') return language;
  for (const raw of systemLocales) {
    const tag = raw.replace('_', '-');
    const lower = tag.toLowerCase();
    if (lower === 'zh-tw' || lower === 'zh-hk' || lower === 'zh-mo' || lower.startsWith('zh-hant')) return 'zh-TW';
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
