// submitJob's job details as a schema-checking IPS server treats them
// (docs/ips-api/real-world.md: the job-detail types have required children), and what
// the simulator does with the two a transfer client submits: UploadUrlsJob (a pretend fetch
// per URL, outcomes steered by the URL) and ExportJob (one file per asset handle; unknown
// handles fail). Pure functions of the request: op-submit.ts throws the faults and creates the run.
import type { SimAsset } from './catalog.ts';
import { FILE_ERROR, FILE_SUCCESS, FILE_WARNING } from './outcomes.ts';
import type { Profile, RunPlan, SimCompany, UploadState } from './types.ts';
import type { XRecord, XValue } from './xml.ts';

/** A refused request: ipsApiFault code and reason. */
export interface DetailProblem {
  code: number;
  reason: string;
}

const EMAIL_SETTINGS = ['All', 'Error', 'ErrorAndWarning', 'JobCompletion', 'None'];

/**
 * Required children per job-detail element, in schema order (real-world.md: publishType and
 * emailSetting in publish jobs; overwrite, readyForPublish, createMask and emailSetting in
 * upload jobs; fmt and assetHandleArray with emailSetting in exports; urlArray since 4.5).
 */
export const REQUIRED_DETAIL_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  imageServingPublishJob: ['publishType', 'emailSetting'],
  imageRenderingPublishJob: ['emailSetting'],
  videoPublishJob: ['emailSetting'],
  serverDirectoryPublishJob: ['emailSetting'],
  uploadDirectoryJob: ['destFolder', 'overwrite', 'readyForPublish', 'createMask', 'emailSetting'],
  uploadUrlsJob: ['urlArray', 'overwrite', 'readyForPublish', 'createMask', 'emailSetting'],
  exportJob: ['assetHandleArray', 'fmt', 'emailSetting'],
};

const BOOLEAN_CHILDREN = ['overwrite', 'readyForPublish', 'preservePublishState', 'createMask', 'includeSubfolders', 'preserveCrop', 'postJobOnlyIfFiles'];

function text(v: XValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The `items` of an array wrapper (one item parses as a scalar or record, not a list). */
export function itemsOf(v: XValue | undefined): XValue[] {
  if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  const raw = (v as XRecord).items ?? (v as XRecord).item;
  if (raw === undefined || raw === null || raw === '') return [];
  return Array.isArray(raw) ? raw : [raw];
}

/** Why a detail element would fail schema validation, or undefined when it is acceptable. */
export function checkDetail(element: string, detail: XRecord): DetailProblem | undefined {
  for (const child of REQUIRED_DETAIL_CHILDREN[element] ?? []) {
    if (detail[child] === undefined || detail[child] === null) {
      return { code: 30002, reason: `Missing required element '${child}' in ${element} (schema validation failed)` };
    }
  }
  for (const child of BOOLEAN_CHILDREN) {
    const v = text(detail[child]);
    if (v !== undefined && !/^(true|false|1|0)$/.test(v)) return { code: 30001, reason: `Invalid boolean '${v}' for ${element}/${child}` };
  }
  const email = detail.emailSetting === undefined ? undefined : text(detail.emailSetting);
  if (detail.emailSetting !== undefined && (email === undefined || !EMAIL_SETTINGS.includes(email))) {
    return { code: 30001, reason: `Invalid emailSetting '${email ?? ''}' (one of ${EMAIL_SETTINGS.join(', ')})` };
  }
  if (element === 'uploadUrlsJob') {
    const urls = itemsOf(detail.urlArray);
    if (urls.length === 0) return { code: 30002, reason: 'uploadUrlsJob/urlArray has no items' };
    for (const [i, u] of urls.entries()) {
      const rec = u && typeof u === 'object' && !Array.isArray(u) ? (u as XRecord) : {};
      for (const child of ['sourceUrl', 'destPath']) {
        if (!text(rec[child]))
          return { code: 30002, reason: `Missing required element '${child}' in uploadUrlsJob/urlArray item ${i + 1} (schema validation failed)` };
      }
    }
  }
  if (element === 'exportJob') {
    const fmt = text(detail.fmt);
    if (fmt !== 'orig' && fmt !== 'convert') return { code: 30001, reason: `Invalid fmt '${fmt ?? ''}' (orig or convert)` };
    if (itemsOf(detail.assetHandleArray).length === 0) return { code: 30002, reason: 'exportJob/assetHandleArray has no items' };
  }
  return undefined;
}

/** How a submitted URL "fetches": a URL naming "missing" (or "404") is not found; "warn" warns. */
export function urlOutcome(sourceUrl: string): number | undefined {
  const u = sourceUrl.toLowerCase();
  if (/missing|404|notfound/.test(u)) return FILE_ERROR;
  if (/warn/.test(u)) return FILE_WARNING;
  return undefined;
}

export interface SubmittedFiles {
  /** Plan overrides: one file per URL / asset, with short, realistic phases. */
  plan: Partial<RunPlan>;
  /** Set on the run after creation: names and fixed outcomes of its files. */
  files: UploadState;
  /** The profile when the simulator's submitProfile is 'random' (outcomes come from the request). */
  profile: Profile;
}

const STEERED_NAME = /broken|corrupt|error|warn|dup/i;

function assetPath(a: SimAsset): string {
  return `${a.folder}${a.name}${a.ext ? `.${a.ext}` : ''}`;
}

/**
 * For uploadUrlsJob and exportJob: the run's files (URL destinations, exported assets) and
 * their outcomes. Undefined for other elements (they keep the seeded random plan).
 */
export function submittedFiles(element: string, detail: XRecord, company: SimCompany, now: number): SubmittedFiles | undefined {
  let names: string[];
  let outcomes: Array<number | undefined>;
  if (element === 'uploadUrlsJob') {
    const urls = itemsOf(detail.urlArray).map((u) => (u && typeof u === 'object' && !Array.isArray(u) ? (u as XRecord) : {}));
    names = urls.map((u) => text(u.destPath) ?? '');
    // A new file is a success, not an update, unless the job overwrites; file names steer as for
    // the servlet ("broken", "warn", "dup": outcomes.ts), so those are left to it.
    const overwrite = /^(true|1)$/.test(text(detail.overwrite) ?? '');
    outcomes = urls.map((u, i) => urlOutcome(text(u.sourceUrl) ?? '') ?? (overwrite || STEERED_NAME.test(names[i] ?? '') ? undefined : FILE_SUCCESS));
  } else if (element === 'exportJob') {
    const byHandle = new Map(company.assets.map((a) => [a.handle, a]));
    const handles = itemsOf(detail.assetHandleArray).map((h) => text(h) ?? '');
    const assets = handles.map((h) => byHandle.get(h));
    names = assets.map((a, i) => (a ? assetPath(a) : `${company.rootPath}missing-asset-${i + 1}`));
    outcomes = assets.map((a) => (a ? FILE_SUCCESS : FILE_ERROR));
  } else return undefined;
  const n = names.length;
  return {
    plan: { files: n, newMs: 400, waitMs: 600, runMs: Math.max(1200, Math.min(120_000, n * 600)), video: false },
    files: { waiting: false, lastPostAt: now, fileNames: names, ip: '', endEff: 0, outcomes },
    profile: 'success',
  };
}
