// Atomic JSON files: write to a temp file in the same folder, then rename over the target,
// so a crash mid-write leaves either the old file or the new one, never half of one.
// A file that cannot be read or parsed is moved aside as `<path>.corrupt` (or
// `<path>.<n>.corrupt`) so it is kept for inspection and the next save starts clean.
// Used by the history store (history.ts) and the transfer queue (transfers/store.ts).
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
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

/**
 * A writer for one path: each call writes the whole value atomically (mode 0600); calls are
 * serialized so two saves never race, and the last call's value is what stays on disk.
 */
export function createAtomicJsonWriter(path: string): (value: unknown) => Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  let seq = 0;
  return (value: unknown) => {
    const text = JSON.stringify(value);
    const run = async (): Promise<void> => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${++seq}.tmp`;
      await writeFile(tmp, text, { encoding: 'utf8', mode: 0o600 });
      try {
        await rename(tmp, path);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
    };
    writing = writing.then(run, run);
    return writing;
  };
}
