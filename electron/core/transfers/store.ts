// Where the transfer queue survives restarts: one JSON file written atomically
// (../atomic-json.ts), or memory for tests.
import { createJsonFileStore, createMemoryJsonStore, isVersionOneList } from '../atomic-json.ts';
import type { PersistedTransfers, TransferStore } from './types.ts';

function isPersisted(v: unknown): v is PersistedTransfers {
  return isVersionOneList(v, 'transfers', (t) => typeof t.id === 'string' && (t.kind === 'upload' || t.kind === 'download'));
}

export function createFileTransferStore(path: string): TransferStore {
  return createJsonFileStore(path, isPersisted);
}

export function createMemoryTransferStore(initial?: PersistedTransfers): TransferStore & { saved: PersistedTransfers | undefined; saves: number } {
  return createMemoryJsonStore(initial);
}
