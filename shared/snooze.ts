// Snoozing notifications: when each preset ends, in the machine's local time. Used by the core
// (the pauseNotifications command, the tray's "Pause notifications" submenu) and by Settings,
// which shows the same instants before the user picks one.
//
// "Until tomorrow" ends at the next local 08:00, or, when quiet hours are on, at the next end
// of quiet hours (the morning the user chose already). "Next" means the first such wall-clock
// time after now: at 01:00 that is 08:00 the same day, at 21:00 08:00 the next one. Local times
// go through the Date constructor, so a DST change in between is counted right (the night is
// an hour shorter or longer) and a wall-clock time that does not exist that day (a quiet-hours
// end inside the spring-forward gap) moves forward to the first instant that does.
import type { Settings } from './settings.ts';

export type SnoozePreset = '1h' | 'tomorrow';

type Prefs = Pick<Settings['notifications'], 'quietHours'>;

export const MORNING = '08:00';
const HOUR_MS = 3_600_000;

/** What "until tomorrow" ends at: the end of quiet hours when they are on, else 08:00. */
export function tomorrowTarget(prefs: Prefs): { kind: 'quiet-end' | 'morning'; time: string } {
  const q = prefs.quietHours;
  if (q.enabled && q.from !== q.to && /^\d{2}:\d{2}$/.test(q.to)) return { kind: 'quiet-end', time: q.to };
  return { kind: 'morning', time: MORNING };
}

/** The first instant after `now` whose local wall-clock time is `hhmm`. */
export function nextLocalTime(now: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const d = new Date(now);
  for (let add = 0; add <= 2; add++) {
    const at = new Date(d.getFullYear(), d.getMonth(), d.getDate() + add, h, m, 0, 0).getTime();
    if (at > now) return at;
  }
  return now + 24 * HOUR_MS; // not reached: one of three days is always later
}

/** When a snooze picked now ends (ms). */
export function snoozeUntil(preset: SnoozePreset, now: number, prefs: Prefs): number {
  if (preset === '1h') return now + HOUR_MS;
  return nextLocalTime(now, tomorrowTarget(prefs).time);
}

/** The instant notifications are paused until, when that is still ahead; else undefined. */
export function pausedUntilMs(pausedUntil: string, now: number): number | undefined {
  if (!pausedUntil) return undefined;
  const t = Date.parse(pausedUntil);
  return Number.isFinite(t) && t > now ? t : undefined;
}
