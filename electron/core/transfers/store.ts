// Where the transfer queue survives restarts: one JSON file written atomically
// (../atomic-json.ts), or memory for tests.
import { createAtomicJsonWriter, readJsonFile } from '../atomic-json.ts';
import type { PersistedTransfers, TransferStore } from './types.ts';

function isPersisted(v: unknown): v is PersistedTransfers {
  if (!v || typeof v !== 'object') return false;
  const p = v as Partial<PersistedTransfers>;
  return (
    p.version === 1 &&
    Array.isArray(p.transfers) &&
    p.transfers.every((t) => !!t && typeof t === 'object' && typeof t.id === 'string' && (t.kind === 'upload' || t.kind === 'download'))
  );
}

export function createFileTransferStore(path: string): TransferStore {
  const write = createAtomicJsonWriter(path);
  return { load: () => readJsonFile(path, isPersisted), save: (p) => write(p) };
}

export function createMemoryTransferStore(initial?: PersistedTransfers): TransferStore & { saved: PersistedTransfers | undefined; saves: number } {
  const store = {
    saved: initial ? structuredClone(initial) : undefined,
    saves: 0,
    async load() {
      return store.saved ? structuredClone(store.saved) : undefined;
    },
    async save(p: PersistedTransfers) {
      store.saves++;
      store.saved = structuredClone(p);
    },
  };
  return store;
}
