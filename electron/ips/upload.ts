// Uploads from disk through the UploadFile servlet (docs/ips-api/upload-post.md): one
// upload job made of several multipart POSTs tied by jobHandle, one file per POST, endJob on
// the last. Files stream from disk (multipart.ts), so memory stays flat whatever their size;
// byte progress, speed and time left are reported per file and overall. Before anything is
// sent, getProperty UploadPostMaxFileSize is asked and a file that is too big is refused in
// words. A POST that fails on the network is re-sent whole (there is no byte-level resume),
// to the same job. Errors are IpsError subclasses and never contain the password.
import { basename } from 'node:path';
import { IpsError, IpsMalformedResponseError } from './errors.ts';
import { buildMultipart, writeMultipart } from './multipart.ts';
import { getUploadMaxFileSize } from './property.ts';
import { createRateMeter } from './rate.ts';
import {
  escXml,
  faultError,
  findFault,
  request,
  unescXml,
  unexpectedAnswer,
  authHeaderChildren,
  AUTH_NS,
  IPS_NS,
  TransferCancelledError,
  type Credentials,
} from './servlet.ts';

export { TransferCancelledError } from './servlet.ts';
export const UPLOAD_SERVLET_PATH = '/scene7/UploadFile';

/** The servlet beside a service URL: same origin + /scene7/UploadFile. */
export function uploadUrlForService(serviceUrl: string): string {
  return `${new URL(serviceUrl).origin}${UPLOAD_SERVLET_PATH}`;
}

/** A folder handle as IPS wants it: '/'-separated, no leading '/', ending in '/'. */
export function folderHandle(folder: string): string {
  const f = folder
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^\//, '');
  return f === '' || f.endsWith('/') ? f : `${f}/`;
}

export interface UploadItem {
  /** Local file. */
  path: string;
  size: number;
  /** Target under the destination folder, '/'-separated (e.g. `shoes/red/1.jpg`). */
  target: string;
}

export type EmailSetting = 'All' | 'Error' | 'ErrorAndWarning' | 'JobCompletion' | 'None';

export interface UploadJobSpec {
  companyHandle: string;
  /** Destination folder (a trailing '/' is added when missing). */
  destFolder: string;
  jobName: string;
  files: UploadItem[];
  overwrite?: boolean;
  readyForPublish?: boolean;
  emailSetting?: EmailSetting;
  locale?: string;
  description?: string;
}

export interface FileProgress {
  index: number;
  target: string;
  sent: number;
  size: number;
  bytesPerSecond: number;
  etaSeconds?: number;
}

export interface UploadProgress {
  file?: FileProgress;
  sent: number;
  total: number;
  bytesPerSecond: number;
  etaSeconds?: number;
  filesDone: number;
  filesTotal: number;
}

export interface UploadOptions extends Credentials {
  uploadUrl: string;
  /** The SOAP service, for getProperty UploadPostMaxFileSize (default: beside the servlet). */
  serviceUrl?: string;
  /** Known limit (bytes); null = do not ask the server. Default: ask. */
  maxFileSize?: number | null;
  /** Idle deadline per request (ms, default 120 000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  /** Continue this job (a resumed transfer) instead of starting one with jobName. */
  jobHandle?: string;
  /** Indices of files already accepted by the job (skipped). */
  done?: ReadonlySet<number>;
  /** The job handle is known (after the first POST): persist it before going on. */
  onJobHandle?: (jobHandle: string) => void | Promise<void>;
  /** A file was accepted by the servlet. */
  onFileDone?: (index: number, jobHandle: string) => void | Promise<void>;
  /** Re-sends of a POST after a network failure or timeout (default 3). */
  retries?: number;
  retryDelayMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface UploadResult {
  jobHandle: string;
  files: number;
  bytes: number;
}

/** A file larger than the server's UploadPostMaxFileSize. */
export class UploadTooLargeError extends IpsError {
  readonly path: string;
  readonly size: number;
  readonly limit: number;
  constructor(path: string, size: number, limit: number) {
    super(
      'usage',
      `“${basename(path)}” is ${formatBytes(size)}; this IPS server accepts files of at most ${formatBytes(limit)} (UploadPostMaxFileSize), so nothing was uploaded`,
    );
    this.name = 'UploadTooLargeError';
    this.path = path;
    this.size = size;
    this.limit = limit;
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10} ${units[u]}`;
}

/** The uploadPostParam document, children in the servlet's order. */
export function uploadParamsXml(p: {
  companyHandle: string;
  jobName?: string;
  jobHandle?: string;
  locale?: string;
  description?: string;
  destFolder: string;
  fileName?: string;
  endJob: boolean;
  job?: Pick<UploadJobSpec, 'overwrite' | 'readyForPublish' | 'emailSetting'>;
}): string {
  const el = (name: string, v: string | undefined): string => (v === undefined ? '' : `<${name}>${escXml(v)}</${name}>`);
  const job = p.job
    ? `<uploadParams>${el('overwrite', String(p.job.overwrite ?? false))}${el('readyForPublish', String(p.job.readyForPublish ?? false))}` +
      `${el('preservePublishState', 'true')}${el('createMask', 'false')}${el('emailSetting', p.job.emailSetting ?? 'None')}</uploadParams>`
    : '';
  return (
    `<uploadPostParam xmlns="${IPS_NS}">${el('companyHandle', p.companyHandle)}${el('jobName', p.jobName)}${el('jobHandle', p.jobHandle)}` +
    `${el('locale', p.locale)}${el('description', p.description)}${el('destFolder', p.destFolder)}${el('fileName', p.fileName)}${el('endJob', String(p.endJob))}${job}</uploadPostParam>`
  );
}

export function authXml(c: Credentials): string {
  return `<authHeader xmlns="${AUTH_NS}">${authHeaderChildren(c)}</authHeader>`;
}

const RETRYABLE = new Set(['network', 'timeout']);

function isRetryable(err: unknown): boolean {
  if (!(err instanceof IpsError) || err instanceof TransferCancelledError) return false;
  if (!RETRYABLE.has(err.kind)) return false;
  // An answer from a server that is up but refused (4xx) will not change on a re-send.
  return err.httpStatus === undefined || err.httpStatus >= 500 || err.httpStatus === 408 || err.httpStatus === 429;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TransferCancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new TransferCancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Checks every size against the server's limit before the first byte is sent. */
export async function checkUploadSizes(
  files: readonly UploadItem[],
  opts: Pick<UploadOptions, 'maxFileSize' | 'serviceUrl' | 'uploadUrl' | 'timeoutMs' | 'signal'> & Credentials,
): Promise<number | undefined> {
  let limit: number | undefined;
  if (opts.maxFileSize === null) return undefined;
  if (opts.maxFileSize !== undefined) limit = opts.maxFileSize;
  else {
    const serviceUrl = opts.serviceUrl ?? `${new URL(opts.uploadUrl).origin}/scene7/services/IpsApiService`;
    limit = await getUploadMaxFileSize({ ...opts, serviceUrl, timeoutMs: Math.min(opts.timeoutMs ?? 30_000, 30_000) });
  }
  if (limit !== undefined) {
    const big = files.find((f) => f.size > limit);
    if (big) throw new UploadTooLargeError(big.path, big.size, limit);
  }
  return limit;
}

/** Sends the files as one upload job; resolves once the servlet accepted the last POST. */
export async function uploadFiles(spec: UploadJobSpec, opts: UploadOptions): Promise<UploadResult> {
  if (spec.files.length === 0) throw new IpsError('usage', 'There are no files to upload');
  const now = opts.now ?? Date.now;
  const secrets = [opts.password];
  const done = new Set(opts.done ?? []);
  const todo = spec.files.map((_, i) => i).filter((i) => !done.has(i));
  await checkUploadSizes(
    todo.map((i) => spec.files[i] as UploadItem),
    opts,
  );

  const total = spec.files.reduce((n, f) => n + f.size, 0);
  let sentDone = spec.files.reduce((n, f, i) => n + (done.has(i) ? f.size : 0), 0);
  const overall = createRateMeter(now);
  overall.add(sentDone);
  let lastEmit = 0;
  const emit = (file: FileProgress | undefined, force: boolean, inFile: number): void => {
    if (!opts.onProgress) return;
    const t = now();
    if (!force && t - lastEmit < 200) return;
    lastEmit = t;
    const sent = sentDone + inFile;
    const bps = overall.bytesPerSecond();
    const eta = overall.etaSeconds(total - sent);
    opts.onProgress({
      ...(file ? { file } : {}),
      sent,
      total,
      bytesPerSecond: bps,
      ...(eta !== undefined ? { etaSeconds: eta } : {}),
      filesDone: done.size,
      filesTotal: spec.files.length,
    });
  };

  const dest = folderHandle(spec.destFolder);
  let jobHandle = opts.jobHandle;
  const retries = opts.retries ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => abortableSleep(ms, opts.signal));
  const delay = opts.retryDelayMs ?? ((a: number) => Math.min(30_000, 1000 * 2 ** (a - 1)));

  /** One POST: zero or one file. */
  const post = async (index: number | undefined, endJob: boolean): Promise<string> => {
    const item = index !== undefined ? (spec.files[index] as UploadItem) : undefined;
    const target = item ? item.target.replace(/\\/g, '/').replace(/^\/+/, '') : '';
    const slash = target.lastIndexOf('/');
    const fileName = item ? target.slice(slash + 1) : undefined;
    const folder = item && slash >= 0 ? `${dest}${target.slice(0, slash)}/` : dest;
    const params = uploadParamsXml({
      companyHandle: spec.companyHandle,
      ...(jobHandle ? { jobHandle } : { jobName: spec.jobName, job: spec }),
      ...(spec.locale ? { locale: spec.locale } : {}),
      ...(spec.description && !jobHandle ? { description: spec.description } : {}),
      destFolder: folder,
      ...(fileName !== undefined ? { fileName } : {}),
      endJob,
    });
    const body = buildMultipart(
      [
        { name: 'auth', value: authXml(opts) },
        { name: 'uploadParams', value: params },
      ],
      item && index !== undefined ? [{ field: 'file1', filename: fileName as string, path: item.path, size: item.size, index }] : [],
    );
    const meter = createRateMeter(now);
    let inFile = 0;
    meter.add(0);
    const fileProgress = (): FileProgress | undefined => {
      if (!item || index === undefined) return undefined;
      const eta = meter.etaSeconds(item.size - inFile);
      return { index, target, sent: inFile, size: item.size, bytesPerSecond: meter.bytesPerSecond(), ...(eta !== undefined ? { etaSeconds: eta } : {}) };
    };
    emit(fileProgress(), true, 0);
    const answer = await request({
      url: opts.uploadUrl,
      method: 'POST',
      headers: { 'Content-Type': body.contentType, 'Content-Length': body.length, 'User-Agent': `${opts.appName ?? 'IPS Jobs'}/${opts.appVersion ?? '0.1.0'}` },
      timeoutMs: opts.timeoutMs ?? 120_000,
      operation: 'UploadFile',
      ...(opts.signal ? { signal: opts.signal } : {}),
      writeBody: (req) =>
        writeMultipart(body, req, (_i, n) => {
          inFile += n;
          meter.add(inFile);
          overall.add(sentDone + inFile);
          emit(fileProgress(), false, inFile);
        }),
    });
    const fault = findFault(answer.text);
    if (fault) throw faultError(fault, 'UploadFile', answer.status, secrets);
    const m = /<(?:[\w.-]+:)?uploadPostReturn[\s>][\s\S]*?<(?:[\w.-]+:)?jobHandle>([^<]+)<\/(?:[\w.-]+:)?jobHandle>/.exec(answer.text);
    if (answer.status < 200 || answer.status > 299 || !m) throw unexpectedAnswer(answer, 'UploadFile', 'an uploadPostReturn');
    const handle = unescXml(m[1] as string).trim();
    if (!handle) throw new IpsMalformedResponseError('IPS answered UploadFile without a job handle', { operation: 'UploadFile', httpStatus: answer.status });
    if (item && index !== undefined) {
      sentDone += item.size;
      done.add(index);
      overall.add(sentDone);
      emit({ ...(fileProgress() as FileProgress), sent: item.size, etaSeconds: 0 }, true, 0);
    }
    return handle;
  };

  const postWithRetry = async (index: number | undefined, endJob: boolean): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw new TransferCancelledError();
      try {
        const handle = await post(index, endJob);
        if (!jobHandle) {
          jobHandle = handle;
          await opts.onJobHandle?.(handle);
        }
        if (index !== undefined) await opts.onFileDone?.(index, jobHandle);
        return;
      } catch (err) {
        if (attempt >= retries || !isRetryable(err)) throw err;
        await sleep(delay(attempt + 1));
      }
    }
  };

  for (let k = 0; k < todo.length; k++) await postWithRetry(todo[k], k === todo.length - 1);
  // Everything had been sent before (a resumed transfer): only the end of the job is left.
  if (todo.length === 0) await postWithRetry(undefined, true);
  emit(undefined, true, 0);
  return { jobHandle: jobHandle as string, files: spec.files.length, bytes: total };
}
