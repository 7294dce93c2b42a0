// Helpers for the transfer tests: temp folders with files of known content, sha256, and
// reading what the simulator's servlet received.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tempDir as newTempDir } from '../helpers/tmp.ts';
import { until } from '../helpers/until.ts';
import type { AppCore } from '../../electron/core/app.ts';
import type { TransferView } from '../../shared/ipc-transfers.ts';

export interface TempDir {
  dir: string;
  /** Writes `content` (or `size` deterministic bytes) at a relative path; returns the absolute path. */
  file(rel: string, content: string | Buffer | number): Promise<string>;
  remove(): Promise<void>;
}

export function bytesOf(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

export async function tempDir(prefix = 'ips-transfers-'): Promise<TempDir> {
  const dir = newTempDir(prefix);
  return {
    dir,
    async file(rel, content) {
      const p = join(dir, rel);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, typeof content === 'number' ? bytesOf(content, rel.length) : content);
      return p;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface Received {
  jobHandle: string;
  maxFileSize: number;
  files: Array<{ path: string; bytes: number; sha256: string; posts: number; resent?: string }>;
}

/** What the simulator at `base` (http://127.0.0.1:PORT) received for a job. */
export async function received(base: string, jobHandle: string): Promise<Received> {
  const res = await fetch(`${base}/scene7/_sim/uploads?jobHandle=${encodeURIComponent(jobHandle)}`);
  if (res.status !== 200) throw new Error(`inspect answered ${res.status}`);
  return (await res.json()) as Received;
}

/** A transfer as the app core lists it now. */
export async function transferOf(core: AppCore, id: string): Promise<TransferView | undefined> {
  const r = await core.handle('getTransfers', undefined);
  return r.ok ? r.value.transfers.find((v) => v.id === id) : undefined;
}

/** The transfer, once done and its job finished on the board (polling the core meanwhile). */
export function finishedTransfer(core: AppCore, id: string, ms = 60_000): Promise<TransferView> {
  return until(
    `transfer ${id} and its job to finish`,
    async () => {
      await core.handle('pollNow', undefined);
      const v = await transferOf(core, id);
      return v?.state === 'done' && v.job?.phase === 'finished' && v;
    },
    ms,
    100,
  );
}
