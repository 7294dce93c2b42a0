// Native notifications for what the core's rules decided (AppNotification). A click
// brings the window up on the job the notification is about; on macOS, where Electron shows
// notification buttons, a job's notification also has Open job and Open log (the detail
// scrolled to its log). Both go through the window's `navigate` event.
import { Notification } from 'electron';
import type { AppNotification, NotificationAction, NotificationKind } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';

export type NavigateTarget = Events['navigate'];

/** Where a click on a notification of this kind should take the user. */
export function navigationFor(n: Pick<AppNotification, 'kind' | 'jobKey'>, action?: NotificationAction['id']): NavigateTarget {
  const view: Record<NotificationKind, NavigateTarget['view']> = {
    'finished-success': 'history',
    'finished-warning': 'history',
    'finished-error': 'history',
    'finished-stopped': 'history',
    summary: 'history',
    started: 'active',
    stalled: 'active',
    'connection-lost': 'active',
    'connection-restored': 'active',
    'auth-failed': 'settings',
    'transfer-failed': 'transfers',
  };
  const target: NavigateTarget = { view: view[n.kind] };
  if (n.jobKey) target.jobKey = n.jobKey;
  if (n.jobKey && action === 'open-log') target.section = 'log';
  return target;
}

export interface Notifier {
  /** Show it; false when the system has no notifications. */
  show(n: AppNotification): boolean;
  /** Close whatever is still on screen (on quit). */
  closeAll(): void;
}

export function createNotifier(opts: { onClick(target: NavigateTarget): void; platform?: NodeJS.Platform }): Notifier {
  // Only macOS shows `actions` (Windows needs toastXml, Linux has none in Electron).
  const buttons = (opts.platform ?? process.platform) === 'darwin';
  // Held until closed: a notification that is garbage-collected loses its click handler.
  const live = new Set<Notification>();
  return {
    show(n) {
      if (!Notification.isSupported()) return false;
      const note = new Notification({
        title: n.title,
        body: n.body,
        urgency: n.urgency ?? 'normal',
        // Errors stay until seen on Windows/Linux; the rest time out as usual.
        timeoutType: n.urgency === 'critical' ? 'never' : 'default',
        silent: n.urgency === 'low',
        ...(buttons && n.actions?.length ? { actions: n.actions.map((a) => ({ type: 'button' as const, text: a.label })) } : {}),
      });
      const forget = (): void => {
        live.delete(note);
      };
      note.on('click', () => {
        forget();
        opts.onClick(navigationFor(n));
      });
      note.on('action', (_event, index: number) => {
        forget();
        opts.onClick(navigationFor(n, n.actions?.[index]?.id));
      });
      note.on('close', forget);
      note.on('failed', forget);
      live.add(note);
      note.show();
      return true;
    },
    closeAll() {
      for (const note of live) note.close();
      live.clear();
    },
  };
}
