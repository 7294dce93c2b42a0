// Turns parsed IPS responses into the shapes of shared/domain.ts.
//
// Input is whatever an XML-to-object parser made of the SOAP body: text (the client asks
// soap to keep every scalar as text), or already-typed values (numbers, booleans, Date
// objects) from another parser; a repeated element as an array, a single one as an
// object; an empty element as '', null or {}; text with attributes as { $value }. Keys
// are matched by local name, so a leftover `ns1:` prefix does not matter.
//
// Output rules: arrays are always arrays (missing or empty wrapper → []), numbers are
// numbers, booleans are booleans, dates are UTC ISO strings with milliseconds, absent
// optional fields are left out (never null), and text fields stay text even when they
// look numeric (progressMessage, triggerState, …).
import type {
  ActiveJob,
  Company,
  CompanyMembership,
  DetailRecord,
  DetailValue,
  IsoDate,
  JobLog,
  JobLogDetail,
  JobLogDetailAux,
  ScheduledJob,
  TaskItemProgress,
  TaskProgress,
  User,
} from '../../shared/domain.ts';
import { JOB_DETAIL_ELEMENTS } from '../../shared/domain.ts';
import { XSD, arrays, types } from './schema.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function localName(key: string): string {
  const i = key.lastIndexOf(':');
  return i >= 0 ? key.slice(i + 1) : key;
}

/**
 * Deepest nesting copied from a job-detail record (the schema's deepest is 4). Deeper
 * parts are left out: the walk is bounded, so no answer can overflow the stack here.
 */
export const MAX_RECORD_DEPTH = 16;

/** Element names never copied into records (parser bookkeeping, or keys that would touch prototypes). */
const SKIP = new Set(['attributes', '$value', '__proto__', 'constructor', 'prototype']);

/** A child by local name (exact key first, then any prefix). */
export function field(obj: unknown, name: string): unknown {
  if (!isObj(obj)) return undefined;
  if (Object.hasOwn(obj, name)) return obj[name];
  // `prefix:name` (compared in place: absent optional fields make this the common path).
  const n = name.length;
  for (const k of Object.keys(obj)) {
    const at = k.length - n - 1;
    if (at >= 0 && k.charCodeAt(at) === 58 && k.endsWith(name) && k.lastIndexOf(':') === at) return obj[k];
  }
  return undefined;
}

function isNil(obj: Obj): boolean {
  const attrs = field(obj, 'attributes');
  const nil = isObj(attrs) ? field(attrs, 'nil') : undefined;
  return nil === true || nil === 'true' || nil === '1';
}

/** Scalar text of a value, or undefined when absent / nil / structured. */
export function str(value: unknown): string | undefined {
  let v = value;
  // A loop, not recursion: `[[…]]` or `{ $value: { $value: … } }` may nest without end.
  for (let hops = 0; hops <= MAX_RECORD_DEPTH; hops++) {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
    if (typeof v === 'boolean') return String(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
    if (Array.isArray(v)) {
      if (v.length === 0) return undefined;
      v = v[0];
      continue;
    }
    if (!isObj(v) || isNil(v)) return undefined;
    const inner = field(v, '$value');
    if (inner !== undefined) {
      v = inner;
      continue;
    }
    // An empty element parsed as {} (possibly with attributes only) is empty text.
    return Object.keys(v).every((k) => localName(k) === 'attributes') ? '' : undefined;
  }
  return undefined;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const s = str(v)?.trim();
  if (!s || !NUMERIC.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  const s = str(v)?.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return undefined;
}

/** xsd:dateTime (any offset, with or without fraction) → `YYYY-MM-DDThh:mm:ss.sssZ`. */
export function date(v: unknown): IsoDate | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  let s = str(v)?.trim();
  if (!s) return undefined;
  // More than millisecond precision: keep milliseconds (Date parsing of longer fractions varies).
  s = s.replace(/(T\d{2}:\d{2}:\d{2}\.\d{3})\d+/, '$1');
  // No zone designator: IPS always sends one; if not, read it as UTC rather than local time.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += 'Z';
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The items of an array wrapper (`<x><items/>…</x>`), always as an array. A missing or
 * empty wrapper gives []. `names` lists the accepted item element names.
 */
export function list(wrapper: unknown, names: readonly string[] = ['items']): unknown[] {
  if (wrapper === null || wrapper === undefined) return [];
  // A repeated wrapper (soap's array of them); nested arrays do not come from a parser.
  if (Array.isArray(wrapper)) return wrapper.flatMap((w) => (Array.isArray(w) ? [] : list(w, names)));
  if (!isObj(wrapper)) return [];
  for (const n of names) {
    const v = field(wrapper, n);
    if (v !== undefined) return (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined);
  }
  return [];
}

const ITEM_NAMES = ['items', 'item'] as const;

function listOf<T>(wrapper: unknown, fn: (raw: unknown) => T | undefined): T[] {
  const out: T[] = [];
  for (const raw of list(wrapper, ITEM_NAMES)) {
    const v = fn(raw);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** Sets out[key] = value unless value is undefined (keeps optional fields absent). */
function put<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

// ---------------------------------------------------------------------------
// Job-detail records: coerced field by field with the schema tables (schema.ts), so a
// boolean option is a boolean and a handle array an array; unknown fields are kept.

const fieldTypes = new Map<string, Map<string, string>>(Object.entries(types).map(([name, fields]) => [name, new Map(fields.map((f) => [f[0], f[1]]))]));

function generic(v: unknown, depth = 0): DetailValue | undefined {
  if (depth > MAX_RECORD_DEPTH) return undefined;
  if (Array.isArray(v)) return v.map((x) => generic(x, depth + 1)).filter((x): x is DetailValue => x !== undefined);
  if (isObj(v)) {
    const s = str(v);
    if (s !== undefined) return s;
    const keys = Object.keys(v).map(localName);
    if (keys.length > 0 && keys.every((k) => k === 'items' || k === 'item')) {
      return list(v, ITEM_NAMES)
        .map((x) => generic(x, depth + 1))
        .filter((x): x is DetailValue => x !== undefined);
    }
    const rec: DetailRecord = {};
    for (const [k, x] of Object.entries(v)) {
      const name = localName(k);
      if (SKIP.has(name)) continue;
      const g = generic(x, depth + 1);
      if (g !== undefined) rec[name] = g;
    }
    return rec;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return str(v);
}

function typed(typeName: string, v: unknown, depth: number): DetailValue | undefined {
  if (depth > MAX_RECORD_DEPTH) return undefined;
  if (typeName in XSD) {
    const s = str(v);
    if (s === undefined) return undefined;
    switch (typeName) {
      case 'i':
      case 'l':
      case 'd':
        return num(v) ?? s;
      case 'b':
        return bool(v) ?? s;
      case 'dt':
        return date(v) ?? s;
      default:
        return s;
    }
  }
  const itemType = arrays[typeName];
  if (itemType !== undefined) {
    return list(v, ITEM_NAMES)
      .map((x) => typed(itemType, x, depth + 1))
      .filter((x): x is DetailValue => x !== undefined);
  }
  if (fieldTypes.has(typeName)) return detailRecord(typeName, v, depth + 1);
  return generic(v, depth + 1);
}

/** A job-detail (or option) record of the given schema type; {} for an empty element. */
export function detailRecord(typeName: string, raw: unknown, depth = 0): DetailRecord {
  const out: DetailRecord = {};
  if (!isObj(raw) || depth > MAX_RECORD_DEPTH) return out;
  const known = fieldTypes.get(typeName);
  for (const [k, v] of Object.entries(raw)) {
    const name = localName(k);
    if (SKIP.has(name)) continue;
    const t = known?.get(name);
    const val = t !== undefined ? typed(t, v, depth + 1) : generic(v, depth + 1);
    if (val !== undefined) out[name] = val;
  }
  return out;
}

/** Copies the job-detail element present (imageServingRenderJob read as imageRenderingPublishJob). */
function putDetails(out: ActiveJob | ScheduledJob, raw: Obj): void {
  for (const el of JOB_DETAIL_ELEMENTS) {
    let v = field(raw, el);
    if (v === undefined && el === 'imageRenderingPublishJob') v = field(raw, 'imageServingRenderJob');
    if (v === undefined) continue;
    if (Array.isArray(v)) v = v[0];
    const typeName = el.charAt(0).toUpperCase() + el.slice(1);
    out[el] = detailRecord(typeName, v);
  }
}

// ---------------------------------------------------------------------------
// Domain records.

/** How a scalar field is read by its schema type, and what a required one is when absent. */
const READ: Record<string, (v: unknown) => string | number | boolean | undefined> = { s: str, i: num, l: num, d: num, b: bool, dt: date };
const ABSENT: Record<string, string | number | boolean> = { s: '', i: 0, l: 0, d: 0, b: false };

type Plan = Array<[name: string, read: (v: unknown) => string | number | boolean | undefined, absent: string | number | boolean | undefined]>;

/**
 * How to read the scalar fields of schema type `typeName` (schema.ts), each by its type:
 * those in `required` are '' / 0 / false when absent, the others are left out. Fields of
 * complex types (arrays, nested records) are the caller's.
 */
function plan(typeName: string, required: readonly string[]): Plan {
  return types[typeName]!.filter(([, type]) => READ[type]).map(([name, type]) => [name, READ[type]!, required.includes(name) ? ABSENT[type] : undefined]);
}

/**
 * A record read by `fields`, then each of `lists` read with its item reader: always there
 * ([] when absent), or with `whenPresent` only when the answer has it. Not an object: undefined.
 */
function record<T>(raw: unknown, fields: Plan, lists: Record<string, (item: unknown) => unknown> = {}, whenPresent = false): T | undefined {
  if (!isObj(raw)) return undefined;
  const out: Obj = {};
  for (const [name, read, absent] of fields) {
    const v = read(field(raw, name)) ?? absent;
    if (v !== undefined) out[name] = v;
  }
  for (const name in lists) {
    const wrapper = field(raw, name);
    if (wrapper !== undefined || !whenPresent) out[name] = listOf(wrapper, lists[name]!);
  }
  return out as T;
}

const TASK_ITEM = plan('TaskItemProgress', ['itemName', 'progress', 'progressMessage']);
const TASK = plan('TaskProgress', ['taskType', 'taskState', 'numProcessed', 'numProcessing', 'numPending', 'progress', 'progressMessage']);
const ACTIVE = plan('ActiveJob', ['companyHandle', 'jobHandle', 'name', 'originalName', 'type', 'state']);
const SCHEDULED = plan('ScheduledJob', ['companyHandle', 'jobHandle', 'name', 'originalName', 'type']);
const AUX = plan('JobLogDetailAux', ['logMessage', 'logType']);
const DETAIL = plan('JobLogDetail', ['logMessage', 'logType']);
/** A job log's names and every count are never absent ('' / 0 / false). */
const JOB_LOG = plan('JobLog', [
  ...['companyHandle', 'jobHandle', 'jobName', 'originalJobName', 'fatalError'],
  ...['fileSuccessCount', 'fileErrorCount', 'fileWarningCount', 'fileDuplicateCount', 'fileUpdateCount', 'totalFileCount'],
  ...['transferSuccessCount', 'transferErrorCount', 'transferWarningCount'],
]);
const ASSET_JOB_LOG = plan('AssetJobLog', ['jobHandle', 'jobName', 'logMessage', 'logType']);
const ASSET = plan('Asset', ['assetHandle']);
const COMPANY = plan('Company', ['companyHandle', 'name']);
const USER = plan('User', ['userHandle', 'email']);

export function taskItemProgress(raw: unknown): TaskItemProgress | undefined {
  return record(raw, TASK_ITEM);
}

export function taskProgress(raw: unknown): TaskProgress | undefined {
  return record(raw, TASK, { taskItemProgressArray: taskItemProgress });
}

export function activeJob(raw: unknown): ActiveJob | undefined {
  const out = record<ActiveJob>(raw, ACTIVE, { taskProgressArray: taskProgress });
  if (!out) return undefined;
  // A number where the server sends one, else the text (types.md #3).
  const size = field(raw, 'totalSize');
  put(out, 'totalSize', num(size) ?? str(size));
  putDetails(out, raw as Obj);
  return out;
}

export function scheduledJob(raw: unknown): ScheduledJob | undefined {
  const out = record<ScheduledJob>(raw, SCHEDULED);
  if (out) putDetails(out, raw as Obj);
  return out;
}

export function jobLogDetailAux(raw: unknown): JobLogDetailAux | undefined {
  return record(raw, AUX);
}

export function jobLogDetail(raw: unknown): JobLogDetail | undefined {
  return record(raw, DETAIL, { auxArray: jobLogDetailAux }, true);
}

export function jobLog(raw: unknown): JobLog | undefined {
  return record(raw, JOB_LOG, { detailArray: jobLogDetail }, true);
}

/** One entry of getAssetJobLogs (no domain type yet; see client.ts AssetJobLog). */
export interface AssetJobLog {
  jobHandle: string;
  jobName: string;
  logMessage: string;
  logType: string;
  submitUserEmail?: string;
  logDate?: IsoDate;
  auxArray?: JobLogDetailAux[];
}

export function assetJobLog(raw: unknown): AssetJobLog | undefined {
  return record(raw, ASSET_JOB_LOG, { auxArray: jobLogDetailAux }, true);
}

export interface AssetRef {
  assetHandle: string;
  type?: string;
  name?: string;
}

export function asset(raw: unknown): AssetRef | undefined {
  return record(raw, ASSET);
}

export function company(raw: unknown): Company | undefined {
  return record(raw, COMPANY);
}

/** 2014-04-03 shape (items with a `company` child) or the pre-6.0 shape (Company fields directly). */
export function companyMembership(raw: unknown): CompanyMembership | undefined {
  if (!isObj(raw)) return undefined;
  const nested = field(raw, 'company');
  const c = company(isObj(nested) ? nested : raw);
  if (!c) return undefined;
  const out: CompanyMembership = { company: c };
  put(out, 'role', str(field(raw, 'role')));
  put(out, 'isActive', bool(field(raw, 'isActive')));
  return out;
}

export function user(raw: unknown): User | undefined {
  const out = record<User>(raw, USER);
  if (!out) return undefined;
  // Older servers name it `role`.
  put(out, 'defaultRole', out.defaultRole ?? str(field(raw, 'role')));
  return out;
}

// ---------------------------------------------------------------------------
// Whole return elements (the object soap hands back for `<opReturn>`).

export const activeJobs = (ret: unknown): ActiveJob[] => listOf(field(ret, 'jobArray'), activeJob);
export const scheduledJobs = (ret: unknown): ScheduledJob[] => listOf(field(ret, 'jobArray'), scheduledJob);
export const jobLogs = (ret: unknown): JobLog[] => listOf(field(ret, 'jobLogArray'), jobLog);
export const assetJobLogs = (ret: unknown): AssetJobLog[] => listOf(field(ret, 'jobLogArray'), assetJobLog);
export const assets = (ret: unknown): AssetRef[] => listOf(field(ret, 'assetArray'), asset);
export const companyMemberships = (ret: unknown): CompanyMembership[] => listOf(field(ret, 'membershipArray') ?? field(ret, 'companyArray'), companyMembership);
