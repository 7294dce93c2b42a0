// An error from IPS or the client in the user's language. The client's own messages are
// precise English ("Could not reach IPS for getActiveJobs: the connection was refused");
// in Chinese the sentence comes from the error's kind and code, with the server's reason,
// which IPS already writes in the locale the app sent it.
import type { ErrorInfo } from '../domain.ts';
import type { AppLocale } from '../settings.ts';
import { t } from './window.ts';

const NO_PERMISSION = 20003;

export function errorText(locale: AppLocale, info: ErrorInfo): string {
  if (locale === 'en') return info.message;
  const code = info.code ?? '';
  const reason = info.reason ?? '';
  switch (info.kind) {
    case 'authentication':
      return t(locale, 'common.error.authentication', { code });
    case 'authorization':
      return info.code === NO_PERMISSION || !reason
        ? t(locale, 'common.error.permission', { code })
        : t(locale, 'common.error.authorization', { reason, code });
    case 'fault':
      return reason ? t(locale, 'common.error.fault', { reason, code }) : t(locale, 'common.error.faultNoReason', { code });
    case 'network':
      return info.httpStatus ? t(locale, 'common.error.httpStatus', { status: info.httpStatus }) : t(locale, 'common.error.network');
    case 'timeout':
      return t(locale, 'common.error.timeout');
    case 'malformed':
      return t(locale, 'common.error.malformed');
    default:
      // Usage and internal errors carry our own wording; nothing better to say.
      return info.message;
  }
}
