// Why an account check failed, in the words of the user's task (signing in to IPS with
// these details), not of the API operation that failed: the client's English messages
// name operations ("Could not reach IPS for getCompanyMembership: …"), right for logs and
// the CLI, not for a settings form.
import type { ErrorInfo } from '../../../shared/domain.ts';
import { errText, t } from './i18n.ts';

export function accountErrorText(info: ErrorInfo): string {
  switch (info.kind) {
    case 'authentication':
      return t('ui.settings.account.err.auth');
    case 'authorization':
      return info.reason ? t('ui.settings.account.err.deniedReason', { reason: info.reason }) : t('ui.settings.account.err.denied');
    case 'network':
      return info.httpStatus ? t('ui.settings.account.err.http', { status: info.httpStatus }) : t('ui.settings.account.err.network');
    case 'timeout':
      return t('ui.settings.account.err.timeout');
    case 'malformed':
      return t('ui.settings.account.err.notIps');
    case 'fault':
      return info.reason ? t('ui.settings.account.err.faultReason', { reason: info.reason }) : t('ui.settings.account.err.fault');
    default:
      // Our own wording (usage, internal): already about the form.
      return errText(info);
  }
}
