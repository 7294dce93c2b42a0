// History persistence for the engine: finished jobs and notified marks are saved
// ENGINE_LIMITS.saveDebounceMs after a change (largeSaveDebounceMs beyond largeHistoryJobs
// jobs, since each write serializes every finished job) and on stop(); saves never overlap
// and a failed save is dropped (the next change saves again).
import { historyBelongs } from './history-identity.ts';
import type { Clock } from '../clock.ts';
import { ENGINE_LIMITS } from './limits.ts';
import type { HistoryStore, PersistedHistory } from './types.ts';

export interface HistoryPersistenceDeps {
  store?: HistoryStore;
  clock: Clock;
  stopped(): boolean;
  /** Jobs on the board (picks the debounce). */
  size(): number;
  /** What to write now. */
  snapshot(): PersistedHistory;
  /**
   * The server and user the jobs belong to (history-identity.ts): written with them, and a
   * history saved for another account is not loaded (its jobs would not open on this server).
   */
  account?: string;
}

export interface HistoryPersistence {
  markDirty(): void;
  /** Write now if dirty (`force`: even if not); resolves when every write so far is done. */
  flush(force?: boolean): Promise<void>;
  /** Cancel the pending debounce timer. */
  cancel(): void;
  /** What the store holds, undefined when none or unreadable. */
  load(): Promise<PersistedHistory | undefined>;
}

export function createHistoryPersistence(d: HistoryPersistenceDeps): HistoryPersistence {
  let timer: unknown;
  let dirty = false;
  let saving: Promise<void> = Promise.resolve();

  function flush(force = false): Promise<void> {
    const store = d.store;
    if (!store) return saving;
    if (force) dirty = true;
    if (!dirty) return saving;
    dirty = false;
    const h = d.account === undefined ? d.snapshot() : { ...d.snapshot(), account: d.account };
    saving = saving.then(() => store.save(h)).catch(() => undefined);
    return saving;
  }

  return {
    markDirty() {
      if (!d.store || d.stopped()) return;
      dirty = true;
      if (timer !== undefined) return;
      timer = d.clock.setTimeout(
        () => {
          timer = undefined;
          void flush();
        },
        d.size() > ENGINE_LIMITS.largeHistoryJobs ? ENGINE_LIMITS.largeSaveDebounceMs : ENGINE_LIMITS.saveDebounceMs,
      );
    },
    flush,
    cancel() {
      if (timer !== undefined) d.clock.clearTimeout(timer);
      timer = undefined;
    },
    async load() {
      if (!d.store) return undefined;
      try {
        const h = await d.store.load();
        return h && d.account !== undefined && !historyBelongs(h.account, d.account) ? undefined : h;
      } catch {
        return undefined;
      }
    },
  };
}
