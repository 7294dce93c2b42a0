// The window's translator: every string goes through here. Reading `app.locale` makes
// each caller re-render when the language changes.
import { catalogs, t as translate, type MessageValues } from '../../../shared/i18n/window.ts';
import { errorText } from '../../../shared/i18n/error-text.ts';
import type { ErrorInfo } from '../../../shared/domain.ts';
import { app } from './app.svelte.ts';

/** An IPS or client error in the window's language. */
export function errText(info: ErrorInfo): string {
  return errorText(app.locale, info);
}

export function t(key: string, values?: MessageValues): string {
  return translate(app.locale, key, values);
}

/** The message for `key` if the catalog has one, else `fallback` verbatim (unknown IPS values). */
export function tOr(key: string, fallback: string, values?: MessageValues): string {
  return catalogs.en[key] !== undefined ? translate(app.locale, key, values) : fallback;
}
