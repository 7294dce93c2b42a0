// The transfer queue's records and seams (electron-free). Records are plain JSON: the
// queue persists them after every change that matters, so a quit or a crash loses none.
import type { ErrorInfo } from '../../../shared/domain.ts';
import type { UploadJobSpec, UploadProgress } from '../../ips/upload.ts';
import type { DownloadProgress, DownloadResult } from '../../ips/download.ts';

export type TransferState =
  /** Queued; starts when a slot is free. */
  | 'waiting'
  | 'running'
  | 'paused'
  /** Failed for a passing reason; tries again at nextAttemptAt. */
  | 'retrying'
  /** Gave up (or cannot succeed as is): Retry starts it again. */
  | 'failed'
  /** Stopped by a quit or crash where the protocol cannot continue (its upload job is gone): Retry. */
  | 'interrupted'
  | 'done'
  | 'cancelled';

interface Base {
  id: string;
  state: TransferState;
  createdAt: number;
  updatedAt: number;
  /** Failed attempts since the last success or Retry. */
  attempts: number;
  nextAttemptAt?: number | undefined;
  error?: ErrorInfo | undefined;
}

export interface UploadTransfer extends Base {
  kind: 'upload';
  spec: UploadJobSpec;
  /** The IPS upload job the files go to (known after the first accepted POST). */
  jobHandle?: string | undefined;
  /** Indices of files the job accepted. */
  doneFiles: number[];
  /** Last accepted POST (the job waits 30 minutes for the next one). */
  lastPostAt?: number;
  sent: number;
  total: number;
  /** The watched account the upload goes to (several accounts); absent: the first (or only) one. */
  accountId?: string | undefined;
  /** This upload re-sends the failed files of that transfer. */
  resendOf?: string | undefined;
  /** The failed files were re-sent (once) as another transfer: what went and what could not. */
  resent?: ResendRecord | undefined;
}

export interface ResendRecord {
  /** The new transfer. */
  id: string;
  /** Files re-sent. */
  files: number;
  /** Failed files no longer on disk (targets). */
  missing: string[];
  /** Error rows that named no file of the upload. */
  unmatched: string[];
}

/** What an upload carries besides its IPS spec. */
export type UploadExtras = Pick<UploadTransfer, 'accountId' | 'resendOf'>;

export interface DownloadTransfer extends Base {
  kind: 'download';
  url: string;
  dir: string;
  fileName?: string;
  received: number;
  total?: number;
  result?: DownloadResult;
}

export type Transfer = UploadTransfer | DownloadTransfer;

export interface PersistedTransfers {
  version: 1;
  transfers: Transfer[];
}

export interface TransferStore {
  load(): Promise<PersistedTransfers | undefined>;
  save(p: PersistedTransfers): Promise<void>;
}

/** Runs one upload attempt (the real one is ips/upload.ts uploadFiles). */
export type Uploader = (
  t: Readonly<UploadTransfer>,
  ctx: {
    signal: AbortSignal;
    jobHandle?: string;
    done: ReadonlySet<number>;
    onProgress(p: UploadProgress): void;
    onJobHandle(h: string): Promise<void>;
    onFileDone(index: number): Promise<void>;
  },
) => Promise<{ jobHandle: string }>;

/** Runs one download attempt (the real one is ips/download.ts downloadToFolder). */
export type Downloader = (t: Readonly<DownloadTransfer>, ctx: { signal: AbortSignal; onProgress(p: DownloadProgress): void }) => Promise<DownloadResult>;
