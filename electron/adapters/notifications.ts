// Native notifications for what the core's rules decided (AppNotification). A click
// brings the window up on the job the notification is about.
import { Notification } from 'electron';
import type { AppNotification, NotificationKind } from '../../shared/domain.ts';
import type { Events } from '../../shared/ipc.ts';

export type NavigateTarget = Events['navigate'];

/** Where a click on a notification of this kind should take the user. */
export function navigationFor(n: Pick<AppNotification, 'kind' | 'jobKey'>): NavigateTarget {
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
  return target;
}

export interface Notifier {
  /** Show it; false when the system has no notifications. */
  show(n: AppNotification): boolean;
  /** Close whatever is still on screen (on quit). */
  closeAll(): void;
}

export function createNotifier(opts: { onClick(target: NavigateTarget): void }): Notifier {
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
      });
      const forget = (): void => {
        live.delete(note);
      };
      note.on('click', () => {
        forget();
        opts.onClick(navigationFor(n));
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
