// Atomic JSON files: write to a temp file in the same folder, then rename over the target,
// so a crash mid-write leaves either the old file or the new one, never half of one.
// A file that cannot be read or parsed is moved aside as `<path>.corrupt` (or
// `<path>.<n>.corrupt`) so it is kept for inspection and the next save starts clean.
// The one atomic write of the code base: the history store (history.ts), the transfer
// queue (transfers/store.ts), JSON settings (stores.ts), the encrypted password
// (adapters/secret-store.ts), the window state (adapters/window.ts) and the CSV exports
// (adapters/save-file.ts).
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Moves an unreadable file aside (`.corrupt`), or deletes it if that fails. */
export async function moveAside(path: string): Promise<void> {
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

/**
 * Reads a JSON file. Undefined when it does not exist; when it is unreadable, not JSON or
 * fails `check`, it is moved aside and undefined is returned (never rejects for that).
 */
export async function readJsonFile<T>(path: string, check: (v: unknown) => v is T): Promise<T | undefined> {
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
    if (check(parsed)) return parsed;
  } catch {
    /* fall through */
  }
  await moveAside(path);
  return undefined;
}

let tmpSeq = 0;
const tmpName = (path: string) => `${path}.${process.pid}.${++tmpSeq}.tmp`;

/** Writes `data` to `path` atomically (temp file in the same folder + rename), mode 0600 unless told (an export the user keeps: 0644). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tmpName(path);
  await writeFile(tmp, data, { mode });
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** The same, synchronously (settings and window state, written from synchronous setters). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpName(path);
  writeFileSync(tmp, data, { mode: 0o600 });
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
}

/**
 * A writer for one path: each call writes the whole value atomically (mode 0600); calls are
 * serialized so two saves never race, and the last call's value is what stays on disk.
 */
export function createAtomicJsonWriter(path: string): (value: unknown) => Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  return (value: unknown) => {
    const text = JSON.stringify(value);
    const run = () => writeFileAtomic(path, text);
    writing = writing.then(run, run);
    return writing;
  };
}

/** A document kept across restarts: load() gives what was saved (undefined when none or corrupt). */
export interface JsonStore<T> {
  load(): Promise<T | undefined>;
  save(value: T): Promise<void>;
}

/** Whether `v` is a version-1 document whose `list` field is an array of objects that each pass `item`. */
export function isVersionOneList(v: unknown, list: string, item: (rec: Record<string, unknown>) => boolean): v is { version: 1 } & Record<string, unknown> {
  if (!v || typeof v !== 'object') return false;
  const doc = v as Record<string, unknown>;
  const items = doc[list];
  return doc.version === 1 && Array.isArray(items) && items.every((r: unknown) => !!r && typeof r === 'object' && item(r as Record<string, unknown>));
}

/** A JsonStore in one atomic JSON file; a file that fails `check` is moved aside on load. */
export function createJsonFileStore<T>(path: string, check: (v: unknown) => v is T): JsonStore<T> {
  const write = createAtomicJsonWriter(path);
  return { load: () => readJsonFile(path, check), save: (value) => write(value) };
}

/** A JsonStore in memory for tests: `saved` is the last document, `saves` how many saves ran. */
export function createMemoryJsonStore<T>(initial?: T): JsonStore<T> & { saved: T | undefined; saves: number } {
  const store: JsonStore<T> & { saved: T | undefined; saves: number } = {
    saved: initial ? structuredClone(initial) : undefined,
    saves: 0,
    async load() {
      return store.saved ? structuredClone(store.saved) : undefined;
    },
    async save(value: T) {
      store.saves++;
      store.saved = structuredClone(value);
    },
  };
  return store;
}
