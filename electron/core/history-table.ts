// Finished jobs, stored compactly: one row per job in columns (typed arrays for dates, counts
// and interned values; plain arrays only for the strings that differ per job), materialized to
// the same `Job` on demand. A finished job is ~1 KB as objects (its Job, its JobLog, ISO date
// strings, the last ActiveJob); a row here is ~150–250 B. What a row keeps: every field of the
// Job and of its JobLog, losslessly (an ISO date that would not print back the same, a count
// that is no int32, a 65,536th distinct value… is kept as it came, in a side map). What it does
// not keep: the last `active` and `scheduled` records of a finished job (the detail view reads
// the log through getJobLogDetails).
import { JOB_LOG_FIELDS, type Job } from '../../shared/domain.ts';

/** A row's cell: absent, a value in the column, the same as another field, or kept as is in the side map. */
const ABSENT = 0;
const VALUE = 1;
const SAME = 2;
const OTHER = 3;

type Kind = 'date' | 'int' | 'id' | 'str' | 'bool';

interface Spec {
  field: string;
  kind: Kind;
  /** For log fields: the Job field this one usually equals (stored as SAME, nothing else). */
  same?: string;
}

/** The Job's own fields, in the order a materialized Job lists them. `jobHandle` is SAME as the key's tail. */
const JOB_SPECS: readonly Spec[] = [
  { field: 'companyHandle', kind: 'id' },
  { field: 'jobHandle', kind: 'str', same: '' },
  { field: 'name', kind: 'str' },
  { field: 'originalName', kind: 'str', same: 'name' },
  { field: 'type', kind: 'id' },
  { field: 'detailElement', kind: 'id' },
  { field: 'submitUserEmail', kind: 'id' },
  { field: 'phase', kind: 'id' },
  { field: 'outcome', kind: 'id' },
  { field: 'startDate', kind: 'date' },
  { field: 'endDate', kind: 'date' },
  { field: 'firstSeen', kind: 'date' },
  { field: 'updatedAt', kind: 'date' },
  { field: 'destination', kind: 'str' },
];

/** How a JobLog field is kept (counts and detailTotalRows are ints), and the Job field it usually equals. */
const LOG_KIND: Partial<Record<string, Kind>> = {
  jobHandle: 'str',
  jobName: 'str',
  originalJobName: 'str',
  description: 'str',
  startDate: 'date',
  endDate: 'date',
  fatalError: 'bool',
};
const LOG_SAME: Partial<Record<string, string>> = {
  companyHandle: 'companyHandle',
  jobHandle: 'jobHandle',
  jobName: 'name',
  originalJobName: 'originalName',
  submitUserEmail: 'submitUserEmail',
  startDate: 'startDate',
  endDate: 'endDate',
};
const ID_FIELDS = new Set(['companyHandle', 'submitUserEmail', 'logType', 'jobSubType']);

/** The JobLog's fields, in its order (detailArray is getJobLogDetails' only, never on the board). */
const LOG_SPECS: readonly Spec[] = JOB_LOG_FIELDS.filter((f) => f !== 'detailArray').map((field) => {
  const same = LOG_SAME[field];
  const kind = ID_FIELDS.has(field) ? 'id' : (LOG_KIND[field] ?? 'int');
  return same ? { field, kind, same } : { field, kind };
});

/** Fields of a finished job not kept at all. */
const DROPPED = new Set(['active', 'scheduled', 'log']);

type Values = Float64Array | Uint16Array | Uint8Array | (string | undefined)[];

/** One column: a tag per row, the values (allocated on the first VALUE), odd values by row. */
class Column {
  /** Allocated on the first cell that is not absent (many fields never occur). */
  tags: Uint8Array | undefined;
  values: Values | undefined;
  other: Map<number, unknown> | undefined;
  readonly spec: Spec;
  constructor(spec: Spec) {
    this.spec = spec;
  }
  grow(cap: number): void {
    if (this.tags) {
      const t = new Uint8Array(cap);
      t.set(this.tags);
      this.tags = t;
    }
    const v = this.values;
    if (v && !Array.isArray(v)) {
      const n = new (v.constructor as new (n: number) => Exclude<Values, unknown[]>)(cap);
      n.set(v);
      this.values = n;
    }
  }
  alloc(cap: number): Values {
    if (this.values) return this.values;
    const k = this.spec.kind;
    this.values = k === 'date' ? new Float64Array(cap) : k === 'int' || k === 'id' ? new Uint16Array(cap) : k === 'bool' ? new Uint8Array(cap) : [];
    return this.values;
  }
  tag(row: number, tag: number, cap: number): void {
    (this.tags ??= new Uint8Array(cap))[row] = tag;
  }
  clear(row: number): void {
    if (!this.tags) return;
    this.tags[row] = ABSENT;
    this.other?.delete(row);
    if (Array.isArray(this.values)) this.values[row] = undefined;
  }
}

// Counts 0–65,535 and ids sit in Uint16 columns; a larger count is kept as is (OTHER).

/** A date that prints back as the same text (what IPS and the board store): its ms, else NaN. */
function isoMs(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 24) return NaN;
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v ? t : NaN;
}

/** Repeated short values (company, type, user, outcome…), shared by every id column. */
class Interned {
  readonly list: string[] = [''];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      if (this.list.length > 0xffff) return 0;
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

export class HistoryTable {
  private cap = 0;
  private readonly rows = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly strings = new Interned();
  private readonly job: Column[] = JOB_SPECS.map((s) => new Column(s));
  private readonly log: Column[] = LOG_SPECS.map((s) => new Column(s));
  /** Rows with a log. */
  private hasLog = new Uint8Array(0);
  /** The board's finish time of each row (ms; NaN until the board sets it): see FinishedIndex. */
  private at = new Float64Array(0);
  private atCount = 0;
  /** Fields no spec names (another module's additions), by field: row → value. */
  private readonly extraJob = new Map<string, Map<number, unknown>>();
  private readonly extraLog = new Map<string, Map<number, unknown>>();

  get size(): number {
    return this.rows.size;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** The stored instance of `key` (callers share it rather than keep an equal copy). */
  keyOf(key: string): string | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.keys[row];
  }

  keysIter(): IterableIterator<string> {
    return this.rows.keys();
  }

  /** Store (or replace) a finished job. */
  set(key: string, job: Job): void {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.free.pop() ?? this.grow();
      this.rows.set(key, row);
      this.keys[row] = key;
    } else this.clearRow(row);
    const j = job as unknown as Record<string, unknown>;
    const tail = job.companyHandle !== undefined && key === `${job.companyHandle}\u0000${job.jobHandle}` ? job.jobHandle : undefined;
    for (const c of this.job) this.put(c, row, j[c.spec.field], c.spec.same === '' ? tail : c.spec.same ? j[c.spec.same] : undefined);
    for (const f of Object.keys(j)) if (!DROPPED.has(f) && !JOB_FIELDS.has(f) && j[f] !== undefined) extra(this.extraJob, f).set(row, j[f]);
    const l = job.log as unknown as Record<string, unknown> | undefined;
    this.hasLog[row] = l ? 1 : 0;
    if (!l) return;
    for (const c of this.log) this.put(c, row, l[c.spec.field], c.spec.same ? j[c.spec.same] : undefined);
    for (const f of Object.keys(l)) if (!LOG_FIELDS.has(f) && l[f] !== undefined) extra(this.extraLog, f).set(row, l[f]);
  }

  /** The job as it was stored (a new object each call). */
  get(key: string): Job | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.materialize(row);
  }

  /** The row's finish time, if set. */
  atOf(key: string): number | undefined {
    const row = this.rows.get(key);
    const t = row === undefined ? NaN : this.at[row]!;
    return Number.isNaN(t) ? undefined : t;
  }

  /** Set a row's finish time; false when the key has no row. */
  setAt(key: string, at: number): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    if (Number.isNaN(this.at[row]!)) this.atCount++;
    this.at[row] = at;
    return true;
  }

  /** Clear a row's finish time; true when it was set. */
  clearAt(key: string): boolean {
    const row = this.rows.get(key);
    if (row === undefined || Number.isNaN(this.at[row]!)) return false;
    this.at[row] = NaN;
    this.atCount--;
    return true;
  }

  /** Rows whose finish time is set. */
  get atSize(): number {
    return this.atCount;
  }

  *atEntries(): IterableIterator<[string, number]> {
    for (const [k, row] of this.rows) {
      const t = this.at[row]!;
      if (!Number.isNaN(t)) yield [k, t];
    }
  }

  delete(key: string): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    this.clearAt(key);
    this.rows.delete(key);
    this.clearRow(row);
    this.keys[row] = undefined;
    this.free.push(row);
    return true;
  }

  *values(): IterableIterator<Job> {
    for (const row of this.rows.values()) yield this.materialize(row);
  }

  *entries(): IterableIterator<[string, Job]> {
    for (const [k, row] of this.rows) yield [k, this.materialize(row)];
  }

  private grow(): number {
    const row = this.rows.size + this.free.length;
    if (row >= this.cap) {
      this.cap = Math.max(1024, this.cap * 2);
      for (const c of this.job) c.grow(this.cap);
      for (const c of this.log) c.grow(this.cap);
      const h = new Uint8Array(this.cap);
      h.set(this.hasLog);
      this.hasLog = h;
      const a = new Float64Array(this.cap).fill(NaN);
      a.set(this.at);
      this.at = a;
    }
    return row;
  }

  private clearRow(row: number): void {
    for (const c of this.job) c.clear(row);
    for (const c of this.log) c.clear(row);
    for (const m of this.extraJob.values()) m.delete(row);
    for (const m of this.extraLog.values()) m.delete(row);
    this.hasLog[row] = 0;
  }

  private put(c: Column, row: number, v: unknown, same: unknown): void {
    if (v === undefined) return;
    if (c.spec.same !== undefined && v === same) {
      c.tag(row, SAME, this.cap);
      return;
    }
    const k = c.spec.kind;
    let ok = false;
    if (k === 'date') {
      const t = isoMs(v);
      if ((ok = !Number.isNaN(t))) (c.alloc(this.cap) as Float64Array)[row] = t;
    } else if (k === 'int') {
      if ((ok = typeof v === 'number' && v >= 0 && v <= 0xffff && (v | 0) === v && !Object.is(v, -0))) (c.alloc(this.cap) as Uint16Array)[row] = v;
    } else if (k === 'id') {
      const id = typeof v === 'string' ? this.strings.id(v) : 0;
      if ((ok = id > 0)) (c.alloc(this.cap) as Uint16Array)[row] = id;
    } else if (k === 'bool') {
      if ((ok = typeof v === 'boolean')) (c.alloc(this.cap) as Uint8Array)[row] = v ? 1 : 0;
    } else if (typeof v === 'string') {
      ok = true;
      (c.alloc(this.cap) as (string | undefined)[])[row] = v;
    }
    if (ok) c.tag(row, VALUE, this.cap);
    else {
      c.tag(row, OTHER, this.cap);
      (c.other ??= new Map()).set(row, v);
    }
  }

  private cell(c: Column, row: number, out: Record<string, unknown>, from: Record<string, unknown>): void {
    const tag = c.tags?.[row] ?? ABSENT;
    if (tag === ABSENT) return;
    const f = c.spec.field;
    if (tag === SAME) {
      const s = c.spec.same!;
      out[f] = s === '' ? this.keys[row]!.slice((from.companyHandle as string).length + 1) : from[s];
    } else if (tag === OTHER) out[f] = c.other!.get(row);
    else {
      const v = c.values!;
      const k = c.spec.kind;
      out[f] =
        k === 'date'
          ? new Date((v as Float64Array)[row]!).toISOString()
          : k === 'id'
            ? this.strings.list[(v as Uint16Array)[row]!]
            : k === 'bool'
              ? (v as Uint8Array)[row] === 1
              : v[row];
    }
  }

  private materialize(row: number): Job {
    const j: Record<string, unknown> = { key: this.keys[row] };
    for (const c of this.job) this.cell(c, row, j, j);
    if (this.hasLog[row]) {
      const l: Record<string, unknown> = {};
      for (const c of this.log) this.cell(c, row, l, j);
      for (const [f, m] of this.extraLog) if (m.has(row)) l[f] = m.get(row);
      j.log = l;
    }
    for (const [f, m] of this.extraJob) if (m.has(row)) j[f] = m.get(row);
    return j as unknown as Job;
  }
}

const JOB_FIELDS = new Set(['key', ...JOB_SPECS.map((s) => s.field)]);
const LOG_FIELDS = new Set(LOG_SPECS.map((s) => s.field));

function extra(m: Map<string, Map<number, unknown>>, field: string): Map<number, unknown> {
  let x = m.get(field);
  if (!x) m.set(field, (x = new Map()));
  return x;
}
