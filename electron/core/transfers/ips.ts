// The real uploader and downloader for the queue: ips/upload.ts and ips/download.ts with
// the signed-in account's credentials and servlet.
import { downloadToFolder } from '../../ips/download.ts';
import { uploadFiles } from '../../ips/upload.ts';
import type { Credentials } from '../../ips/servlet.ts';
import type { Downloader, Uploader } from './types.ts';

export interface IpsTransferConfig extends Credentials {
  uploadUrl: string;
  serviceUrl: string;
  timeoutMs?: number;
}

/** One attempt per call: the queue does the retrying, so the upload itself re-sends only once. */
export function ipsUploader(c: IpsTransferConfig): Uploader {
  return (t, ctx) =>
    uploadFiles(t.spec, {
      ...c,
      signal: ctx.signal,
      done: ctx.done,
      ...(ctx.jobHandle ? { jobHandle: ctx.jobHandle } : {}),
      onProgress: ctx.onProgress,
      onJobHandle: ctx.onJobHandle,
      onFileDone: (i) => ctx.onFileDone(i),
      retries: 1,
    });
}

export function ipsDownloader(): Downloader {
  return (t, ctx) =>
    downloadToFolder(t.url, t.dir, { signal: ctx.signal, onProgress: ctx.onProgress, retries: 1, ...(t.fileName ? { fileName: t.fileName } : {}) });
}
