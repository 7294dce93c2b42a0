// Localized strings for every face of the app (window, tray, notifications, CLI), in
// English, Simplified and Traditional Chinese. Messages are ICU MessageFormat
// (plurals, numbers, dates) through intl-messageformat; each area keeps its own
// catalog file in ./messages/, and test/unit/i18n.test.ts checks that every key
// exists in all three locales with the same placeholders.
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type AppLocale } from '../settings.ts';
import common from './messages/common.ts';
import tray from './messages/tray.ts';
import notify from './messages/notify.ts';
import cli from './messages/cli.ts';
import ui from './messages/ui.ts';

export type Catalog = Record<string, string>;
export type AreaCatalogs = Record<AppLocale, Catalog>;

const areas: AreaCatalogs[] = [common, tray, notify, cli, ui];

export const catalogs: Record<AppLocale, Catalog> = Object.fromEntries(
  LOCALES.map((l) => [l, Object.assign({}, ...areas.map((a) => a[l]))]),
) as Record<AppLocale, Catalog>;

const cache = new Map<string, IntlMessageFormat>();

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** The message `key` in `locale`, falling back to English, then to the key itself. */
export function t(locale: AppLocale, key: string, values?: MessageValues): string {
  const source = catalogs[locale][key] ?? catalogs.en[key];
  if (source === undefined) return key;
  const id = `${locale}\u0000${key}`;
  let fmt = cache.get(id);
  if (!fmt) {
    fmt = new IntlMessageFormat(source, locale);
    cache.set(id, fmt);
  }
  return String(fmt.format(values as Record<string, string | number | Date>));
}

/** A translator bound to one locale. */
export type Translate = (key: string, values?: MessageValues) => string;
export function translator(locale: AppLocale): Translate {
  return (key, values) => t(locale, key, values);
}
