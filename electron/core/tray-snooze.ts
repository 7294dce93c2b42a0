// The tray menu's "Pause notifications ▸" submenu (snooze, shared/snooze.ts): for 1 hour, until
// tomorrow (08:00, or the end of quiet hours — the item says which), Custom… (opens Settings on
// Notifications); while paused the submenu's own label says until when, with Resume first.
import type { TrayMenuItem } from '../../shared/domain.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import type { tomorrowTarget } from '../../shared/snooze.ts';

export interface TraySnooze {
  /** Paused until (machine ms), when a pause is on. */
  until?: number | undefined;
  tomorrow: ReturnType<typeof tomorrowTarget>;
  /** Now (machine ms): a pause ending on another day names the day. */
  now: number;
}

export function snoozeMenu(tr: Translate, s: TraySnooze): TrayMenuItem {
  const sameDay = s.until !== undefined && new Date(s.until).toDateString() === new Date(s.now).toDateString();
  const label =
    s.until === undefined ? tr('tray.snooze.pause') : tr(sameDay ? 'tray.snooze.pausedUntil' : 'tray.snooze.pausedUntilDay', { time: new Date(s.until) });
  const items: TrayMenuItem[] = [];
  if (s.until !== undefined)
    items.push({ type: 'action', id: 'snooze-resume', label: tr('tray.snooze.resume'), enabled: true }, { type: 'separator', id: 'sep:snooze' });
  items.push(
    { type: 'action', id: 'snooze-1h', label: tr('tray.snooze.hour'), enabled: true },
    {
      type: 'action',
      id: 'snooze-tomorrow',
      label: s.tomorrow.kind === 'quiet-end' ? tr('tray.snooze.quietEnd', { time: s.tomorrow.time }) : tr('tray.snooze.tomorrow', { time: s.tomorrow.time }),
      enabled: true,
    },
    { type: 'action', id: 'snooze-custom', label: tr('tray.snooze.custom'), enabled: true },
  );
  return { type: 'submenu', id: 'snooze', label, items };
}
