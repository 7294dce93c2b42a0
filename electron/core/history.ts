// History stores: finished jobs and "already notified" marks across restarts.
// The file store writes JSON atomically (temp file + rename); a corrupt or unreadable file is
// moved aside as `<path>.corrupt` (or `<path>.<n>.corrupt`) and an empty history is returned.
import { mkdir, readFile, rename, writeFile, unlink, access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HistoryStore, PersistedHistory } from './types.ts';

function isHistory(v: unknown): v is PersistedHistory {
  if (!v || typeof v !== 'object') return false;
  const h = v as Partial<PersistedHistory>;
  return h.version === 1 && Array.isArray(h.jobs) && Array.isArray(h.notified) && h.jobs.every((j) => !!j && typeof j === 'object' && typeof (j as { key?: unknown }).key === 'string');
}

export function createMemoryHistoryStore(initial?: PersistedHistory): HistoryStore & { saved: PersistedHistory | undefined; saves: number } {
  const store = {
    saved: initial ? structuredClone(initial) : undefined,
    saves: 0,
    async load() {
      return store.saved ? structuredClone(store.saved) : undefined;
    },
    async save(h: PersistedHistory) {
      store.saves++;
      store.saved = structuredClone(h);
    },
  };
  return store;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

async function moveAside(path: string): Promise<void> {
  let target = `${path}.corrupt`;
  for (let i = 1; (await exists(target)) && i < 100; i++) target = `${path}.${i}.corrupt`;
  try {
    await rename(path, target);
  } catch {
    try {
      await unlink(path);
    } catch {
      /* nothing more we can do; the next save overwrites it */
    }
  }
}

export function createFileHistoryStore(path: string): HistoryStore {
  let writing: Promise<void> = Promise.resolve();
  let seq = 0;
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        await moveAside(path);
        return undefined;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (isHistory(parsed)) return parsed;
      } catch {
        /* fall through */
      }
      await moveAside(path);
      return undefined;
    },
    save(history) {
      // Serialize writes so two saves never race on the temp file.
      const run = async () => {
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.${++seq}.tmp`;
        await writeFile(tmp, JSON.stringify(history), { encoding: 'utf8', mode: 0o600 });
        try {
          await rename(tmp, path);
        } catch (err) {
          await unlink(tmp).catch(() => undefined);
          throw err;
        }
      };
      writing = writing.then(run, run);
      return writing;
    },
  };
}
