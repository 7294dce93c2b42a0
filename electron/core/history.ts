// History stores: finished jobs and "already notified" marks across restarts.
// The file store writes JSON atomically (atomic-json.ts: temp file + rename); a corrupt or unreadable file is
// moved aside as `<path>.corrupt` (or `<path>.<n>.corrupt`) and an empty history is returned.
import { createJsonFileStore, createMemoryJsonStore, isVersionOneList } from './atomic-json.ts';
import type { HistoryStore, PersistedHistory } from './types.ts';

function isHistory(v: unknown): v is PersistedHistory {
  return isVersionOneList(v, 'jobs', (j) => typeof j.key === 'string') && Array.isArray(v.notified);
}

export function createMemoryHistoryStore(initial?: PersistedHistory): HistoryStore & { saved: PersistedHistory | undefined; saves: number } {
  return createMemoryJsonStore(initial);
}

export function createFileHistoryStore(path: string): HistoryStore {
  return createJsonFileStore(path, isHistory);
}

/**
 * An account's own history that starts from `legacy` while it has none yet: the history of a
 * version-1 install (one file for the one account) follows that account. A legacy file with
 * the account's identity loads through the engine's identity check (./history-persist.ts); one
 * saved before identities were recorded loads only when `unlabelled` says it is this account's.
 */
export function historyWithFallback(own: HistoryStore, legacy: HistoryStore | undefined, unlabelled: boolean): HistoryStore {
  return {
    async load() {
      const h = await own.load();
      if (h || !legacy) return h;
      const old = await legacy.load();
      return old && (old.account !== undefined || unlabelled) ? old : undefined;
    },
    save: (history) => own.save(history),
  };
}
