// One mapping from a Snapshot to the events that bring a window up to date with it. The
// window applies its first snapshot through it, and the preview's WebSocket bridge replays
// a fresh one through it after a reconnect — so a field added to Snapshot reaches both, and
// an account change while disconnected arrives as a `session` event like any other.
import type { EventName, Events, Snapshot } from './ipc.ts';

/** The events a snapshot stands for (all but `navigate`, which is a request, not state). */
export const SNAPSHOT_EVENT_NAMES = ['jobs-patch', 'session', 'settings', 'companies', 'connection', 'polling', 'tray'] as const satisfies readonly EventName[];
export type SnapshotEventName = (typeof SNAPSHOT_EVENT_NAMES)[number];
export type SnapshotEvent = { [E in SnapshotEventName]: { event: E; payload: Events[E] } }[SnapshotEventName];

/**
 * The events that turn a window which knows the jobs `knownJobKeys` into one showing `snap`:
 * one jobs-patch (every job upserted, the vanished ones removed; `knownFinished` tells which
 * known jobs are finished, kept while older history follows; `older` names the cursor the
 * window pulls that history from), then session, settings,
 * companies, connection, polling and tray.
 */
export function snapshotEvents(snap: Snapshot, knownJobKeys: Iterable<string> = [], knownFinished: (key: string) => boolean = () => false): SnapshotEvent[] {
  const present = new Set(snap.jobs.map((j) => j.key));
  // Older finished jobs are still to be pulled (snap.finishedToFollow): a known finished job
  // missing from the snapshot is kept, not removed (and sent again by the pull).
  const partial = (snap.finishedToFollow ?? 0) > 0;
  const remove = [...knownJobKeys].filter((k) => !present.has(k) && !(partial && knownFinished(k)));
  const patch: Events['jobs-patch'] = { upsert: snap.jobs, remove };
  if (partial && snap.historyCursor) patch.older = { cursor: snap.historyCursor, count: snap.finishedToFollow! };
  return [
    { event: 'jobs-patch', payload: patch },
    { event: 'session', payload: { demo: snap.demo, userEmail: snap.userEmail } },
    { event: 'settings', payload: snap.settings },
    { event: 'companies', payload: snap.companies },
    { event: 'connection', payload: snap.connection },
    { event: 'polling', payload: snap.polling },
    { event: 'tray', payload: snap.tray },
  ];
}
