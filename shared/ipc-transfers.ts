// The transfer part of the IPC contract (shared/ipc.ts spreads these into its tables):
// argument schemas for adding an upload, listing a company's folders and acting on a
// transfer, and the compact `transfers` event the Transfers view and the tray read.
import { z } from './zod.ts';
import type { ErrorInfo, Outcome, Phase } from './domain.ts';
// Type-only: the one command answer shape (ipc.ts spreads this module's tables into its own).
import type { Result } from './ipc.ts';

const handle = z.string().min(1).max(500);
/** A watched account's id (several accounts); absent: the first (or only) account. */
const account = z.string().min(1).max(100).optional();
const transferRef = z.object({ id: z.string().min(1).max(100) }).strict();
/** A local path as the main side receives it: checked there (absolute, exists, file or folder). */
const localPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\u0000'), 'contains a NUL character');

export const transferCommandArgs = {
  /** All transfers now (the view's first paint; later changes come as `transfers` events). */
  getTransfers: z.undefined(),
  /** Files and folders from this machine, uploaded as one IPS upload job. */
  addUpload: z
    .object({
      companyHandle: handle,
      /** Destination folder, e.g. `ExampleCo/incoming/` (a trailing '/' is added). */
      destFolder: z.string().max(1000),
      jobName: z.string().max(200).optional(),
      overwrite: z.boolean().default(false),
      /** readyForPublish: publish after upload. */
      publish: z.boolean().default(false),
      paths: z.array(localPath).min(1).max(1000),
      account,
    })
    .strict(),
  /** The folders of a company (getFolderTree), for the destination picker. */
  getFolders: z.object({ companyHandle: handle, account }).strict(),
  pauseTransfer: transferRef,
  resumeTransfer: transferRef,
  cancelTransfer: transferRef,
  retryTransfer: transferRef,
  /** A finished upload whose job had file errors: its failed files, still on disk, as a new upload. */
  resendFailed: transferRef,
  /** Drops finished and cancelled transfers from the list. */
  clearTransfers: z.undefined(),
  /** A finished download: show its file in the system's file manager. */
  showTransferInFolder: transferRef,
} as const;

export type TransferViewState = 'waiting' | 'running' | 'paused' | 'retrying' | 'failed' | 'interrupted' | 'done' | 'cancelled';

export interface TransferFileView {
  /** Target under the destination folder ('/'-separated). */
  name: string;
  bytes: number;
  total: number;
  state: 'waiting' | 'running' | 'done';
  /** Bytes per second while this file is sent. */
  speed?: number;
  /** Seconds left for this file. */
  eta?: number;
}

/** The IPS job an upload became, as the board knows it. */
export interface TransferJobView {
  jobKey: string;
  phase?: Phase;
  outcome?: Outcome;
  success?: number;
  errors?: number;
  warnings?: number;
  duplicates?: number;
}

export interface TransferView {
  id: string;
  kind: 'upload' | 'download';
  state: TransferViewState;
  /** The job name (upload) or the file name (download). */
  name: string;
  companyHandle?: string;
  destFolder?: string;
  bytes: number;
  total: number;
  /** Bytes per second while running. */
  speed?: number;
  /** Seconds left while running. */
  eta?: number;
  error?: ErrorInfo;
  jobHandle?: string;
  job?: TransferJobView;
  /** Per file (uploads); at most FILE_ROWS_MAX, `moreFiles` counts the rest. */
  files: TransferFileView[];
  moreFiles?: number;
  filesDone: number;
  filesTotal: number;
  /** A finished download's file. */
  path?: string;
  nextAttemptAt?: number;
  /** The watched account an upload goes to (several accounts). */
  account?: string;
  /** A finished upload whose job failed files that can be re-sent: how many failed (the job's error count). */
  failedFiles?: number;
  /** The failed files were re-sent: the new transfer, its job name, what went and what could not. */
  resent?: { id: string; name?: string; files: number; missing: string[]; unmatched: string[] };
  /** This upload re-sends the failed files of that transfer (its job name when still listed). */
  resendOf?: { id: string; name?: string };
  createdAt: number;
  updatedAt: number;
}

export interface TransfersState {
  transfers: TransferView[];
  /** Over running and waiting transfers: for the tray and the taskbar. */
  active: number;
  sent: number;
  total: number;
}

export const FILE_ROWS_MAX = 200;

export interface TransferCommands {
  getTransfers: Result<TransfersState>;
  /** The queued transfer's id, its file count and bytes. */
  addUpload: Result<{ id: string; files: number; bytes: number }>;
  /** Folder paths, each ending in '/'. */
  getFolders: Result<string[]>;
  pauseTransfer: Result;
  resumeTransfer: Result;
  cancelTransfer: Result;
  retryTransfer: Result;
  /** The new transfer; the failed files no longer on disk (left out) and error rows that named no file of the upload. */
  resendFailed: Result<{ id: string; files: number; bytes: number; missing: string[]; unmatched: string[] }>;
  clearTransfers: Result;
  showTransferInFolder: Result;
}

export interface TransferEvents {
  transfers: TransfersState;
}
