// Which language the CLI speaks, which locale it sends to IPS, and how it formats
// numbers and dates. `--locale xx-YY` wins; else LC_ALL, LC_MESSAGES, LANG (POSIX order).
import { resolveLocale, type AppLocale } from '../../shared/locales.ts';

export interface CliLocale {
  /** The catalog our texts come from. */
  app: AppLocale;
  /** Sent to IPS in authHeader/locale (IPS format: `xx` or `xx-YY`), when known. */
  ips: string | undefined;
  /** For Intl.DateTimeFormat / Intl.NumberFormat. */
  intl: string;
}

/** `zh_CN.UTF-8`, `zh-cn`, `en_US@euro` → `zh-CN`, `zh-CN`, `en-US`; `C`, `POSIX`, junk → undefined. */
export function normalizeLocaleTag(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const base = raw.split(/[.@]/)[0]!.trim();
  const m = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$/.exec(base);
  if (!m) return undefined;
  const lang = m[1]!.toLowerCase();
  const script = m[2] ? m[2][0]!.toUpperCase() + m[2].slice(1).toLowerCase() : undefined;
  const region = m[3]?.toUpperCase();
  // Chinese script without a region: pick the region IPS understands.
  if (lang === 'zh' && !region && script) return script === 'Hant' ? 'zh-TW' : 'zh-CN';
  return region ? `${lang}-${region}` : lang;
}

/** The languages `--locale` accepts: those we have texts for (see SUPPORTED_LOCALES). */
const SUPPORTED_LANGUAGES = ['en', 'zh'];
/** What an unusable `--locale` error lists. */
export const SUPPORTED_LOCALES = 'en, zh-CN, zh-TW';

/**
 * The strict IPS form the user must type for `--locale`: `en`, `en-US`, `zh-CN` (case
 * forgiven), in a language we have texts for. Anything else (a typo, `fr-FR`) is
 * undefined, so the command line rejects it instead of silently speaking English.
 * A regional form (`en-GB`, `zh-HK`) is accepted: its catalog is the language's, and
 * dates and numbers follow the region.
 */
export function parseLocaleFlag(raw: string): string | undefined {
  const m = /^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  const lang = m[1]!.toLowerCase();
  if (!SUPPORTED_LANGUAGES.includes(lang)) return undefined;
  return m[2] ? `${lang}-${m[2].toUpperCase()}` : lang;
}

export function envLocaleTag(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[name];
    if (v) return normalizeLocaleTag(v);
  }
  return undefined;
}

export function cliLocale(tag: string | undefined): CliLocale {
  const app = resolveLocale('system', tag ? [tag] : []);
  let intl: string = app;
  if (tag) {
    try {
      if (Intl.NumberFormat.supportedLocalesOf([tag]).length > 0) intl = tag;
    } catch {
      /* keep the app locale */
    }
  }
  return { app, ips: tag, intl };
}
