// Whether the window's live data is current, and the clock to show it at. While offline
// or with polling paused, nothing new arrives: cards say "as of" the last good poll, and
// elapsed times and ETAs are computed at that moment instead of counting on.
import { app } from './app.svelte.ts';

/** True while the shown jobs may be out of date (offline, sign-in failed, polling paused). */
export function dataIsStale(): boolean {
  return app.connection.state !== 'ok' || app.polling.paused;
}

/** When the shown data was last known good (local clock, ms), or undefined if never. */
export function dataAsOf(): number | undefined {
  const iso = app.connection.state === 'ok' ? app.polling.lastPoll : (app.connection.lastOk ?? app.polling.lastPoll);
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? Math.min(t, app.now) : undefined;
}

/** "Now" for live fields (local clock): the data's time while stale, else the ticking now. */
export function dataNow(): number {
  if (!dataIsStale()) return app.now;
  return dataAsOf() ?? app.now;
}

/** dataNow() on the server's clock, for elapsed times measured from server timestamps. */
export function dataServerNow(): number {
  return dataNow() + app.clockOffset;
}
