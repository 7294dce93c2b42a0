// The UploadFile servlet (docs/ips-api/upload-post.md): multipart/form-data POSTs
// with an `auth` part, an `uploadParams` part (uploadPostParam) and file parts, that
// together make one upload job (type UploadPost, detail uploadPostJob). Answers a bare
// `uploadPostReturn`, or a bare fault element (no SOAP envelope).
//
// The body is streamed through busboy: file bytes are hashed (sha256) and counted as they
// arrive and never kept, so memory stays flat whatever the size. Parts may come in any
// order; nothing is registered until the whole body has arrived and was accepted, so a
// POST cut off mid-body leaves the job as it was (the client re-sends the file whole).
// Rules: a missing `auth` part is refused even when HTTP Basic credentials are sent;
// a file over UploadPostMaxFileSize refuses the POST; `filename*=` (RFC 5987) names are
// decoded like `filename=`; the same target re-posted to a job replaces the earlier copy
// when the job overwrites, else it counts as a duplicate.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import busboy from 'busboy';
import { SoapFault, readAuthHeader, type IpsService } from './service.ts';
import type { Run, World } from './world.ts';
import { FILE_DUPLICATE, FILE_ERROR } from './world.ts';
import { NS_DEFAULT, NS_UNVERSIONED, esc, type XRecord, type XValue } from './xml.ts';
import { parseSmallXml } from './small-xml.ts';

export { parseSmallXml } from './small-xml.ts';
export const UPLOAD_PATH = '/scene7/UploadFile';
/** Simulator-only: what the servlet received for a job, as JSON (?jobHandle=…). */
export const UPLOAD_INSPECT_PATH = '/scene7/_sim/uploads';
/** Default largest file (bytes); IPS_SIM_UPLOAD_MAX_FILE_SIZE overrides it. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 ** 3;

export interface ReceivedFile {
  /** Company-relative target path. */
  path: string;
  bytes: number;
  sha256: string;
  /** How many accepted POSTs carried this target. */
  posts: number;
  /** Set when a later POST re-sent it: replaced (overwrite) or counted again as a duplicate. */
  resent?: 'overwrite' | 'duplicate';
}

export interface UploadServletState {
  /** UploadPostMaxFileSize (bytes). */
  maxFileSize: number;
  /** Per job handle: the files received, in order. */
  received: Map<string, ReceivedFile[]>;
}

const states = new WeakMap<World, UploadServletState>();

/**
 * A young-generation collection, when the runtime lets us have one. Nothing here keeps a
 * chunk (busboy parses each one synchronously and the hash is updated in place), but Node's
 * HTTP parser copies every body chunk into a fresh buffer (up to 64 KiB) whose memory lives
 * outside the JS heap, and V8 collects those only after about 64 MB of them: no stream
 * setting (highWaterMark, backpressure) changes that, since the garbage is made before our
 * code sees the bytes. Measured with the simulator as its own process (issue #10): without
 * this, a 256 MiB or a 1 GiB POST lifts its peak RSS by 65–73 MiB whatever the size; with a
 * minor GC every 8 MiB of body, by 8–15 MiB, at well under 1 % of the time. The client side
 * avoids the same garbage by reading into reused buffers (electron/ips/multipart.ts); a
 * server cannot choose its read buffers, hence this. Without the flag it is simply skipped.
 */
const minorGc: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as ((o?: { type: 'minor' | 'major'; execution?: 'sync' }) => void) | undefined;
    return typeof gc === 'function' ? () => gc({ type: 'minor' }) : undefined;
  } catch {
    return undefined;
  }
})();
const GC_EVERY_BYTES = 8 * 1024 * 1024;

function envLimit(): number {
  const raw = process.env.IPS_SIM_UPLOAD_MAX_FILE_SIZE;
  const n = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_FILE_SIZE;
}

/** The servlet's state for a world (limits, received files); created on first use. */
export function uploadServlet(world: World): UploadServletState {
  let s = states.get(world);
  if (!s) {
    s = { maxFileSize: envLimit(), received: new Map() };
    states.set(world, s);
  }
  return s;
}

interface StreamedFile {
  field: string;
  filename: string | undefined;
  bytes: number;
  sha256: string;
  tooBig: boolean;
}

interface Streamed {
  fields: Map<string, string>;
  files: StreamedFile[];
}

const str = (v: XValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export interface UploadAnswer {
  status: number;
  body: string;
}

function faultBody(f: SoapFault): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s7:${f.element} xmlns:s7="${NS_UNVERSIONED}"><s7:code>${f.code}</s7:code><s7:reason>${esc(f.reason)}</s7:reason></s7:${f.element}>`;
}

/**
 * Reads a multipart body as a stream: fields kept (they are small), files hashed and counted.
 * `onBytes` sees every body byte count (for fault injection mid-body). Rejects with a
 * SoapFault for a body that is not multipart; resolves undefined when the client went away.
 */
export function streamMultipart(req: http.IncomingMessage, maxFileSize: number, onBytes?: (total: number) => void): Promise<Streamed | undefined> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxFileSize, fieldSize: 1024 * 1024, fields: 20, parts: 1000 } });
    } catch {
      reject(new SoapFault('ipsApiFault', 30003, 'The request is not multipart/form-data'));
      return;
    }
    const out: Streamed = { fields: new Map(), files: [] };
    let pendingFiles = 0;
    let closed = false;
    let settled = false;
    const finish = (): void => {
      if (!settled && closed && pendingFiles === 0) {
        settled = true;
        resolve(out);
      }
    };
    const gone = (): void => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      resolve(undefined);
    };
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        settled = true;
        reject(new SoapFault('ipsApiFault', 30003, `The '${name}' part is too large`));
        return;
      }
      if (!out.fields.has(name)) out.fields.set(name, value);
    });
    bb.on('file', (field, stream, info) => {
      pendingFiles++;
      if (info.filename === undefined) {
        // busboy calls an application/octet-stream part a file; without a filename it is a form field.
        const chunks: Buffer[] = [];
        let n = 0;
        stream.on('data', (c: Buffer) => {
          n += c.length;
          if (n <= 1024 * 1024) chunks.push(c);
        });
        stream.on('end', () => {
          if (!out.fields.has(field)) out.fields.set(field, Buffer.concat(chunks).toString('utf8'));
          pendingFiles--;
          finish();
        });
        return;
      }
      const hash = createHash('sha256');
      const f: StreamedFile = { field, filename: info.filename, bytes: 0, sha256: '', tooBig: false };
      out.files.push(f);
      stream.on('data', (c: Buffer) => {
        f.bytes += c.length;
        hash.update(c);
      });
      stream.on('limit', () => {
        f.tooBig = true;
      });
      stream.on('end', () => {
        f.sha256 = hash.digest('hex');
        pendingFiles--;
        finish();
      });
    });
    bb.on('close', () => {
      closed = true;
      finish();
    });
    bb.on('error', () => {
      if (settled) return;
      settled = true;
      if (req.readableAborted || req.destroyed) resolve(undefined);
      else reject(new SoapFault('ipsApiFault', 30003, 'The multipart/form-data body is malformed or incomplete'));
    });
    req.on('aborted', gone);
    req.on('close', () => {
      if (!req.complete) gone();
    });
    let n = 0;
    let nextGc = GC_EVERY_BYTES;
    req.on('data', (c: Buffer) => {
      n += c.length;
      onBytes?.(n);
      if (minorGc && n >= nextGc) {
        nextGc = n + GC_EVERY_BYTES;
        minorGc();
      }
    });
    req.pipe(bb);
  });
}

/** The outcome of an accepted (or refused) POST, from what was streamed. */
export function answerUpload(world: World, service: IpsService, body: Streamed, ip: string): UploadAnswer {
  let faultStatus = 500;
  const state = uploadServlet(world);
  try {
    world.tick();
    const authText = body.fields.get('auth');
    const paramsText = body.fields.get('uploadParams');
    // The servlet reads credentials from the auth part only (documented: it is required).
    if (authText === undefined) {
      throw new SoapFault('authenticationFault', 10000, "Missing the 'auth' part (HTTP Basic credentials are not accepted by the UploadFile servlet)");
    }
    const authDoc = parseSmallXml(authText);
    if (!authDoc || authDoc.root !== 'authHeader') throw new SoapFault('ipsApiFault', 30003, 'The auth part is not an authHeader document');
    const auth = readAuthHeader({ authHeader: authDoc.value });
    if (auth.faultHttpStatusCode !== undefined) faultStatus = auth.faultHttpStatusCode;
    const user = service.authenticate(auth);
    if (paramsText === undefined) throw new SoapFault('ipsApiFault', 30002, "Missing the 'uploadParams' part");
    const doc = parseSmallXml(paramsText);
    if (!doc || doc.root !== 'uploadPostParam') throw new SoapFault('ipsApiFault', 30003, 'The uploadParams part is not an uploadPostParam document');
    const p = doc.value;
    const ns = doc.ns?.startsWith('http://www.scene7.com/IpsApi/xsd') ? doc.ns : NS_DEFAULT;
    const companyHandle = str(p.companyHandle);
    if (!companyHandle) throw new SoapFault('ipsApiFault', 30002, "Missing required parameter 'companyHandle'");
    service.authorize(user, companyHandle, 'submitJob');
    const company = world.companies.get(companyHandle);
    if (!company) throw new SoapFault('authorizationFault', 20000, `Invalid company '${companyHandle}'`);
    const big = body.files.find((f) => f.tooBig);
    if (big) {
      throw new SoapFault(
        'ipsApiFault',
        30001,
        `File '${big.filename ?? big.field}' is larger than the largest accepted upload (UploadPostMaxFileSize ${state.maxFileSize} bytes)`,
      );
    }
    const jobName = str(p.jobName);
    const jobHandle = str(p.jobHandle);
    const destFolderParam = str(p.destFolder);
    const fileName = str(p.fileName);
    const endJob = /^(true|1)$/i.test(str(p.endJob)?.trim() ?? '');
    // A file input left empty arrives as filename="" with no bytes: not a file.
    const files = body.files.filter((f) => !(f.filename === '' && f.bytes === 0) && f.filename !== undefined);
    let run: Run;
    if (jobHandle) {
      const found = world.runByHandle(jobHandle);
      if (!found || found.companyHandle !== companyHandle || !found.upload)
        throw new SoapFault('ipsApiFault', 30001, `Unknown upload job handle '${jobHandle}'`);
      run = found;
      const up = run.upload as NonNullable<Run['upload']>;
      if (up.ip !== ip) throw new SoapFault('authorizationFault', 20005, 'Every POST of an upload job must come from the same IP address');
      world.settle(run); // applies the idle timeout
      if (!up.waiting || run.stopAt !== undefined) throw new SoapFault('ipsApiFault', 30001, `Upload job '${jobHandle}' is no longer accepting files`);
    } else if (jobName) {
      const detail = p.uploadParams && typeof p.uploadParams === 'object' && !Array.isArray(p.uploadParams) ? (p.uploadParams as XRecord) : undefined;
      for (const req of ['overwrite', 'readyForPublish', 'createMask', 'emailSetting']) {
        if (detail && detail[req] === undefined) throw new SoapFault('ipsApiFault', 30003, `uploadParams misses the required element '${req}'`);
      }
      const description = str(p.description);
      run = world.createUploadRun({
        company,
        name: jobName,
        submitUserEmail: user.email,
        locale: str(p.locale) ?? auth.locale ?? 'en-US',
        ...(description !== undefined ? { description } : {}),
        ...(detail ? { detail } : {}),
        ip,
      });
      if (destFolderParam !== undefined && run.upload) run.upload.destFolder = destFolderParam;
    } else throw new SoapFault('ipsApiFault', 30002, "uploadPostParam needs 'jobName' (first POST) or 'jobHandle'");
    const up = run.upload as NonNullable<Run['upload']>;
    const dest = destFolderParam ?? up.destFolder ?? '';
    const overwrite = /^(true|1)$/i.test(str((run.detail as XRecord | undefined)?.overwrite) ?? '');
    const list = state.received.get(run.handle) ?? [];
    state.received.set(run.handle, list);
    const fresh: string[] = [];
    const duplicates: string[] = [];
    files.forEach((f, i) => {
      const base = fileName && files.length === 1 && i === 0 ? fileName : (f.filename ?? `file-${i + 1}`);
      const path = `${dest}${base.replace(/\\/g, '/')}`;
      const prev = list.find((r) => r.path === path);
      if (prev && overwrite) {
        // The later copy replaces the earlier one: still one file of the job.
        Object.assign(prev, { bytes: f.bytes, sha256: f.sha256, posts: prev.posts + 1, resent: 'overwrite' });
        return;
      }
      if (prev) {
        prev.posts += 1;
        prev.resent = 'duplicate';
        duplicates.push(path);
        return;
      }
      list.push({ path, bytes: f.bytes, sha256: f.sha256, posts: 1 });
      fresh.push(path);
    });
    const firstAt = up.fileNames.length;
    world.addUploadFiles(run, fresh);
    // A "flaky" file fails the first time its company receives it, and succeeds when sent again.
    fresh.forEach((path, k) => {
      if (!FLAKY.test(path.slice(path.lastIndexOf('/') + 1)) || receivedBefore(world, state, run, path)) return;
      up.outcomes ??= [];
      up.outcomes[firstAt + k] = FILE_ERROR;
    });
    if (duplicates.length > 0) {
      const start = up.fileNames.length;
      world.addUploadFiles(run, duplicates);
      up.outcomes ??= [];
      for (let k = 0; k < duplicates.length; k++) up.outcomes[start + k] = FILE_DUPLICATE;
    }
    if (endJob) world.endUpload(run);
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><uploadPostReturn xmlns="${ns}"><jobHandle>${esc(run.handle)}</jobHandle></uploadPostReturn>`,
    };
  } catch (err) {
    const f = err instanceof SoapFault ? err : new SoapFault('ipsApiFault', 30000, err instanceof Error ? err.message : String(err));
    return { status: faultStatus, body: faultBody(f) };
  }
}

const FLAKY = /flaky/i;

/** Whether another upload job of the run's company received this path. */
function receivedBefore(world: World, state: UploadServletState, run: Run, path: string): boolean {
  for (const [handle, files] of state.received) {
    if (handle === run.handle || !files.some((f) => f.path === path)) continue;
    if (world.runByHandle(handle)?.companyHandle === run.companyHandle) return true;
  }
  return false;
}

/** The received files of a job, for the inspect endpoint. */
export function receivedFiles(world: World, jobHandle: string): ReceivedFile[] | undefined {
  return uploadServlet(world).received.get(jobHandle);
}
