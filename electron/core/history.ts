// History stores: finished jobs and "already notified" marks across restarts.
// The file store writes JSON atomically (atomic-json.ts: temp file + rename); a corrupt or unreadable file is
// moved aside as `<path>.corrupt` (or `<path>.<n>.corrupt`) and an empty history is returned.
import { createJsonFileStore, createMemoryJsonStore } from './atomic-json.ts';
import type { HistoryStore, PersistedHistory } from './types.ts';

function isHistory(v: unknown): v is PersistedHistory {
  if (!v || typeof v !== 'object') return false;
  const h = v as Partial<PersistedHistory>;
  return (
    h.version === 1 &&
    Array.isArray(h.jobs) &&
    Array.isArray(h.notified) &&
    h.jobs.every((j) => !!j && typeof j === 'object' && typeof (j as { key?: unknown }).key === 'string')
  );
}

export function createMemoryHistoryStore(initial?: PersistedHistory): HistoryStore & { saved: PersistedHistory | undefined; saves: number } {
  return createMemoryJsonStore(initial);
}

export function createFileHistoryStore(path: string): HistoryStore {
  return createJsonFileStore(path, isHistory);
}
