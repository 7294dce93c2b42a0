// Localized strings for every face of the app (window, tray, notifications, CLI), in
// English, Simplified and Traditional Chinese. Messages are ICU MessageFormat
// (plurals, numbers, dates) through intl-messageformat; each area keeps its own
// catalog file in ./messages/, and test/unit/i18n.test.ts checks that every key
// exists in all three locales with the same placeholders. The renderer loads
// ./window.ts instead (the same catalogs without the CLI's).
import type { AppLocale } from '../settings.ts';
import cli from './messages/cli.ts';
import { createTranslations, type MessageValues, type Translate } from './translate.ts';
import { WINDOW_AREAS } from './window.ts';

export type { Catalog, AreaCatalogs, MessageValues, Translate } from './translate.ts';

export const { catalogs, t } = createTranslations([...WINDOW_AREAS, cli]);

export function translator(locale: AppLocale): Translate {
  return (key: string, values?: MessageValues) => t(locale, key, values);
}
