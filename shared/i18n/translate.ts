// The translator machinery, independent of which catalogs are loaded: the window loads
// ./window.ts (no CLI strings), the Node side ./index.ts (everything).
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type AppLocale } from '../locales.ts';

export type Catalog = Record<string, string>;
export type AreaCatalogs = Record<AppLocale, Catalog>;
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;
/** A translator bound to one locale. */
export type Translate = (key: string, values?: MessageValues) => string;

export interface Translations {
  catalogs: Record<AppLocale, Catalog>;
  /** The message `key` in `locale`, falling back to English, then to the key itself. */
  t(locale: AppLocale, key: string, values?: MessageValues): string;
}

const PLACEHOLDER = /\{\s*([A-Za-z_]\w*)\s*\}/g;

/** `source` with its {name} placeholders replaced, when those are its only syntax and every
 * value is a string (as ICU would print them); undefined otherwise. */
function substitute(source: string, values: MessageValues): string | undefined {
  if (/[{}]/.test(source.replace(PLACEHOLDER, ''))) return undefined;
  let ok = true;
  const out = source.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (typeof v !== 'string') ok = false;
    return typeof v === 'string' ? v : '';
  });
  return ok ? out : undefined;
}

export function createTranslations(areas: readonly AreaCatalogs[]): Translations {
  const catalogs = Object.fromEntries(LOCALES.map((l) => [l, Object.assign({}, ...areas.map((a) => a[l]))])) as Record<AppLocale, Catalog>;
  const cache = new Map<string, IntlMessageFormat>();
  const t = (locale: AppLocale, key: string, values?: MessageValues): string => {
    const source = catalogs[locale][key] ?? catalogs.en[key];
    if (source === undefined) return key;
    // Plain text, and text whose only placeholders are {name}s given as strings, need no
    // formatter: skipping it keeps start-up quick (the first formatter loads ICU's locale
    // data, ~20 ms; `ips-jobs --help` prints some forty messages).
    if (!/[{}'<]/.test(source)) return source;
    const plain = values && !/['<#]/.test(source) ? substitute(source, values) : undefined;
    if (plain !== undefined) return plain;
    const id = `${locale}\u0000${key}`;
    let fmt = cache.get(id);
    if (!fmt) {
      fmt = new IntlMessageFormat(source, locale);
      cache.set(id, fmt);
    }
    return String(fmt.format(values as Record<string, string | number | Date>));
  };
  return { catalogs, t };
}
