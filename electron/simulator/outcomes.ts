// File outcomes: a pure function of (seed, index, profile), unless the upload fixed them
// (servlet duplicates) or the file's name steers them.
import { mixSeed } from './rng.ts';
import type { Counts, RunPlan, UploadState } from './types.ts';

export const FILE_SUCCESS = 0;
export const FILE_UPDATE = 1;
export const FILE_WARNING = 2;
export const FILE_ERROR = 3;
export const FILE_DUPLICATE = 4;

/** Upload file names steer outcomes in tests and demos: "broken"/"corrupt"/"error" fail, "warn" warns, "dup" is a duplicate ("flaky" is upload.ts's: it fails once). */
function outcomeFromName(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (/broken|corrupt|error/.test(n)) return FILE_ERROR;
  if (/warn/.test(n)) return FILE_WARNING;
  if (/dup/.test(n)) return FILE_DUPLICATE;
  return undefined;
}

const EMPTY_COUNTS: Counts = {
  fileSuccessCount: 0,
  fileErrorCount: 0,
  fileWarningCount: 0,
  fileDuplicateCount: 0,
  fileUpdateCount: 0,
  totalFileCount: 0,
  transferSuccessCount: 0,
  transferErrorCount: 0,
  transferWarningCount: 0,
};

export function fileOutcome(run: { seed: number; plan: RunPlan; upload?: UploadState | undefined }, i: number): number {
  const fixed = run.upload?.outcomes?.[i];
  if (fixed !== undefined) return fixed;
  const byName = outcomeFromName(run.upload?.fileNames[i]);
  if (byName !== undefined) return byName;
  const { profile, files } = run.plan;
  if (profile === 'warning' && i === Math.floor(files / 3)) return FILE_WARNING;
  if (profile === 'error' && i === Math.floor(files / 2)) return FILE_ERROR;
  const u = mixSeed(run.seed, i) / 4294967296;
  switch (profile) {
    case 'success':
      return u < 0.85 ? FILE_SUCCESS : FILE_UPDATE;
    case 'warning':
      return u < 0.72 ? FILE_SUCCESS : u < 0.85 ? FILE_UPDATE : u < 0.95 ? FILE_WARNING : FILE_DUPLICATE;
    case 'error':
      return u < 0.65 ? FILE_SUCCESS : u < 0.75 ? FILE_UPDATE : u < 0.83 ? FILE_WARNING : u < 0.86 ? FILE_DUPLICATE : FILE_ERROR;
    case 'fatal':
      return u < 0.8 ? FILE_SUCCESS : u < 0.9 ? FILE_UPDATE : FILE_WARNING;
  }
}

/** The counters each file outcome adds one to (a duplicate is no transfer). */
const COUNTED: Record<number, Array<keyof Counts>> = {
  [FILE_SUCCESS]: ['fileSuccessCount', 'transferSuccessCount'],
  [FILE_UPDATE]: ['fileUpdateCount', 'transferSuccessCount'],
  [FILE_WARNING]: ['fileWarningCount', 'transferWarningCount'],
  [FILE_ERROR]: ['fileErrorCount', 'transferErrorCount'],
  [FILE_DUPLICATE]: ['fileDuplicateCount'],
};

export function countFiles(run: { seed: number; plan: RunPlan; upload?: UploadState | undefined }, processed: number): Counts {
  const c = { ...EMPTY_COUNTS, totalFileCount: run.plan.files };
  for (let i = 0; i < processed; i++) {
    for (const k of COUNTED[fileOutcome(run, i)] ?? COUNTED[FILE_DUPLICATE]!) c[k]++;
  }
  return c;
}
